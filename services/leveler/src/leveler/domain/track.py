"""Which track a posting asks for: people leadership (`people.people_evidence`) against
individual scope, and which profile's track a close call goes to."""

from __future__ import annotations

import re

from leveler.domain.catalogue import EXECUTIVE_TRACK, MANAGEMENT_TRACK
from leveler.domain.index import ProfileIndex, TrackIndex
from leveler.domain.matching import ProfileMatch
from leveler.domain.outcome import FLAG_NO_PEOPLE_LEADERSHIP, FLAG_TRACK_UNAVAILABLE, Signal
from leveler.domain.query import Seniority

__all__ = ["choose_track", "management_title_evidence", "prefer_profiles_with_track"]

# The tracks whose levels lead people: management, and the executive track above it.
_LEADING_TRACKS = (MANAGEMENT_TRACK, EXECUTIVE_TRACK)
# The management-ladder words that name an executive rather than a manager or director.
_EXECUTIVE_TITLE_RE = re.compile(r"\b(?:chief|svp|evp|vice[- ]president|vp)\b")


def choose_track(
    entry: ProfileIndex, evidence: str | None, seniority: Seniority
) -> tuple[TrackIndex, Signal, list[str]]:
    """A people-leading track when the posting leads people; otherwise another track if any.

    Of the people-leading tracks, an executive title (VP, chief) goes on the executive
    track when the profile has one, any other people leader on the management track; a
    profile with only one of them uses it. When the track the posting asks for has no
    ladder in the profile (a people manager where only an individual-contributor profile
    exists, or the reverse) the profile's own track is used for the level and the decision
    is flagged `track_unavailable` for review.

    `evidence` is what `people_evidence` found in the posting.
    """
    tracks = entry.tracks
    leading = _leading_track(entry, seniority)
    others = [code for code in sorted(tracks) if code not in _LEADING_TRACKS]
    if leading is not None and (evidence is not None or not others):
        flags = [] if evidence is not None else [FLAG_NO_PEOPLE_LEADERSHIP, FLAG_TRACK_UNAVAILABLE]
        reason = (
            evidence or f"no people leadership stated; the profile has only the {leading} track"
        )
        return tracks[leading], Signal("track", 1.0, leading, reason), flags
    other = others[0]
    if evidence is None:
        reason = "no people leadership stated"
        if seniority.states_no_reports:
            reason = "states no direct reports"
        return tracks[other], Signal("track", 1.0, other, reason), []
    reason = f"{evidence}, but the profile has no M or E track"
    return tracks[other], Signal("track", 1.0, other, reason), [FLAG_TRACK_UNAVAILABLE]


def management_title_evidence(match: ProfileMatch, title: str, seniority: Seniority) -> str | None:
    """The posting's title naming one of the profile's people-manager jobs ("Engineering
    Manager", "Supply Planning Supervisor") as what shows it leads people, unless the text
    says it leads nobody: a requisition opened with a title and a line of notes rarely
    describes the team. Only on a profile with a people-leading track, whose manager titles
    are its own; elsewhere "Account Manager" names an individual contributor."""
    named = match.named_title
    if named is None or seniority.states_no_reports:
        return None
    # "Engineering Program Manager" has every word of "Engineering Manager", but its role
    # is another job's: a family the profile is set apart from, or one its titles never name.
    if match.excluded_family is not None or match.unknown_title_role is not None:
        return None
    if not any(code in _LEADING_TRACKS for code in match.entry.tracks):
        return None
    if all(manager_title != named for manager_title, _ in match.entry.management_titles):
        return None
    return f"title '{title}' names the profile's people-manager job '{named}'"


def _leading_track(entry: ProfileIndex, seniority: Seniority) -> str | None:
    tracks = entry.tracks
    if EXECUTIVE_TRACK in tracks and (MANAGEMENT_TRACK not in tracks or _executive(seniority)):
        return EXECUTIVE_TRACK
    return MANAGEMENT_TRACK if MANAGEMENT_TRACK in tracks else None


def _executive(seniority: Seniority) -> bool:
    cue = seniority.title_cue
    return cue is not None and _EXECUTIVE_TITLE_RE.search(cue.phrase) is not None


def _offers(entry: ProfileIndex, leads_people: bool) -> bool:
    if leads_people:
        return any(code in _LEADING_TRACKS for code in entry.tracks)
    return any(code not in _LEADING_TRACKS for code in entry.tracks)


def prefer_profiles_with_track(
    matches: tuple[ProfileMatch, ...], leads_people: bool, *, margin: float, fits_from: float
) -> tuple[tuple[ProfileMatch, ...], bool]:
    """Among the profiles ranked within `margin` of the first, the first that has the
    posting's track goes first; the call stays ambiguous only between profiles with it.

    A function with an individual-contributor and a management profile writes both in the
    same words; whether the posting leads people is what tells them apart.
    """
    near = [m for m in matches if matches[0].score - m.score < margin]
    fitting = [m for m in near if m.strength >= fits_from and _offers(m.entry, leads_people)]
    if not fitting:
        return matches, len(near) > 1
    first = fitting[0]
    ordered = (first, *(m for m in matches if m is not first))
    return ordered, len(fitting) > 1
