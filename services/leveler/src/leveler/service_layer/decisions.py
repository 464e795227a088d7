"""Turning an engine outcome (or a human override) into the next immutable decision version."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from leveler.domain.outcome import BandChoice, Outcome
from leveler.service_layer.unit_of_work import OutgoingEvent, StoredRequisition
from leveling_common.events import (
    DECISION_MADE,
    BandRef,
    CloudEvent,
    DecisionData,
    PreviousOutcome,
    Signal,
)
from leveling_common.events.decision import DecisionReason

__all__ = [
    "EVENT_SOURCE",
    "band_changed",
    "carry_forward",
    "decision_event",
    "from_outcome",
]

EVENT_SOURCE = "/leveler"

BandLike = BandRef | BandChoice | None


def _band_key(band: BandLike) -> tuple[Decimal, Decimal, Decimal, str, str, str] | None:
    if band is None:
        return None
    return (
        Decimal(band.min),
        Decimal(band.mid),
        Decimal(band.max),
        band.currency,
        band.interval,
        band.zone,
    )


def band_changed(before: BandLike, after: BandLike) -> bool:
    """A new band set always has a new id; only amounts, currency, interval or zone count."""
    return _band_key(before) != _band_key(after)


def _context(
    req: StoredRequisition, previous: DecisionData | None, *, reason: DecisionReason, at: datetime
) -> dict[str, Any]:
    data = req.data
    return {
        "decision_id": str(uuid.uuid4()),
        "requisition_key": req.key,
        "decision_version": req.current_version + 1,
        "supersedes": previous.decision_id if previous else None,
        "reason": reason,
        "decided_at": at,
        "requisition_title": data.title,
        "source_system": data.source_system,
        "external_id": data.external_id,
        "location_name": data.location.name,
        "hiring_team": data.hiring_team,
        "previous": _previous(previous),
    }


def _previous(previous: DecisionData | None) -> PreviousOutcome | None:
    if previous is None:
        return None
    return PreviousOutcome(
        level=previous.level, band=previous.band, status=previous.status, flags=previous.flags
    )


def from_outcome(
    outcome: Outcome,
    *,
    req: StoredRequisition,
    previous: DecisionData | None,
    reason: DecisionReason,
    at: datetime,
) -> DecisionData:
    """The engine's outcome plus the versioning and the context the notifier needs."""
    document = outcome.to_dict()
    document.update(_context(req, previous, reason=reason, at=at))
    return DecisionData.model_validate(document)


def carry_forward(
    previous: DecisionData,
    *,
    req: StoredRequisition,
    band: BandChoice | None,
    catalogue_version: str,
    reason: DecisionReason,
    at: datetime,
    level: str | None = None,
    override: tuple[str, str] | None = None,
    flags: Sequence[str] | None = None,
) -> DecisionData:
    """A new version keeping the previous profile and level (or `level`), with a new band.

    Used for overrides (a human fixed the level) and for overridden requisitions on later
    changes: the human's level stands, only the band moves.
    """
    update: dict[str, Any] = _context(req, previous, reason=reason, at=at)
    update["band"] = BandRef.model_validate(band.to_dict()) if band is not None else None
    update["catalogue_version"] = catalogue_version
    if level is not None:
        update.update(level=level, boundary_with=None)
    if flags is not None:
        update["flags"] = list(flags)
    if override is not None:
        reason_text, actor = override
        signal = Signal(signal="override", weight=1.0, points_to=level, evidence=reason_text)
        update.update(
            status="overridden",
            confidence=1.0,
            override_reason=reason_text,
            overridden_by=actor,
            explanation=[signal, *(s for s in previous.explanation if s.signal != "override")],
        )
    return previous.model_copy(update=update)


def decision_event(
    decision: DecisionData, *, topic: str, traceparent: str | None = None
) -> OutgoingEvent:
    """The event id is the decision id, so a republished decision is recognisably the same."""
    event: CloudEvent[DecisionData] = CloudEvent[DecisionData](
        id=decision.decision_id,
        source=EVENT_SOURCE,
        type=DECISION_MADE,
        subject=decision.requisition_key,
        time=decision.decided_at,
        data=decision,
        traceparent=traceparent,
    )
    return OutgoingEvent(topic=topic, key=decision.requisition_key, event=event)
