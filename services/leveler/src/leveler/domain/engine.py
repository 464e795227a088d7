"""The leveling engine: profile, track, level, band, confidence and flags for a requisition.

`build_index` once per catalogue version, then `decide` per requisition. `decide` is pure
and deterministic: the same requisition, index and instant give an equal Outcome. It never
raises for requisition content; a requisition it cannot work with comes back "unmatched"
with a flag saying why (`insufficient_text`, `profile_unmatched`).
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import numpy.typing as npt

from leveler.domain.bands import as_utc
from leveler.domain.flags import applicable_jurisdictions, range_flags, requested_level_flags
from leveler.domain.index import (
    LevelingIndex,
    build_index,
)
from leveler.domain.matching import ProfileMatch, match_profiles, names_field
from leveler.domain.outcome import (
    FLAG_INSUFFICIENT_TEXT,
    FLAG_LOW_CONFIDENCE,
    FLAG_NO_BAND,
    FLAG_OPEN_ENDED_RANGE,
    FLAG_POSTED_RANGE_NOT_COMPARABLE,
    FLAG_POSTED_RANGE_OUTSIDE_BAND,
    FLAG_PROFILE_AMBIGUOUS,
    FLAG_PROFILE_UNMATCHED,
    FLAG_RANGE_REQUIRED_MISSING,
    FLAG_TRACK_UNAVAILABLE,
    REVIEW_FLAGS,
    Alternative,
    BandChoice,
    Outcome,
    Signal,
    Status,
)
from leveler.domain.people import people_evidence
from leveler.domain.query import Query, Seniority, prepare, read_seniority
from leveler.domain.requisition import Location, Requisition
from leveler.domain.scoring import LevelScores, score_levels
from leveler.domain.track import (
    choose_track,
    management_title_evidence,
    prefer_profiles_with_track,
)

__all__ = [
    "BAND_FLAGS",
    "ENGINE_VERSION",
    "LevelingIndex",
    "band_flags",
    "band_for",
    "build_index",
    "decide",
]

ENGINE_VERSION = "engine-2026.12.8.34"

# Below this absolute fit the requisition belongs to no profile.
UNMATCHED_BELOW = 0.5
# An unmatched posting fitting its best profile this well is checked for a missing track.
NEAR_MISS_FROM = 0.4
# A runner-up profile this close in ranking score makes the profile call ambiguous.
AMBIGUOUS_MARGIN = 0.15
AMBIGUITY_DISCOUNT = 0.8
# A title naming a role none of the profile's titles name ("Data Engineer" against Data
# Science) is most often a neighbouring job that shares the profile's vocabulary.
UNKNOWN_ROLE_DISCOUNT = 0.75
# A title naming a family the profile's own document sets it apart from ("Customer Success"
# against an Account Executive profile) is that neighbour: the call goes to review.
EXCLUDED_FAMILY_DISCOUNT = 0.6
# A level two or more steps from the one the responsibilities alone point to was chosen by
# the years or the title against the work ("10+ years" asked for a planner's routine
# work): a person decides.
WORK_DISAGREES_FROM = 2
WORK_DISAGREES_DISCOUNT = 0.6
# How fast confidence approaches 1 as the fit above the threshold, and the level margin
# (lead over the runner-up as a share of the points available), grow.
FIT_SCALE = 0.1
MARGIN_SCALE = 0.1
# Below this level margin the runner-up, if adjacent, is named as the boundary.
BOUNDARY_MARGIN = 0.06
REVIEW_BELOW = 0.65
# What `band_flags` can say; the rest of an outcome's flags are about the level's choice.
BAND_FLAGS = frozenset(
    {
        FLAG_NO_BAND,
        FLAG_RANGE_REQUIRED_MISSING,
        FLAG_OPEN_ENDED_RANGE,
        FLAG_POSTED_RANGE_OUTSIDE_BAND,
        FLAG_POSTED_RANGE_NOT_COMPARABLE,
    }
)
MAX_LEVEL_ALTERNATIVES = 2
MAX_PROFILE_ALTERNATIVES = 2


def _round(value: float) -> float:
    """`value` clamped to [0, 1] and rounded to four places."""
    return round(min(max(value, 0.0), 1.0), 4)


def _unmatched(
    index: LevelingIndex,
    flag: str,
    matches: tuple[ProfileMatch, ...] = (),
    missing_track: Signal | None = None,
) -> Outcome:
    alternatives = tuple(
        [Alternative(m.code, None, _round(m.strength)) for m in matches[:MAX_PROFILE_ALTERNATIVES]]
    )
    evidence = Signal("profile_match", 1.0, None, _unmatched_evidence(flag, matches))
    flags = (flag,) if missing_track is None else (flag, FLAG_TRACK_UNAVAILABLE)
    explanation = (evidence,) if missing_track is None else (evidence, missing_track)
    return Outcome(
        status="unmatched",
        profile_code=None,
        profile_name=None,
        track=None,
        level=None,
        confidence=0.0,
        boundary_with=None,
        band=None,
        flags=flags,
        explanation=explanation,
        alternatives=alternatives,
        engine_version=ENGINE_VERSION,
        catalogue_version=index.catalogue_version,
    )


def _unmatched_evidence(flag: str, matches: tuple[ProfileMatch, ...]) -> str:
    if flag == FLAG_INSUFFICIENT_TEXT:
        return "the requisition has no title or description words to match"
    if not matches:
        return "the catalogue has no profiles"
    best = matches[0]
    return (
        f"best profile {best.code} fits {best.strength:.2f} (needs {UNMATCHED_BELOW:.2f}): "
        f"{best.known_words:.0%} of the posting's words and {best.known_phrases} of its "
        "phrases are known to it"
    )


def _profile_signal(best: ProfileMatch) -> Signal:
    evidence = (
        f"{best.entry.profile.name}: title similarity {best.title_similarity:.2f}, "
        f"{best.known_words:.0%} of words and {best.known_phrases} phrases known"
    )
    if best.unknown_title_role is not None:
        evidence += f"; no title of the profile names the role '{best.unknown_title_role}'"
    if best.excluded_family is not None:
        evidence += f"; the profile's document sets it apart from {best.excluded_family}"
    if best.strength < UNMATCHED_BELOW:
        evidence += (
            f"; fits {best.strength:.2f} (needs {UNMATCHED_BELOW:.2f}), but the title names "
            f"the profile's job title '{best.named_title}'"
        )
    return Signal("profile_match", 1.0, best.code, evidence)


def _confidence(best: ProfileMatch, ambiguous: bool, scores: LevelScores) -> float:
    """Product of profile and level confidence, each 0.5 at the threshold, near 1 when clear."""
    fit = max(best.strength - UNMATCHED_BELOW, 0.0)
    profile_confidence = 1.0 - 0.5 * math.exp(-fit / FIT_SCALE)
    if ambiguous:
        profile_confidence *= AMBIGUITY_DISCOUNT
    if best.unknown_title_role is not None:
        profile_confidence *= UNKNOWN_ROLE_DISCOUNT
    if best.excluded_family is not None:
        profile_confidence *= EXCLUDED_FAMILY_DISCOUNT
    level_confidence = 1.0 - 0.5 * math.exp(-max(scores.margin(), 0.0) / MARGIN_SCALE)
    if scores.steps_from_the_work() >= WORK_DISAGREES_FROM:
        level_confidence *= WORK_DISAGREES_DISCOUNT
    return _round(profile_confidence * level_confidence)


def _boundary(scores: LevelScores) -> str | None:
    if len(scores.ranked) < 2 or scores.margin() >= BOUNDARY_MARGIN:
        return None
    first, second = scores.ranked[0][0].level, scores.ranked[1][0].level
    return second.code if abs(first.rank - second.rank) == 1 else None


def _alternatives(
    matches: tuple[ProfileMatch, ...], scores: LevelScores
) -> tuple[Alternative, ...]:
    best = matches[0]
    levels = [
        Alternative(
            best.code, entry.level.code, _round(points / scores.scale if scores.scale else 0)
        )
        for entry, points in scores.ranked[1 : 1 + MAX_LEVEL_ALTERNATIVES]
    ]
    profiles = [
        Alternative(m.code, None, _round(m.score))
        for m in matches[1 : 1 + MAX_PROFILE_ALTERNATIVES]
    ]
    return tuple(levels + profiles)


def _status(flags: list[str]) -> Status:
    return "auto_approved" if REVIEW_FLAGS.isdisjoint(flags) else "needs_review"


def band_flags(
    req: Requisition, index: LevelingIndex, band: BandChoice | None, at: datetime
) -> list[str]:
    """The flags the band and the pay-transparency rules in force at `at` give the posting:
    one of BAND_FLAGS each, whatever the level was chosen by."""
    rules = applicable_jurisdictions(index.jurisdictions, req.location, as_utc(at).date())
    flags = range_flags(req.posted_range, band, rules, index.catalogue.exchange_rates)
    return flags if band is not None else [FLAG_NO_BAND, *flags]


def _matched(
    req: Requisition,
    query: Query,
    index: LevelingIndex,
    matches: tuple[ProfileMatch, ...],
    at: datetime,
    token_ids: npt.NDArray[np.int64],
    seniority: Seniority,
) -> Outcome:
    evidence = people_evidence(query, seniority)
    matches, ambiguous = prefer_profiles_with_track(
        matches, evidence is not None, margin=AMBIGUOUS_MARGIN, fits_from=UNMATCHED_BELOW
    )
    best = matches[0]
    evidence = evidence or management_title_evidence(best, query.title, seniority)
    track, track_signal, flags = choose_track(best.entry, evidence, seniority)
    scores = score_levels(query, seniority, track, token_ids)
    level = scores.ranked[0][0].level
    band = band_for(index, profile_code=best.code, level=level.code, location=req.location, at=at)
    confidence = _confidence(best, ambiguous, scores)
    flags += band_flags(req, index, band, at)
    flags += requested_level_flags(req.requested_level, level.code)
    if ambiguous:
        flags.append(FLAG_PROFILE_AMBIGUOUS)
    if confidence < REVIEW_BELOW:
        flags.append(FLAG_LOW_CONFIDENCE)
    return Outcome(
        status=_status(flags),
        profile_code=best.code,
        profile_name=best.entry.profile.name,
        track=track.track,
        level=level.code,
        confidence=confidence,
        boundary_with=_boundary(scores),
        band=band,
        flags=tuple(sorted(set(flags))),
        explanation=(_profile_signal(best), track_signal, *scores.signals),
        alternatives=_alternatives(matches, scores),
        engine_version=ENGINE_VERSION,
        catalogue_version=index.catalogue_version,
    )


def decide(req: Requisition, index: LevelingIndex, *, at: datetime) -> Outcome:
    """Level one requisition against an index, with the bands in force at `at`."""
    query = prepare(req, index.role_acronyms)
    if query.is_empty:
        return _unmatched(index, FLAG_INSUFFICIENT_TEXT)
    token_ids, token_counts = index.lookup(query.token_counts)
    matches = match_profiles(query, index, token_ids, token_counts)
    if not matches:
        return _unmatched(index, FLAG_PROFILE_UNMATCHED)
    if _belongs(matches[0]):
        seniority = read_seniority(req, query, index.title_conventions)
        return _matched(req, query, index, matches, at, token_ids, seniority)
    if matches[0].strength < NEAR_MISS_FROM and not names_field(query, matches[0].entry):
        return _unmatched(index, FLAG_PROFILE_UNMATCHED, matches)
    # A near miss: the posting's track tells whether a close runner-up fits after all (a
    # supervisor of planners ranks the planning profile first on words, yet fits the
    # management profile of the same function), or which track the catalogue lacks.
    seniority = read_seniority(req, query, index.title_conventions)
    evidence = people_evidence(query, seniority)
    ordered, _ = prefer_profiles_with_track(
        matches, evidence is not None, margin=AMBIGUOUS_MARGIN, fits_from=UNMATCHED_BELOW
    )
    if _belongs(ordered[0]):
        return _matched(req, query, index, ordered, at, token_ids, seniority)
    missing_track = _missing_track(matches, evidence, seniority)
    return _unmatched(index, FLAG_PROFILE_UNMATCHED, matches, missing_track)


def _belongs(match: ProfileMatch) -> bool:
    # A posting titled as one of the profile's own jobs belongs to it even when few of its
    # words are the profile's (a company's own vocabulary): it is levelled, and its fit below
    # the threshold keeps its confidence low enough for a person to confirm it.
    return match.strength >= UNMATCHED_BELOW or match.named_title is not None


def _missing_track(
    matches: tuple[ProfileMatch, ...], evidence: str | None, seniority: Seniority
) -> Signal | None:
    """For a posting that nearly fits a profile, or is titled in its field, whether its
    track is the one missing: a reviewer then knows the catalogue lacks that track rather
    than the job."""
    # A close profile of the same function with the posting's track answers for it, as in
    # a matched decision: that track is not missing from the catalogue.
    nearest, _ = prefer_profiles_with_track(
        matches, evidence is not None, margin=AMBIGUOUS_MARGIN, fits_from=NEAR_MISS_FROM
    )
    _, signal, flags = choose_track(nearest[0].entry, evidence, seniority)
    if FLAG_TRACK_UNAVAILABLE not in flags:
        return None
    return Signal("track", 1.0, signal.points_to, f"{nearest[0].code}: {signal.evidence}")


def band_for(
    index: LevelingIndex, *, profile_code: str, level: str, location: Location, at: datetime
) -> BandChoice | None:
    """The band for a profile and level at the location's zone, in the set in force at `at`.

    Used by `decide`, and on its own when a person fixed the level (override) or a new band
    set is published (re-leveling). None when the profile, zone or band is unknown.
    """
    entry = index.by_code.get(profile_code)
    zone = index.zones.resolve(location)
    if entry is None or zone is None:
        return None
    return index.bands.lookup(
        profile_code=profile_code,
        function_code=entry.profile.function_code,
        level=level,
        zone=zone.code,
        at=at,
    )
