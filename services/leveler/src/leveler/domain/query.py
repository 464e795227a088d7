"""A requisition normalised once into everything the matching and scoring steps read."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from leveler.domain.facts import (
    Fact,
    YearsFact,
    parse_budget_lowered,
    parse_direct_reports_lowered,
    parse_years_lowered,
)
from leveler.domain.ladders import Cue, leadership_cues, scope_cues, title_cue_lowered
from leveler.domain.normalise import bigrams, html_to_text, lowered_stems
from leveler.domain.requisition import Requisition

__all__ = ["MAX_YEARS", "ROLE_WORDS", "Query", "prepare"]

MAX_YEARS = 60.0
_MAX_REPORTS = 10_000
# Seniority and role words say how senior a job is, not what it is about, so they are left
# out when a title is compared with profile names.
ROLE_WORDS = frozenset(
    {
        "senior",
        "sr",
        "junior",
        "jr",
        "associat",
        "assistant",
        "lead",
        "principal",
        "head",
        "director",
        "manag",
        "vp",
        "vice",
        "president",
        "chief",
        "execut",
        "supervisor",
        "team",
        "ii",
        "iii",
        "iv",
        "group",
        "peopl",
        "leader",
    }
)


@dataclass(frozen=True, slots=True)
class Query:
    """A requisition's text, stems, stated facts and seniority cues, computed once.

    `tokens` are the distinct stems and adjacent-stem phrases, `token_counts` how often
    each occurs; `counts`/`content`/`words` cover single stems only.
    """

    title: str
    text: str
    lowered: str
    tokens: frozenset[str]
    token_counts: dict[str, int]
    content: frozenset[str]
    counts: dict[str, int]
    words: int
    phrases: frozenset[str]
    title_core: tuple[str, ...]
    years: YearsFact | None
    direct_reports: Fact | None
    budget: Fact | None
    title_cue: Cue | None
    scope: tuple[Cue, ...]
    leadership: tuple[Cue, ...]

    @property
    def is_empty(self) -> bool:
        return not self.content

    def leadership_years_tenths(self) -> int | None:
        """Years of leadership asked for, in tenths of a year (exact integer arithmetic)."""
        if self.years is None:
            return None
        return round(min(self.years.leadership_years(), MAX_YEARS) * 10)


def _structured_years(value: float | None) -> YearsFact | None:
    if value is None or not math.isfinite(value):
        return None
    years = min(max(value, 0.0), MAX_YEARS)
    # The ATS field counts years in the field, like most postings.
    return YearsFact(years, f"{years:g} years of experience (requisition field)", False)


def _structured_reports(value: int | None) -> Fact | None:
    if value is None or value <= 0:
        return None
    count = min(value, _MAX_REPORTS)
    return Fact(float(count), f"{count} direct reports (requisition field)")


def prepare(req: Requisition) -> Query:
    """Normalise a requisition: plain text, stems, stated facts and seniority cues."""
    title = html_to_text(req.title).replace("\n", " ")
    body = html_to_text(req.description)
    # Lower-casing the title and the body apart gives the same text as lower-casing them
    # joined (the line break between them is neither cased nor case-ignorable).
    title_lowered = title.lower()
    body_lowered = body.lower()
    text = f"{title}\n{body}" if body else title
    lowered = f"{title_lowered}\n{body_lowered}" if body else title_lowered
    title_stems = lowered_stems(title_lowered)
    stems = title_stems + lowered_stems(body_lowered)
    pairs = bigrams(stems)
    phrases = frozenset(pairs)
    counts = dict(Counter(stems))
    # Phrases contain "_" and stems never do, so the two sets of keys are disjoint.
    token_counts = dict(Counter(pairs))
    token_counts.update(counts)
    years = _structured_years(req.min_years_experience) or parse_years_lowered(body_lowered)
    reports = _structured_reports(req.direct_reports) or parse_direct_reports_lowered(body_lowered)
    return Query(
        title=title,
        text=text,
        lowered=lowered,
        tokens=phrases.union(counts),
        token_counts=token_counts,
        content=frozenset(counts),
        counts=counts,
        words=len(stems),
        phrases=phrases,
        title_core=tuple(dict.fromkeys([s for s in title_stems if s not in ROLE_WORDS])),
        years=years,
        direct_reports=reports,
        budget=parse_budget_lowered(body_lowered),
        title_cue=title_cue_lowered(title_lowered),
        scope=tuple(scope_cues(lowered, counts)),
        leadership=tuple(leadership_cues(lowered, counts)),
    )
