"""Intake: a requisition from an ATS (or any system) becomes a durable event in the outbox.

The answer to the caller is given only after the commit, so an accepted delivery is never
lost and a repeated one is recognised by its delivery id.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime

from leveler.service_layer.requisitions import content_hash, effective_data
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, IntakeState, OutgoingEvent
from leveling_common.events import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_UPDATED,
    CloudEvent,
    RequisitionData,
)
from leveling_common.tracing import current_traceparent

__all__ = ["IntakeResult", "Submission", "submit"]


class IntakeResult(enum.Enum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Submission:
    source: str
    delivery_id: str | None
    event_type: str | None
    """None: opened for a key never seen, updated otherwise (closed if its status says so)."""
    data: RequisitionData


def _event_id(submission: Submission) -> str:
    if submission.delivery_id is None:
        return str(uuid.uuid4())
    # Stable per delivery: even a publish repeated by the relay carries the same id.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{submission.source}:{submission.delivery_id}"))


def _unchanged(state: IntakeState, fingerprint: str) -> bool:
    """True when both the decided snapshot and the last accepted version equal this one.

    Comparing with the last accepted version too means a job edited and then edited back
    before the worker caught up is still published.
    """
    if state.stored_hash != fingerprint:
        return False
    return state.accepted_hash is None or state.accepted_hash == fingerprint


def _event_type(submission: Submission, data: RequisitionData, *, known: bool) -> str:
    if data.status == "closed":
        return REQUISITION_CLOSED
    if submission.event_type is not None:
        return submission.event_type
    return REQUISITION_UPDATED if known else REQUISITION_OPENED


async def submit(
    uow: AbstractUnitOfWork, submission: Submission, *, topic: str, at: datetime
) -> IntakeResult:
    """Publish the requisition through the outbox unless it is a repeat or changes nothing."""
    data = effective_data(submission.event_type or "", submission.data)
    fingerprint = content_hash(data)
    key = data.requisition_key
    async with uow:
        state = await uow.intake_state(
            source=submission.source, delivery_id=submission.delivery_id, requisition_key=key
        )
        if state.receipt_seen:
            return IntakeResult.DUPLICATE
        result = IntakeResult.ACCEPTED
        if _unchanged(state, fingerprint):
            result = IntakeResult.UNCHANGED
        else:
            known = state.stored_hash is not None or state.accepted_hash is not None
            event = CloudEvent[RequisitionData](
                id=_event_id(submission),
                source=f"/leveler/intake/{submission.source}",
                type=_event_type(submission, data, known=known),
                subject=key,
                time=at,
                data=data,
                traceparent=current_traceparent(),
            )
            await uow.emit([OutgoingEvent(topic=topic, key=key, event=event)])
            await uow.remember_fingerprint(key, fingerprint, at=at)
        if submission.delivery_id is not None:
            await uow.record_receipt(
                source=submission.source,
                delivery_id=submission.delivery_id,
                requisition_key=key,
                outcome=result.value,
            )
        await uow.commit()
    return result
