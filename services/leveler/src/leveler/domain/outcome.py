"""What the engine decides, and the plain-data form the decision event is built from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

__all__ = [
    "FLAG_INSUFFICIENT_TEXT",
    "FLAG_LOW_CONFIDENCE",
    "FLAG_NO_BAND",
    "FLAG_NO_PEOPLE_LEADERSHIP",
    "FLAG_OPEN_ENDED_RANGE",
    "FLAG_POSTED_RANGE_NOT_COMPARABLE",
    "FLAG_POSTED_RANGE_OUTSIDE_BAND",
    "FLAG_PROFILE_AMBIGUOUS",
    "FLAG_PROFILE_UNMATCHED",
    "FLAG_RANGE_REQUIRED_MISSING",
    "FLAG_REQUESTED_LEVEL_DIFFERS",
    "FLAG_TRACK_UNAVAILABLE",
    "REVIEW_FLAGS",
    "Alternative",
    "BandChoice",
    "Outcome",
    "Signal",
    "Status",
]

Status = Literal["auto_approved", "needs_review", "unmatched"]

# Leveling flags: the engine is unsure of the profile or level.
FLAG_INSUFFICIENT_TEXT = "insufficient_text"
FLAG_PROFILE_UNMATCHED = "profile_unmatched"
FLAG_PROFILE_AMBIGUOUS = "profile_ambiguous"
FLAG_LOW_CONFIDENCE = "low_confidence"
FLAG_NO_PEOPLE_LEADERSHIP = "no_people_leadership"
# The posting's track (people manager or individual contributor) has no ladder in the profile.
FLAG_TRACK_UNAVAILABLE = "track_unavailable"
FLAG_REQUESTED_LEVEL_DIFFERS = "requested_level_differs"
FLAG_NO_BAND = "no_band"
# Pay-transparency flags: the level stands, the posting needs attention.
FLAG_POSTED_RANGE_OUTSIDE_BAND = "posted_range_outside_band"
FLAG_POSTED_RANGE_NOT_COMPARABLE = "posted_range_not_comparable"
FLAG_RANGE_REQUIRED_MISSING = "range_required_missing"
FLAG_OPEN_ENDED_RANGE = "open_ended_range"

# A decision carrying any of these goes to a human before it is used.
REVIEW_FLAGS = frozenset(
    {
        FLAG_PROFILE_AMBIGUOUS,
        FLAG_LOW_CONFIDENCE,
        FLAG_NO_PEOPLE_LEADERSHIP,
        FLAG_REQUESTED_LEVEL_DIFFERS,
        FLAG_NO_BAND,
        FLAG_TRACK_UNAVAILABLE,
    }
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason behind the decision: its share of the score, where it pointed, and why.

    `profile_match` and `track` decide the profile and track alone (weight 1); the level
    signals that follow share the level decision, their weights summing to 1.
    """

    signal: str
    weight: float
    points_to: str | None
    evidence: str

    def to_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "weight": self.weight,
            "points_to": self.points_to,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class BandChoice:
    min: Decimal
    mid: Decimal
    max: Decimal
    currency: str
    interval: str
    zone: str
    band_set_id: str
    effective_from: date

    def to_dict(self) -> dict[str, object]:
        return {
            "min": float(self.min),
            "mid": float(self.mid),
            "max": float(self.max),
            "currency": self.currency,
            "interval": self.interval,
            "zone": self.zone,
            "band_set_id": self.band_set_id,
            "effective_from": self.effective_from.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    profile_code: str
    level: str | None
    score: float

    def to_dict(self) -> dict[str, object]:
        return {"profile_code": self.profile_code, "level": self.level, "score": self.score}


@dataclass(frozen=True, slots=True)
class Outcome:
    """The engine's decision for one requisition against one catalogue version.

    A requisition the engine cannot work with (no title and no description, or text that
    matches no profile) is not an error: it comes back with status "unmatched" and a flag
    saying why. `decide` never raises for any requisition content.
    """

    status: Status
    profile_code: str | None
    profile_name: str | None
    track: str | None
    level: str | None
    confidence: float
    boundary_with: str | None
    band: BandChoice | None
    flags: tuple[str, ...]
    explanation: tuple[Signal, ...]
    alternatives: tuple[Alternative, ...]
    engine_version: str
    catalogue_version: str

    def to_dict(self) -> dict[str, object]:
        """Field names of the decision event's `data` (DESIGN.md section 4), JSON-ready."""
        profile = (
            {"code": self.profile_code, "name": self.profile_name or ""}
            if self.profile_code is not None
            else None
        )
        return {
            "status": self.status,
            "profile": profile,
            "track": self.track,
            "level": self.level,
            "confidence": self.confidence,
            "boundary_with": self.boundary_with,
            "band": self.band.to_dict() if self.band is not None else None,
            "flags": list(self.flags),
            "explanation": [s.to_dict() for s in self.explanation],
            "alternatives": [a.to_dict() for a in self.alternatives],
            "engine_version": self.engine_version,
            "catalogue_version": self.catalogue_version,
        }
