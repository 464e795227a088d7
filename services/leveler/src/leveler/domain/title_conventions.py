"""The catalogue's own seniority words in job titles, read before the generic tables.

A company names levels in its own words ("Member of Technical Staff" is a P4 here) or
means something else by a generic one ("Lead" is a P5 here, not the usual P4). So a title
is read on each track with that track's conventions first, and the longest phrase the
title contains wins: a rank gives the cue, and a null rank means the title gives no cue at
all, which is how a company switches a generic word off. Only when no phrase of the track
is in the title does the generic table answer: the management ladder
(`ladders.title_cue`) on the M track, the individual-contributor table
(`ic_titles.ic_title_cue_lowered`) on every other track (P, S, E). One track's conventions
never answer for another: "Member of Technical Staff" = P4 says nothing about an S title.

A phrase matches whole words in any case: no letter or digit right before or after it,
and any run of whitespace where the phrase has a space. Conventions are compiled once per
catalogue, when its index is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from leveler.domain.catalogue import MANAGEMENT_TRACK, TitleConvention
from leveler.domain.ic_titles import ic_title_cue_lowered
from leveler.domain.ladders import Cue, title_cue

__all__ = ["TitleConventions"]

# A letter or digit: `[^\W_]` is a word character other than the underscore.
_NOT_AFTER_WORD = r"(?<![^\W_])"
_NOT_BEFORE_WORD = r"(?![^\W_])"


@dataclass(frozen=True, slots=True)
class _Phrase:
    # A word every match contains: an `in` test skips the regex for most titles.
    literal: str
    pattern: re.Pattern[str]
    rank: int | None


def _phrase(phrase: str, rank: int | None) -> _Phrase:
    # Titles are read lower-cased, so a lower-cased phrase matches them in any case.
    words = phrase.lower().split()
    body = r"\s+".join(re.escape(word) for word in words)
    pattern = re.compile(_NOT_AFTER_WORD + body + _NOT_BEFORE_WORD)
    return _Phrase(max(words, key=len), pattern, rank)


def _compiled(conventions: list[TitleConvention]) -> tuple[_Phrase, ...]:
    # Longest first, so the first phrase found is the longest the title contains; ties
    # are put in phrase order so the outcome does not depend on the catalogue's order.
    keyed = [(" ".join(c.phrase.split()), c.rank) for c in conventions]
    keyed.sort(key=lambda item: (-len(item[0]), item[0].casefold()))
    return tuple(_phrase(phrase, rank) for phrase, rank in keyed)


@dataclass(frozen=True, slots=True)
class TitleConventions:
    """A catalogue's title conventions compiled per track, longest phrase first."""

    by_track: Mapping[str, tuple[_Phrase, ...]]

    @classmethod
    def compile(cls, conventions: Iterable[TitleConvention]) -> TitleConventions:
        per_track: dict[str, list[TitleConvention]] = {}
        for convention in conventions:
            # A phrase of no words would match every title.
            if convention.phrase.split():
                per_track.setdefault(convention.track, []).append(convention)
        return cls({track: _compiled(found) for track, found in sorted(per_track.items())})

    def cue(self, track: str, title_lowered: str) -> Cue | None:
        """The cue a lower-cased title gives on `track`: the track's conventions first,
        then its generic table."""
        generic = title_cue if track == MANAGEMENT_TRACK else ic_title_cue_lowered
        for phrase in self.by_track.get(track, ()):
            if phrase.literal not in title_lowered:
                continue
            match = phrase.pattern.search(title_lowered)
            if match is not None:
                if phrase.rank is None:
                    return None
                return Cue(float(phrase.rank), match.group(0), from_catalogue=True)
        return generic(title_lowered)
