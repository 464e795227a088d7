"""What a recruiter reads: the decision in plain words, the same for every channel.

The email templates and the ATS rationale field both render a `Summary`; nothing here
knows about HTML or any ATS.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from notifier.domain.decision import Band, Decision, Signal
from notifier.domain.links import Links

__all__ = ["Summary", "format_band", "format_money", "rationale", "strongest_reasons", "summarise"]

# Typographic range dash, spaced as in a printed salary range.
_EN_DASH = " \u2013 "
_STATUS_WORDS = {
    "auto_approved": "Recommended with high confidence",
    "needs_review": "Needs review: please confirm the level",
    "overridden": "Level set by a person (override)",
    "unmatched": "No matching role profile: please level this job by hand",
}
_REASON_WORDS = {
    "new": "first recommendation for this job",
    "requisition_changed": "the job description or details changed",
    "band_changed": "the pay bands were updated",
    "override": "a person overrode the level",
    "jurisdiction_in_force": "a pay-transparency rule came into force for this location",
}
_FLAG_WORDS = {
    "posted_range_outside_band": "The posted pay range falls outside the band for this level "
    "and location.",
    "range_required_missing": "This location requires a pay range on the job posting, and "
    "none is posted.",
    "open_ended_range": "The posted pay range is open-ended; pay-transparency rules expect a "
    "minimum and a maximum.",
    "requested_level_differs": "The level requested on the job differs from the recommended level.",
    "track_unavailable": "The job reads as a people-manager role where the catalogue has only "
    "an individual-contributor profile for it, or the reverse; choose the profile by hand.",
    "title_level_mismatch": "The job title suggests a different seniority than the "
    "responsibilities.",
}
_SIGNAL_WORDS = {
    "text_similarity": "Responsibilities",
    "responsibilities": "Responsibilities",
    "rubric": "Level guidelines",
    "experience": "Experience",
    "experience_fit": "Experience",
    "years": "Experience",
    "scope": "Scope",
    "scope_fit": "Scope",
    "people_leadership": "People leadership",
    "leadership": "People leadership",
    "direct_reports": "Direct reports",
    "title": "Job title",
    "title_seniority": "Job title",
}
# Signals about which profile and track matched, and the override marker: they explain the
# profile, not the level, and are the same boilerplate on every job of a profile.
_NOT_LEVEL_SIGNALS = frozenset({"profile_match", "track", "override"})
_INTERVAL_WORDS = {
    "year": "per year",
    "month": "per month",
    "week": "per week",
    "day": "per day",
    "hour": "per hour",
}


@dataclass(frozen=True)
class Summary:
    """The decision, said plainly; every string is plain text (templates escape it)."""

    title: str
    requisition_key: str
    location: str | None
    profile: str
    level: str | None
    band: str | None
    confidence: str
    status: str
    needs_review: bool
    close_call: str | None
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    changes: tuple[str, ...]
    why_changed: str | None
    is_update: bool
    version: int
    decision_url: str | None = None
    job_url: str | None = None
    ats_name: str | None = None

    @property
    def headline(self) -> str:
        if self.level is None:
            return f"No level recommended: {self.title}"
        prefix = "Updated level" if self.is_update else "Level"
        return f"{prefix} {self.level} · {self.profile} — {self.title}"


def format_money(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def format_band(band: Band, *, with_zone: bool = True) -> str:
    interval = _INTERVAL_WORDS.get(band.interval, f"per {band.interval}")
    text = f"{band.currency} {format_money(band.min)}{_EN_DASH}{format_money(band.max)} {interval}"
    return f"{text} ({band.zone})" if with_zone else text


def _humanise(code: str) -> str:
    return code.replace("_", " ").replace(".", " ").strip().capitalize()


def _reason(signal: Signal) -> str:
    label = _SIGNAL_WORDS.get(signal.signal, _humanise(signal.signal))
    evidence = " ".join(signal.evidence.split())
    pointer = f" (points to {signal.points_to})" if signal.points_to else ""
    return f"{label}: {evidence}{pointer}" if evidence else f"{label}{pointer}"


def strongest_reasons(
    explanation: tuple[Signal, ...], *, level: str | None = None, count: int = 3
) -> tuple[str, ...]:
    """The level signals that carried most weight, those pointing at `level` first.

    Without a level (an unmatched job) the profile match is the only thing worth saying.
    """
    if level is None:
        chosen = [s for s in explanation if s.signal == "profile_match"]
    else:
        chosen = [s for s in explanation if s.signal not in _NOT_LEVEL_SIGNALS]
    ranked = sorted(chosen, key=lambda s: (s.points_to != level, -s.weight, s.signal))
    return tuple(_reason(signal) for signal in ranked[:count])


def _flag(code: str) -> str:
    return _FLAG_WORDS.get(code, f"{_humanise(code)}.")


def _changes(decision: Decision) -> tuple[str, ...]:
    previous = decision.previous
    if previous is None:
        return ()
    lines = []
    if previous.level != decision.level:
        lines.append(f"Level: {previous.level or 'none'} → {decision.level or 'none'}")
    old_band = format_band(previous.band) if previous.band else "none"
    new_band = format_band(decision.band) if decision.band else "none"
    if old_band != new_band:
        lines.append(f"Band: {old_band} → {new_band}")
    if not lines:
        lines.append("Level and band are unchanged.")
    return tuple(lines)


def _why_changed(decision: Decision) -> str | None:
    if decision.previous is None and decision.reason == "new":
        return None
    why = _REASON_WORDS.get(decision.reason, _humanise(decision.reason).lower())
    if decision.reason == "override":
        who = decision.overridden_by or "a person"
        said = f': "{decision.override_reason}"' if decision.override_reason else ""
        why = f"overridden by {who}{said}"
    return why[:1].upper() + why[1:]


def summarise(decision: Decision, links: Links | None = None) -> Summary:
    """The recruiter's ten-second view of `decision`, with where to act on it."""
    links = links or Links()
    title = " ".join((decision.requisition_title or decision.requisition_key).split())
    close_call = None
    if decision.boundary_with and decision.level:
        close_call = f"Close call between {decision.level} and {decision.boundary_with}"
    return Summary(
        title=title,
        requisition_key=decision.requisition_key,
        location=decision.location_name,
        profile=decision.profile_name or decision.profile_code or "No matching profile",
        level=decision.level,
        band=format_band(decision.band) if decision.band else None,
        confidence=f"{round(decision.confidence * 100)} %",
        status=_STATUS_WORDS.get(decision.status, _humanise(decision.status)),
        needs_review=decision.status in ("needs_review", "unmatched"),
        close_call=close_call,
        reasons=strongest_reasons(decision.explanation, level=decision.level),
        flags=tuple(_flag(code) for code in decision.flags),
        changes=_changes(decision),
        why_changed=_why_changed(decision),
        is_update=decision.decision_version > 1 or decision.previous is not None,
        version=decision.decision_version,
        decision_url=links.decision(decision.requisition_key),
        job_url=links.job(decision.source_system, decision.external_id),
        ats_name=_humanise(decision.source_system) if decision.source_system else None,
    )


def rationale(summary: Summary) -> str:
    """The long-text explanation written to the ATS next to the level and band."""
    parts = [f"{summary.level or 'No level'} · {summary.profile}."]
    parts.append(f"{summary.status} (confidence {summary.confidence}).")
    if summary.band:
        parts.append(f"Band: {summary.band}.")
    if summary.close_call:
        parts.append(f"{summary.close_call}.")
    if summary.reasons:
        numbered = "; ".join(f"{n}) {text}" for n, text in enumerate(summary.reasons, 1))
        parts.append(f"Why: {numbered}.")
    parts.extend(summary.flags)
    if summary.why_changed:
        parts.append(f"Version {summary.version}: {summary.why_changed}.")
    parts.extend(f"{line}." for line in summary.changes if not line.endswith("."))
    return "\n".join(parts)
