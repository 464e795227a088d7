"""Reads the console needs beyond the API's: the queue newest first, a requisition's snapshot."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from leveler.service_layer import queries
from leveler.service_layer.errors import NotFound
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, StoredRequisition
from leveling_common.events import DecisionData

__all__ = ["Queue", "history", "newest_first", "requisition"]

_SCAN_PAGE = 500


@dataclass(frozen=True)
class Queue:
    items: list[DecisionData]
    """The newest decisions in the status, newest first."""
    seen: int
    """How many decisions of that status were read."""
    complete: bool
    """False when the status holds more than the scan reads (the oldest are not counted)."""


async def newest_first(
    uow: Callable[[], AbstractUnitOfWork], *, status: str, show: int, max_pages: int = 20
) -> Queue:
    """Current decisions of open requisitions in `status`, newest first.

    The service pages them oldest first (a work queue), so the whole status is read in
    pages, keeping the newest `show`; a review queue stays small, the cap bounds the rest.
    """
    newest: deque[DecisionData] = deque(maxlen=show)
    seen = 0
    cursor: str | None = None
    for _ in range(max_pages):
        page = await queries.decisions_with_status(
            uow(), status=status, limit=_SCAN_PAGE, cursor=cursor
        )
        newest.extend(page.items)
        seen += len(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return Queue(items=list(reversed(newest)), seen=seen, complete=cursor is None)


async def requisition(uow: AbstractUnitOfWork, key: str) -> StoredRequisition | None:
    """The latest snapshot of a requisition, decided or not."""
    async with uow:
        return await uow.requisitions.get(key)


async def history(uow: AbstractUnitOfWork, key: str) -> list[DecisionData]:
    """Every decision version, newest first; empty while the requisition is undecided."""
    try:
        versions = await queries.decision_history(uow, key)
    except NotFound:
        return []
    return list(reversed(versions))
