"""A company's own seniority words in job titles ("Member of Technical Staff" is P4 here).

The leveler knows the usual words on each track (senior, staff, principal; manager,
director, VP) and suffixes such as "Engineer II". Companies differ: "Lead" is a P5 in one
and a P3 in another, and "Member of Technical Staff" means nothing to a generic table. A
title convention records what a phrase means in this catalogue; the leveler reads the
catalogue's conventions before its generic table, longest phrase first, and a convention
with no rank says the phrase names no level at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.domain.exceptions import InvalidData

__all__ = ["TRACKS", "TitleConvention", "check_conventions"]

TRACKS = frozenset({"M", "P", "S", "E"})
MAX_RANK = 12
MAX_PHRASE = 80
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TitleConvention:
    track: str
    phrase: str
    rank: int | None

    def __post_init__(self) -> None:
        if self.track not in TRACKS:
            raise InvalidData(f"track {self.track!r} must be one of M, P, S, E", field="track")
        if not any(c.isalnum() for c in self.phrase) or len(self.phrase) > MAX_PHRASE:
            raise InvalidData(
                f"phrase {self.phrase!r} must have a letter or digit and at most "
                f"{MAX_PHRASE} characters",
                field="phrase",
            )
        if self.phrase != _SPACES.sub(" ", self.phrase).strip():
            raise InvalidData(
                f"phrase {self.phrase!r} must be single-spaced with no spaces around it",
                field="phrase",
            )
        if self.rank is not None and not 1 <= self.rank <= MAX_RANK:
            raise InvalidData(f"rank {self.rank} must be 1 to {MAX_RANK}, or empty", field="rank")

    @property
    def key(self) -> tuple[str, str]:
        """Titles are matched in any case, so "Lead" and "lead" are the same convention."""
        return self.track, self.phrase.casefold()


def check_conventions(conventions: Iterable[TitleConvention]) -> tuple[TitleConvention, ...]:
    """The conventions in a stable order (track, phrase); a phrase twice on a track is refused."""
    seen: dict[tuple[str, str], TitleConvention] = {}
    for convention in conventions:
        if convention.key in seen:
            raise InvalidData(
                f"{convention.phrase!r} is on track {convention.track} twice", field="phrase"
            )
        seen[convention.key] = convention
    return tuple(seen[key] for key in sorted(seen))
