"""The read side: current decision, history, and the review queue with opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from leveler.service_layer.errors import LevelerError, NotFound
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.events import DecisionData

__all__ = ["BadCursor", "Page", "current_decision", "decision_history", "decisions_with_status"]


class BadCursor(LevelerError):
    pass


@dataclass(frozen=True)
class Page:
    items: list[DecisionData]
    next_cursor: str | None


async def current_decision(uow: AbstractUnitOfWork, requisition_key: str) -> DecisionData:
    async with uow:
        req = await uow.requisitions.get(requisition_key)
        if req is None or req.current_decision_id is None:
            raise NotFound(f"no decision yet for {requisition_key!r}")
        found = await uow.decisions.get_many([req.current_decision_id])
    return found[req.current_decision_id]


async def decision_history(uow: AbstractUnitOfWork, requisition_key: str) -> list[DecisionData]:
    async with uow:
        history = await uow.decisions.history(requisition_key)
    if not history:
        raise NotFound(f"no decision yet for {requisition_key!r}")
    return history


def _encode(position: tuple[datetime, str]) -> str:
    raw = json.dumps([position[0].isoformat(), position[1]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decided_at, decision_id = json.loads(raw)
        position = datetime.fromisoformat(decided_at)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor("the cursor is not one this API returned") from exc
    if position.tzinfo is None:
        raise BadCursor("the cursor is not one this API returned")
    return position, str(decision_id)


async def decisions_with_status(
    uow: AbstractUnitOfWork, *, status: str, limit: int, cursor: str | None
) -> Page:
    """Current decisions of open requisitions in `status`, oldest first (a work queue)."""
    after = _decode(cursor) if cursor else None
    async with uow:
        items = await uow.decisions.current_with_status(status=status, after=after, limit=limit)
    last = items[-1] if len(items) == limit else None
    return Page(items, _encode((last.decided_at, last.decision_id)) if last else None)
