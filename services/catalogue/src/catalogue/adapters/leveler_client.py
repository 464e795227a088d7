"""The leveler, asked over HTTP which open requisitions a draft band set would move.

The catalogue never reads the leveler's tables: the leveler answers from its own state
(`POST /v1/impact/band-set`) and stores nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from catalogue.domain.pay import Band, BandSet
from catalogue.service_layer.snapshot import band_set_snapshot

__all__ = ["BandRange", "LevelerImpactClient", "LevelerUnavailable", "RequisitionMove"]


class LevelerUnavailable(Exception):
    """The leveler did not answer, or answered with an error."""


@dataclass(frozen=True, slots=True)
class BandRange:
    min: Decimal
    max: Decimal
    currency: str
    zone: str

    @classmethod
    def of(cls, band: dict[str, Any] | None) -> BandRange | None:
        if band is None:
            return None
        return cls(Decimal(band["min"]), Decimal(band["max"]), band["currency"], band["zone"])


@dataclass(frozen=True, slots=True)
class RequisitionMove:
    requisition_key: str
    title: str
    level: str | None
    before: BandRange | None
    after: BandRange | None


class LevelerImpactClient:
    def __init__(self, base_url: str, token: str, *, timeout_seconds: float) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout_seconds,
        )

    async def moves_for(self, draft: BandSet, *, bands: Sequence[Band]) -> list[RequisitionMove]:
        """The open requisitions `draft` would move, `bands` being its effective bands."""
        body = band_set_snapshot(draft, [draft], bands=bands).model_dump(mode="json")
        try:
            response = await self._http.post("/v1/impact/band-set", json=body)
        except httpx.HTTPError as exc:
            raise LevelerUnavailable(f"the leveler did not answer ({type(exc).__name__})") from exc
        if response.status_code != 200:
            raise LevelerUnavailable(f"the leveler answered {response.status_code}")
        return [
            RequisitionMove(
                requisition_key=move["requisition_key"],
                title=move["title"],
                level=move["level"],
                before=BandRange.of(move["before"]),
                after=BandRange.of(move["after"]),
            )
            for move in response.json()["moves"]
        ]

    async def aclose(self) -> None:
        await self._http.aclose()
