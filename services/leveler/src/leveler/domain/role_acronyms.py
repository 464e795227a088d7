"""Roles the catalogue names by acronym ("CRAs", "HRBP"), so postings that lead them are read.

"Lead six CRAs" is people leadership and "track six KPIs" is not, yet the two cannot be
told apart by their shape. So the engine knows no acronym of its own: it takes them from the
catalogue's text, where a role shows by how it is written about —

- a job title's acronym ("AE" for "Account Executive", "HRBP" for "HR Business Partner"),
  or a title that is one ("HRBP" among a profile's title aliases);
- an acronym after a seniority word ("junior CRAs", "a senior HRBP"): things are not
  junior or senior, people are ("lead" is left out: "lead QBRs" is a verb and a thing);
- an acronym joined to one of those ("CRAs and CTAs", "CRA/CTM roles").

A posting's text is then lower-cased with these acronyms in the plural left in capitals
(`RoleAcronyms.lower`), as the catalogue writes them: "CTMs" (people) stays apart from
"CTMS" (a system). The fact readers take a word in capitals as a role
(`facts.ROLE_PLURALS`); lower-casing leaves no other capitals in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["RoleAcronyms"]

_ACRONYM_RE = re.compile(r"\b([A-Z]{2,6})s?\b")
_TITLE_WORD_RE = re.compile(r"[A-Za-z]+")
# One capitalised word is a title, not an acronym's worth ("Recruiter" is not "R").
_MIN_TITLE_WORDS = 2
_SENIORITY_BEFORE_RE = re.compile(r"\b(?i:junior|senior|principal|staff)\s+$")
# After a seniority word, the acronym must be the noun itself, not a word qualifying the
# next ("the senior HR business partner", "lead HR teams"): plural, or ending the phrase.
_NOUN_ENDS_RE = re.compile(r"s\b|\s*(?:[^\w\s]|$|\band\b|\bor\b)")
# What joins acronyms written together: "CRAs and CTAs", "CRA/CTA teams", "CRAs, CTAs".
_JOINS_RE = re.compile(r"\s*(?:/|,|&|and|or)\s*")
_SENIORITY_WORD_CHARS = len("principal ")


def _read(text: str, roles: set[str], groups: list[set[str]]) -> None:
    """Add the acronyms `text` writes as roles to `roles`, and those it writes together
    to `groups`. The scan is for acronyms, which most sentences have none of."""
    previous_end = -1
    for match in _ACRONYM_RE.finditer(text):
        acronym = match.group(1)
        start = match.start()
        seniority_from = max(0, start - _SENIORITY_WORD_CHARS - 1)
        if _SENIORITY_BEFORE_RE.search(text, seniority_from, start) and _NOUN_ENDS_RE.match(
            text, match.end(1)
        ):
            roles.add(acronym)
        if previous_end >= 0 and _JOINS_RE.fullmatch(text, previous_end, start):
            groups[-1].add(acronym)
        else:
            groups.append({acronym})
        previous_end = match.end()


def _with_joined(roles: set[str], groups: list[set[str]]) -> set[str]:
    """`roles` and every acronym written together with one of them."""
    grown = True
    while grown:
        joined = [group for group in groups if not group <= roles and group & roles]
        grown = bool(joined)
        for group in joined:
            roles |= group
    return roles


def _initials(title: str) -> str:
    """A job title's acronym: "Account Executive" → "AE", "HR Business Partner" → "HRBP"."""
    words = [word for word in _TITLE_WORD_RE.findall(title) if word[0].isupper()]
    if len(words) < _MIN_TITLE_WORDS:
        return ""
    return "".join(word if word.isupper() else word[0] for word in words)


def _title_acronyms(titles: Iterable[str]) -> set[str]:
    """The acronyms of the catalogue's job titles, and the titles that are acronyms."""
    acronyms: set[str] = set()
    for title in titles:
        written = _ACRONYM_RE.fullmatch(title.strip())
        acronyms.add(written.group(1) if written is not None else _initials(title))
    return {acronym for acronym in acronyms if _ACRONYM_RE.fullmatch(acronym)}


def _plurals_pattern(acronyms: frozenset[str]) -> re.Pattern[str] | None:
    """The acronyms' plurals as whole words ("CRAs", not "SOCRAs"), as one split pattern."""
    if not acronyms:
        return None
    # Longest first, so "CRAM" is not read as "CRA".
    ordered = sorted(acronyms, key=lambda acronym: (-len(acronym), acronym))
    alternatives = "|".join(re.escape(acronym) for acronym in ordered)
    return re.compile(rf"\b((?:{alternatives})s)\b")


@dataclass(frozen=True, slots=True)
class RoleAcronyms:
    """The catalogue's role acronyms ("CRA"), as it writes them."""

    acronyms: frozenset[str] = frozenset()
    _plurals: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_plurals", _plurals_pattern(self.acronyms))

    @classmethod
    def from_catalogue(cls, titles: Iterable[str], texts: Iterable[str]) -> RoleAcronyms:
        """The role acronyms of a catalogue's job `titles` and in its `texts`."""
        roles = _title_acronyms(titles)
        groups: list[set[str]] = []
        for text in texts:
            _read(text, roles, groups)
        return cls(frozenset(_with_joined(roles, groups)))

    def lower(self, text: str) -> str:
        """`text` lower-cased, but for the role acronyms in it in the plural, kept as
        written ("CRAs")."""
        if self._plurals is None:
            return text.lower()
        # Splitting on a captured pattern puts the acronyms at the odd positions.
        pieces = self._plurals.split(text)
        return "".join(
            piece if position % 2 else piece.lower() for position, piece in enumerate(pieces)
        )
