"""Small value parsers used by the profile-document importer."""

from __future__ import annotations

import re

from catalogue.domain.model import YearsRange

__all__ = ["distinguishing_clause", "parse_years", "unique_paragraphs"]

_NUMBER = r"(\d{1,2}(?:\.\d+)?)"
_RANGE = re.compile(
    _NUMBER + r"\s*(?:-|\u2013|\u2014|to)\s*" + _NUMBER + r"\s*\+?\s*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(_NUMBER + r"\s*\+\s*(?:years?|yrs?)\b", re.IGNORECASE)
_SINGLE = re.compile(_NUMBER + r"\s*(?:years?|yrs?)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKERS = re.compile(r"\b(distinct from|unlike|as opposed to|differs? from)\b", re.IGNORECASE)


def parse_years(text: str) -> YearsRange | None:
    """'2-5 years' → 2..5, '5-7+ years' → 5..7, '10+ yrs' → 10..open, '3 years' → 3..3."""
    if match := _RANGE.search(text):
        low, high = float(match.group(1)), float(match.group(2))
        if low <= high <= 60:
            return YearsRange(low, high)
    if match := _AT_LEAST.search(text):
        return YearsRange(float(match.group(1)), None)
    if match := _SINGLE.search(text):
        value = float(match.group(1))
        return YearsRange(value, value) if value <= 60 else None
    return None


def distinguishing_clause(description: str) -> str:
    """The sentence (or the clause after a dash) that sets the profile apart from neighbours."""
    for sentence in _SENTENCE_END.split(description):
        marker = _MARKERS.search(sentence)
        if marker is None:
            continue
        dash = max(
            sentence.rfind(" — ", 0, marker.start()), sentence.rfind(" \u2013 ", 0, marker.start())
        )
        clause = sentence[dash + 3 :] if dash >= 0 else sentence
        return clause[:1].upper() + clause[1:]
    return ""


def unique_paragraphs(lines: list[str]) -> list[str]:
    seen: list[str] = []
    for line in lines:
        if line not in seen:
            seen.append(line)
    return seen
