"""Decision events (pydantic contracts of leveling_common) to the notifier's domain."""

from __future__ import annotations

from datetime import UTC, datetime

from leveling_common.events import BandRef, DecisionData
from leveling_common.events import Person as PersonModel
from notifier.domain.decision import Band, Decision, Person, PreviousOutcome, Signal

__all__ = ["decision_from_data", "decision_from_document"]


def _band(band: BandRef | None) -> Band | None:
    if band is None:
        return None
    return Band(
        min=band.min,
        mid=band.mid,
        max=band.max,
        currency=band.currency,
        interval=band.interval,
        zone=band.zone,
        band_set_id=band.band_set_id,
        effective_from=band.effective_from,
    )


def _people(people: list[PersonModel]) -> tuple[Person, ...]:
    return tuple(
        Person(external_user_id=p.external_user_id, name=p.name, email=p.email) for p in people
    )


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def decision_from_data(data: DecisionData) -> Decision:
    team = data.hiring_team
    previous = data.previous
    return Decision(
        decision_id=data.decision_id,
        requisition_key=data.requisition_key,
        decision_version=data.decision_version,
        status=data.status,
        reason=data.reason,
        decided_at=_aware(data.decided_at),
        confidence=data.confidence,
        profile_code=data.profile.code if data.profile else None,
        profile_name=data.profile.name if data.profile else None,
        track=data.track,
        level=data.level,
        boundary_with=data.boundary_with,
        band=_band(data.band),
        flags=tuple(data.flags),
        explanation=tuple(
            Signal(signal=s.signal, weight=s.weight, points_to=s.points_to, evidence=s.evidence)
            for s in data.explanation
        ),
        requisition_title=data.requisition_title,
        source_system=data.source_system,
        external_id=data.external_id,
        location_name=data.location_name,
        recruiters=_people(team.recruiters) if team else (),
        hiring_managers=_people(team.hiring_managers) if team else (),
        override_reason=data.override_reason,
        overridden_by=data.overridden_by,
        previous=(
            PreviousOutcome(
                level=previous.level,
                band=_band(previous.band),
                status=previous.status,
                flags=tuple(previous.flags) if previous.flags is not None else None,
            )
            if previous
            else None
        ),
    )


def decision_from_document(document: str) -> Decision:
    """The stored JSON of a decision's `data`, back to the domain."""
    return decision_from_data(DecisionData.model_validate_json(document))
