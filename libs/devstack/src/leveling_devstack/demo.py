"""The `make run` demo: send the sample jobs as signed Greenhouse webhooks, print decisions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from leveling_devstack.samples import sample_jobs
from leveling_devstack.stack import StackConfig, bundled_seeds
from leveling_devstack.webhooks import send_greenhouse_webhook

__all__ = ["format_decision_row", "run_demo"]

_COLUMNS = ("requisition", "title", "profile", "level", "band", "confidence", "status")
_WIDTHS = (20, 38, 30, 6, 26, 10, 14)


def _line(cells: tuple[str, ...]) -> str:
    return "  ".join(cell[:width].ljust(width) for cell, width in zip(cells, _WIDTHS, strict=True))


def _band(decision: dict[str, Any]) -> str:
    band = decision.get("band")
    if not band:
        return "—"
    return (
        f"{band['currency']} {float(band['min']):,.0f}-{float(band['max']):,.0f} ({band['zone']})"
    )


def format_decision_row(decision: dict[str, Any], title: str) -> str:
    profile = (decision.get("profile") or {}).get("name") or "—"
    return _line(
        (
            decision["requisition_key"],
            title,
            profile,
            decision.get("level") or "—",
            _band(decision),
            f"{float(decision['confidence']):.2f}",
            decision["status"],
        )
    )


async def _send_all(config: StackConfig, jobs: list[dict[str, Any]]) -> None:
    target = f"{config.url('leveler')}/v1/webhooks/greenhouse"
    async with httpx.AsyncClient(timeout=10.0) as client:
        for job in jobs:
            response = await send_greenhouse_webhook(
                target, config.greenhouse_secret, "job_created", job, client=client
            )
            if response.status_code >= 300:
                raise RuntimeError(f"job {job['id']} refused: {response.status_code}")


async def _collect(
    config: StackConfig,
    titles: dict[str, str],
    emit: Callable[[str], None],
    seconds: float,
) -> set[str]:
    pending = dict(titles)
    headers = {"Authorization": f"Bearer {config.admin_token}"}
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=config.url("leveler"), headers=headers) as client:
        while pending and time.monotonic() < deadline:
            for key in list(pending):
                response = await client.get(f"/v1/requisitions/{key}/decision")
                if response.status_code == 200:
                    emit(format_decision_row(response.json(), pending.pop(key)))
            await asyncio.sleep(0.2)
    return set(pending)


def run_demo(
    config: StackConfig, emit: Callable[[str], None] = print, *, seconds: float = 45.0
) -> bool:
    """Send every sample job and print one row per decision; False if some never arrived."""
    jobs = sample_jobs(bundled_seeds())
    titles = {f"greenhouse:{job['id']}": str(job["name"]) for job in jobs}
    emit(f"Sending {len(jobs)} jobs to the leveler as signed Greenhouse job_created webhooks…")
    emit("")
    emit(_line(_COLUMNS))
    emit(_line(tuple("-" * width for width in _WIDTHS)))
    asyncio.run(_send_all(config, jobs))
    missing = asyncio.run(_collect(config, titles, emit, seconds))
    for key in sorted(missing):
        emit(f"{key}: no decision within {seconds:.0f}s (see var/logs/)")
    return not missing
