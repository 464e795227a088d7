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

    @property
    def terms(self) -> tuple[Decimal, Decimal, Decimal, str, str, str]:
        """What a recruiter sees; a new band set id alone changes nothing for them."""
        return (self.min, self.mid, self.max, self.currency, self.interval, self.zone)


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
    # None when the leveler did not say (events from before flags were carried along).
    flags: tuple[str, ...] | None = None


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

    @property
    def is_band_relevel(self) -> bool:
        """Re-levelled because a band set was published; `band` names that set."""
        return self.reason == "band_changed" and self.band is not None

    @property
    def changes_nothing(self) -> bool:
        """A later version with the same level, band terms and flags as the one before.

        An override always counts: a person acted, and the message names them.
        """
        before = self.previous
        if before is None or before.flags is None or self.reason == "override":
            return False
        same_band = (before.band.terms if before.band else None) == (
            self.band.terms if self.band else None
        )
        return before.level == self.level and same_band and set(before.flags) == set(self.flags)
