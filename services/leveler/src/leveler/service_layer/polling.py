"""Requisitions read by polling an ATS (Lever has no requisition webhooks) go through intake.

Each pass submits every requisition the feed lists; intake recognises a version it has
already accepted by its delivery id and a content it already holds by its fingerprint, so a
pass over unchanged requisitions publishes nothing and several pollers can run at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from leveler.service_layer.intake import Submission, submit
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.events import RequisitionData

__all__ = ["PolledRequisition", "RequisitionFeed", "poll_once"]


@dataclass(frozen=True)
class PolledRequisition:
    delivery_id: str
    """Names this version of the requisition (its id and its last change)."""
    data: RequisitionData


class RequisitionFeed(Protocol):
    def __aiter__(self) -> AsyncIterator[PolledRequisition]: ...


async def poll_once(
    feed: RequisitionFeed,
    uow_factory: Callable[[], AbstractUnitOfWork],
    *,
    source: str,
    topic: str,
    clock: Callable[[], datetime],
) -> dict[str, int]:
    """One pass over the feed; how many requisitions were accepted, unchanged or repeats."""
    outcomes: Counter[str] = Counter()
    async for polled in feed:
        submission = Submission(source, polled.delivery_id, None, polled.data)
        result = await submit(uow_factory(), submission, topic=topic, at=clock())
        outcomes[result.value] += 1
    return dict(sorted(outcomes.items()))
