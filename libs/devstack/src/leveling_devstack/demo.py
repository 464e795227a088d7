"""The `make run` demo: send the sample jobs as signed Greenhouse webhooks, one as an Ashby
job and one as a Lever requisition, and print the decisions as a table."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
from tabulate import tabulate

from leveling_devstack.other_ats import ashby_job, lever_requisition
from leveling_devstack.samples import handwritten_jobs, sample_jobs
from leveling_devstack.stack import StackConfig, bundled_seeds
from leveling_devstack.webhooks import send_ashby_webhook, send_greenhouse_webhook

__all__ = ["decision_row", "decision_table", "run_demo"]

_COLUMNS = ("requisition", "title", "profile", "level", "band", "confidence", "status")


def _band(decision: dict[str, Any]) -> str:
    band = decision.get("band")
    if not band:
        return "—"
    return (
        f"{band['currency']} {float(band['min']):,.0f}-{float(band['max']):,.0f} ({band['zone']})"
    )


def decision_row(decision: dict[str, Any], title: str) -> tuple[str, ...]:
    profile = (decision.get("profile") or {}).get("name") or "—"
    return (
        decision["requisition_key"],
        title,
        profile,
        decision.get("level") or "—",
        _band(decision),
        f"{float(decision['confidence']):.2f}",
        decision["status"],
    )


def decision_table(rows: list[tuple[str, ...]]) -> str:
    """The rows as a table whose columns fit their widest cell."""
    return tabulate(rows, headers=_COLUMNS, tablefmt="simple", disable_numparse=True)


async def _send_all(config: StackConfig, jobs: list[dict[str, Any]]) -> None:
    target = f"{config.url('leveler')}/v1/webhooks/greenhouse"
    async with httpx.AsyncClient(timeout=10.0) as client:
        for job in jobs:
            response = await send_greenhouse_webhook(
                target, config.greenhouse_secret, "job_created", job, client=client
            )
            if response.status_code >= 300:
                raise RuntimeError(f"job {job['id']} refused: {response.status_code}")


async def _send_to_ashby_and_lever(config: StackConfig) -> dict[str, str]:
    """One sample job as an Ashby webhook and one as a Lever requisition (found by the
    leveler's next poll); their requisition keys and titles."""
    ashby = ashby_job(handwritten_jobs()[1])
    requisition, posting = lever_requisition(handwritten_jobs()[0])
    async with httpx.AsyncClient(base_url=config.ats_url, timeout=10.0) as ats:
        (await ats.post(f"/sandbox/ashby/jobs/{ashby['id']}")).raise_for_status()
        (await ats.post("/sandbox/lever/postings", json=posting)).raise_for_status()
        (await ats.post("/sandbox/lever/requisitions", json=requisition)).raise_for_status()
    target = f"{config.url('leveler')}/v1/webhooks/ashby"
    response = await send_ashby_webhook(target, config.ashby_secret, "jobCreate", ashby)
    if response.status_code >= 300:
        raise RuntimeError(f"Ashby job {ashby['id']} refused: {response.status_code}")
    return {
        f"ashby:{ashby['id']}": ashby["title"],
        f"lever:{requisition['id']}": requisition["name"],
    }


async def _collect(
    config: StackConfig,
    titles: dict[str, str],
    rows: list[tuple[str, ...]],
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
                    rows.append(decision_row(response.json(), pending.pop(key)))
            await asyncio.sleep(0.2)
    return set(pending)


def run_demo(
    config: StackConfig, emit: Callable[[str], None] = print, *, seconds: float = 45.0
) -> bool:
    """Send every sample job and print one row per decision; False if some never arrived."""
    jobs = sample_jobs(bundled_seeds())
    titles = {f"greenhouse:{job['id']}": str(job["name"]) for job in jobs}
    emit(f"Sending {len(jobs)} jobs to the leveler as signed Greenhouse job_created webhooks,")
    emit("one as an Ashby jobCreate webhook and one as a requisition in Lever (polled)…")
    asyncio.run(_send_all(config, jobs))
    titles |= asyncio.run(_send_to_ashby_and_lever(config))
    rows: list[tuple[str, ...]] = []
    missing = asyncio.run(_collect(config, titles, rows, seconds))
    emit("")
    emit(decision_table(rows))
    for key in sorted(missing):
        emit(f"{key}: no decision within {seconds:.0f}s (see var/logs/)")
    return not missing
