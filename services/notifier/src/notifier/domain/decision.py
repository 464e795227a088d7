"""A leveling decision as the notifier sees it: what to tell, and whom to tell it to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

__all__ = ["Band", "Decision", "Person", "PreviousOutcome", "Signal"]


@dataclass(frozen=True)
class Band:
    min: Decimal
    mid: Decimal
    max: Decimal
    currency: str
    interval: str
    zone: str
    band_set_id: str
    effective_from: date


@dataclass(frozen=True)
class Signal:
    signal: str
    weight: float
    points_to: str | None
    evidence: str


@dataclass(frozen=True)
class Person:
    """A hiring-team member: an email address, an ATS user id, or both."""

    external_user_id: str | None = None
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class PreviousOutcome:
    level: str | None
    band: Band | None
    status: str


@dataclass(frozen=True)
class Decision:
    decision_id: str
    requisition_key: str
    decision_version: int
    status: str
    reason: str
    decided_at: datetime
    confidence: float
    profile_code: str | None = None
    profile_name: str | None = None
    track: str | None = None
    level: str | None = None
    boundary_with: str | None = None
    band: Band | None = None
    flags: tuple[str, ...] = ()
    explanation: tuple[Signal, ...] = ()
    requisition_title: str | None = None
    source_system: str | None = None
    external_id: str | None = None
    location_name: str | None = None
    recruiters: tuple[Person, ...] = field(default_factory=tuple)
    hiring_managers: tuple[Person, ...] = field(default_factory=tuple)
    override_reason: str | None = None
    overridden_by: str | None = None
    previous: PreviousOutcome | None = None
