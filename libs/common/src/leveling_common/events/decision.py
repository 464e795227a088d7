"""Decision events on `leveling.decisions.v1` (DESIGN.md section 4)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from leveling_common.events.common import Money, PayInterval
from leveling_common.events.requisition import HiringTeam

__all__ = [
    "DECISION_MADE",
    "Alternative",
    "BandRef",
    "DecisionData",
    "DecisionReason",
    "DecisionStatus",
    "ProfileRef",
    "Signal",
]

DECISION_MADE = "com.leveling.decision.made.v1"

DecisionStatus = Literal["auto_approved", "needs_review", "overridden", "unmatched"]
# Why a version was made: a new job, the job changed, its band moved, a person overrode it,
# or a pay-transparency rule came into force where it is.
DecisionReason = Literal[
    "new", "requisition_changed", "band_changed", "override", "jurisdiction_in_force"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ProfileRef(_Model):
    code: str
    name: str


class BandRef(_Model):
    min: Money
    mid: Money
    max: Money
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    interval: PayInterval
    zone: str
    band_set_id: str
    effective_from: date


class Signal(_Model):
    """One reason behind the level: how much it counted, where it pointed, and why."""

    signal: str
    weight: float = Field(ge=0, le=1)
    points_to: str | None
    evidence: str


class Alternative(_Model):
    profile_code: str
    level: str | None
    score: float


class DecisionData(_Model):
    decision_id: str
    requisition_key: str
    decision_version: int = Field(ge=1)
    status: DecisionStatus
    profile: ProfileRef | None
    track: str | None
    level: str | None
    confidence: float = Field(ge=0, le=1)
    boundary_with: str | None = None
    band: BandRef | None = None
    flags: list[str] = Field(
        default_factory=list,
        description=(
            "What a reviewer should look at. Review flags: profile_ambiguous, low_confidence, "
            "no_people_leadership, requested_level_differs, no_band, track_unavailable (the "
            "posting's track, people manager or individual contributor, has no ladder in the "
            "matched profile). Unmatched: profile_unmatched, insufficient_text. Pay "
            "transparency: posted_range_outside_band, posted_range_not_comparable, "
            "range_required_missing, open_ended_range."
        ),
    )
    explanation: list[Signal] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    catalogue_version: str
    engine_version: str
    supersedes: str | None = None
    reason: DecisionReason
    decided_at: datetime
    # Additive fields (optional): what the notifier needs without calling back to the leveler.
    requisition_title: str | None = None
    source_system: str | None = None
    external_id: str | None = None
    location_name: str | None = None
    hiring_team: HiringTeam | None = None
    override_reason: str | None = None
    overridden_by: str | None = None
    previous: PreviousOutcome | None = None


class PreviousOutcome(_Model):
    """The superseded decision's level and band, so a message can say what changed."""

    level: str | None
    band: BandRef | None
    status: DecisionStatus
    # Additive: the superseded decision's flags, so a version that changes nothing is known.
    flags: list[str] | None = None


DecisionData.model_rebuild()
