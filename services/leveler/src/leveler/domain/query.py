"""A requisition normalised once into everything the matching and scoring steps read."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from leveler.domain.facts import (
    Fact,
    YearsFact,
    parse_budget,
    parse_direct_reports,
    parse_years,
)
from leveler.domain.ladders import Cue, leadership_cues, scope_cues, title_cue
from leveler.domain.normalise import bigrams, content_stems, html_to_text
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
    text = f"{title}\n{body}" if body else title
    lowered = text.lower()
    title_stems = content_stems(title)
    stems = title_stems + content_stems(body)
    pairs = bigrams(stems)
    phrases = frozenset(pairs)
    counts = dict(Counter(stems))
    token_counts = Counter(pairs)
    token_counts.update(counts)
    years = _structured_years(req.min_years_experience) or parse_years(body)
    reports = _structured_reports(req.direct_reports) or parse_direct_reports(body)
    return Query(
        title=title,
        text=text,
        lowered=lowered,
        tokens=phrases.union(counts),
        token_counts=dict(token_counts),
        content=frozenset(counts),
        counts=counts,
        words=len(stems),
        phrases=phrases,
        title_core=tuple(dict.fromkeys(s for s in title_stems if s not in ROLE_WORDS)),
        years=years,
        direct_reports=reports,
        budget=parse_budget(body),
        title_cue=title_cue(title),
        scope=tuple(scope_cues(lowered, counts)),
        leadership=tuple(leadership_cues(lowered, counts)),
    )
