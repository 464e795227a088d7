"""Roles the catalogue names by acronym ("CRAs", "HRBP"), so postings that lead them are read.

"Lead six CRAs" is people leadership and "track six KPIs" is not, yet the two cannot be
told apart by their shape. So the engine knows no acronym of its own: it takes them from the
catalogue's text, where a role shows by how it is written about —

- a job title that is one acronym ("HRBP" among a profile's title aliases);
- an acronym after a seniority word ("junior CRAs", "a senior HRBP", "Lead CRA"): things
  are not junior or senior, people are;
- an acronym joined to one of those ("CRAs and CTAs", "CRA/CTM roles").

A posting's text is then lower-cased with these acronyms left in capitals
(`RoleAcronyms.lower`), as the catalogue writes them: "CTMs" (people) stays apart from
"CTMS" (a system). The fact readers take a word in capitals as a role
(`facts.ROLE_PLURALS`); lower-casing leaves no other capitals in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["RoleAcronyms"]

_ACRONYM = r"[A-Z]{2,6}"
_ALIAS_RE = re.compile(_ACRONYM)
# After a seniority word, the acronym must be the noun itself, not a word qualifying
# the next ("the senior HR business partner", "lead HR teams"): plural, or ending the phrase.
_AFTER_SENIORITY_RE = re.compile(
    rf"\b(?i:junior|senior|lead|principal|staff)\s+({_ACRONYM})"
    r"(?:s\b|(?=\s*(?:[^\w\s]|$|\band\b|\bor\b)))"
)
# Acronyms written together: "CRAs and CTAs", "CRA/CTA teams", "CRAs, CTAs or CTMs".
_JOINED = r"\s*(?:/|,|&|\band\b|\bor\b)\s*"
_JOINED_RE = re.compile(rf"\b{_ACRONYM}s?\b(?:{_JOINED}{_ACRONYM}s?\b)+")
_EACH_RE = re.compile(rf"({_ACRONYM})s?\b")


def _with_joined(roles: set[str], groups: list[set[str]]) -> set[str]:
    """`roles` and every acronym written together with one of them."""
    grown = True
    while grown:
        joined = [group for group in groups if not group <= roles and group & roles]
        grown = bool(joined)
        for group in joined:
            roles |= group
    return roles


@dataclass(frozen=True, slots=True)
class RoleAcronyms:
    """The catalogue's role acronyms, and the pattern that finds them in a posting."""

    acronyms: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None

    @classmethod
    def from_catalogue(cls, titles: Iterable[str], texts: Iterable[str]) -> RoleAcronyms:
        """The role acronyms among a catalogue's job `titles` and in its `texts`."""
        roles = {title.strip() for title in titles if _ALIAS_RE.fullmatch(title.strip())}
        groups: list[set[str]] = []
        for text in texts:
            roles.update(_AFTER_SENIORITY_RE.findall(text))
            groups.extend(set(_EACH_RE.findall(run.group(0))) for run in _JOINED_RE.finditer(text))
        return cls.of(_with_joined(roles, groups))

    @classmethod
    def of(cls, acronyms: Iterable[str]) -> RoleAcronyms:
        named = frozenset(acronyms)
        if not named:
            return cls()
        # Longest first, so "CRAM" is not read as "CRA"; the plural "s" is how postings
        # count them ("manage 6 CRAs").
        alternatives = "|".join(sorted(named, key=lambda a: (-len(a), a)))
        return cls(named, re.compile(rf"\b((?:{alternatives})s?)\b"))

    def lower(self, text: str) -> str:
        """`text` lower-cased, but for the role acronyms in it, kept as written."""
        if self.pattern is None:
            return text.lower()
        # Splitting on a captured pattern puts the acronyms at the odd positions.
        pieces = self.pattern.split(text)
        return "".join(
            piece if position % 2 else piece.lower() for position, piece in enumerate(pieces)
        )
