"""Seniority cues and where they sit on a five-step management ladder.

A cue is a phrase in the title or text together with the rung it suggests (1 = front-line
team lead, 5 = head of a portfolio through other managers). Profiles with fewer levels clamp
the rung to their top level, so the same ladder serves every profile of the track.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from leveler.domain.normalise import stem

__all__ = [
    "Cue",
    "budget_rung",
    "leadership_cues",
    "median_rung",
    "scope_cues",
    "title_cue",
]


@dataclass(frozen=True, slots=True)
class Cue:
    rung: float
    phrase: str
    # The catalogue's own title convention gave the cue, not a generic table: the
    # explanation says so, since the catalogue's owners can change it.
    from_catalogue: bool = False


_Table = tuple[tuple[re.Pattern[str], float], ...]


def _compile(table: tuple[tuple[str, float], ...]) -> _Table:
    return tuple((re.compile(pattern), rung) for pattern, rung in table)


# Each row: the pattern and the rung it suggests. First match wins: the more specific
# phrases come first.
_TITLE = _compile(
    (
        (r"\b(?:chief|svp|evp|vice[- ]president|vp)\b", 5.0),
        (r"\b(?:senior|sr\.?|executive|group)\s+director\b", 5.0),
        (r"\b(?:associate|assoc\.?|assistant)\s+director\b", 4.0),
        (r"\bdirector\b", 4.5),
        (r"\bhead\b", 4.5),
        (r"\bmanager\s+(?:iii|3)\b", 3.0),
        (r"\bmanager\s+(?:ii|2)\b", 2.0),
        (r"\bmanager\s+(?:i|1)\b", 1.0),
        (r"\b(?:senior|sr\.?|principal|lead)\b.*\bmanager\b", 3.0),
        (r"\b(?:associate|assistant|junior|jr\.?)\b.*\bmanager\b", 1.0),
        (r"\bmanager\b", 2.0),
        # A bare "Lead" names senior roles as often as team leads, so it is no cue.
        (r"\b(?:supervisor|team\s+lead(?:er)?)\b", 1.0),
    )
)

# Phrase tables for body text: (anchor word, pattern, rung). Every match contains the
# anchor word, so a pattern only runs when the text has the anchor's stem (a set lookup);
# the word boundary before a match is checked separately. That keeps the cues cheap for
# short postings and long ones alike.
_PhraseTable = tuple[tuple[str, re.Pattern[str], float], ...]


def _phrases(table: tuple[tuple[str, str, float], ...]) -> _PhraseTable:
    return tuple((stem(anchor), re.compile(pattern), rung) for anchor, pattern, rung in table)


_SCOPE = _phrases(
    (
        ("single", r"single (?:team|site|project|product)\b", 1.0),
        ("small", r"small team\b", 1.0),
        ("components", r"components of a\b", 1.0),
        ("unit", r"a unit\b", 1.0),
        ("unit", r"one unit\b", 1.0),
        ("function", r"sub[- ]?function\b", 2.0),
        ("established", r"established team\b", 2.0),
        ("department", r"departments?\b", 3.0),
        ("multiple", r"multiple (?:\w+ )?(?:teams|sites|projects|products)\b", 3.0),
        ("multiple", r"multiple (?:\w+ )?(?:sections|programs|programmes|departments)\b", 4.0),
        ("division", r"divisions?\b", 4.0),
        ("level", r"program[- ]level\b", 4.0),
        ("portfolio", r"portfolios?\b", 5.0),
        ("wide", r"organi[sz]ation[- ]wide\b", 5.0),
        ("executive", r"executives?\b", 5.0),
    )
)

_LEADERSHIP = _phrases(
    (
        ("supervise", r"supervis\w* (?:a )?(?:small )?(?:team|unit)\b", 1.0),
        ("junior", r"trains? (?:and onboards? )?junior\b", 1.0),
        ("team", r"leads? (?:a )?(?:skilled )?team\b", 2.0),
        ("manages", r"manages? (?:a )?(?:skilled )?(?:team|staff)\b", 2.0),
        ("coach", r"coach\w*", 2.0),
        ("junior", r"leads? (?:other )?(?:professionals or )?junior managers\b", 3.0),
        ("junior", r"manages? (?:other )?(?:professionals or )?junior managers\b", 3.0),
        ("managers", r"manag\w* (?:of )?managers\b", 3.0),
        ("oversee", r"oversee\w* other (?:\w+ ){0,3}managers\b", 4.0),
        ("bench", r"leadership bench\b", 4.0),
        ("level", r"second[- ]level managers?\b", 5.0),
        ("subordinate", r"subordinate managers?\b", 5.0),
        ("succession", r"succession planning\b", 5.0),
    )
)


def title_cue(title: str) -> Cue | None:
    """The rung a job title's seniority words suggest ("Senior Manager" → 3)."""
    lowered = title.lower()
    for pattern, rung in _TITLE:
        if match := pattern.search(lowered):
            return Cue(rung, match.group(0))
    return None


def _all_cues(text: str, stems: Container[str], table: _PhraseTable) -> list[Cue]:
    return [
        Cue(rung, match.group(0))
        for anchor, pattern, rung in table
        if anchor in stems
        for match in pattern.finditer(text)
        if match.start() == 0 or not text[match.start() - 1].isalnum()
    ]


def scope_cues(text: str, stems: Container[str]) -> list[Cue]:
    """Organisational-scope phrases (single team … portfolio) in lower-cased text.

    `stems` are the text's word stems, used to skip phrases whose words are absent.
    """
    return _all_cues(text, stems, _SCOPE)


def leadership_cues(text: str, stems: Container[str]) -> list[Cue]:
    """People-leadership phrases (supervises … through other managers) in lower-cased text."""
    return _all_cues(text, stems, _LEADERSHIP)


# A budget under this is a person's allowance ("a $2,000 learning budget", "an equipment
# budget"), not the scope of a job.
_ALLOWANCE_BELOW = 100e3


def budget_rung(amount: float) -> float | None:
    if amount < _ALLOWANCE_BELOW:
        return None
    if amount >= 50e6:
        return 5.0
    if amount >= 10e6:
        return 4.0
    if amount >= 2e6:
        return 3.0
    return 2.0


def median_rung(cues: list[Cue]) -> float | None:
    """The lower median rung: one stray phrase cannot swing a posting full of others."""
    if not cues:
        return None
    rungs = sorted([cue.rung for cue in cues])
    return rungs[(len(rungs) - 1) // 2]
