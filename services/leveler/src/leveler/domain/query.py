"""A requisition normalised once into everything the matching and scoring steps read.

`prepare` gives the text side every decision needs; `read_seniority` the stated facts and
seniority cues, which only a requisition that matches a profile needs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from leveler.domain.catalogue import IC_TRACK, MANAGEMENT_TRACK, TRACK_CODES
from leveler.domain.facts import (
    Fact,
    parse_budget,
    read_direct_reports_lowered,
    states_no_reports_lowered,
)
from leveler.domain.ladders import Cue, leadership_cues, scope_cues
from leveler.domain.normalise import (
    bigrams,
    content_stems,
    content_words,
    expand_shorthand,
    html_to_text,
)
from leveler.domain.requisition import Requisition
from leveler.domain.role_acronyms import RoleAcronyms
from leveler.domain.title_conventions import TitleConventions
from leveler.domain.years import YearsFact, read_years_lowered

__all__ = ["MAX_YEARS", "ROLE_WORDS", "Query", "Seniority", "prepare", "read_seniority"]

MAX_YEARS = 60.0
_TITLE_PARTS_RE = re.compile(r"[,(\[|:/\u2013\u2014]|\s-\s|\bof\b|\bfor\b|\bto\b")
# Grade suffixes ("Engineer II", "Analyst 3") say how senior, not what the role is.
_TITLE_SUFFIXES = frozenset({"i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"})
_MAX_REPORTS = 10_000
# A catalogue without title conventions: every track reads its generic table.
_NO_CONVENTIONS = TitleConventions({})
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
        "princip",
        "staff",
        "distinguish",
        "fellow",
        "head",
        "director",
        "manag",
        "vp",
        "vice",
        "president",
        "chief",
        "offic",
        "execut",
        "supervisor",
        "team",
        "ii",
        "iii",
        "iv",
        "group",
        "peopl",
        "leader",
        # How long or in what capacity the job is held, not what it is: "Interim Head of
        # Supply Chain", "Fractional VP Sales", "Acting Director".
        "interim",
        "fraction",
        "acting",
        "temporary",
        "freelanc",
    }
)


@dataclass(frozen=True, slots=True)
class Query:
    """A requisition's text and stems, computed once.

    `tokens` are the distinct stems and adjacent-stem phrases, `token_counts` how often
    each occurs; `counts`/`content`/`words` cover single stems only. `title_lowered` and
    `body_lowered` are the lower-cased title and description that `lowered` joins; the
    description keeps the catalogue's role acronyms in capitals (`role_acronyms`).
    """

    title: str
    text: str
    lowered: str
    title_lowered: str
    body_lowered: str
    tokens: frozenset[str]
    token_counts: dict[str, int]
    content: frozenset[str]
    counts: dict[str, int]
    words: int
    phrases: frozenset[str]
    title_core: tuple[str, ...]
    # The role the title names ("engineer" in "Senior Data Engineer, Payments"), or None when
    # it names only a seniority or people role ("Director of Sales").
    title_role: str | None = None
    # Every content stem of the title, seniority words included.
    title_stems: frozenset[str] = frozenset()
    # Every content word of the title as written, lower-cased ("engineering", not "engin").
    title_words: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.content


@dataclass(frozen=True, slots=True)
class Seniority:
    """What a requisition says about how senior the job is: stated facts and cue phrases."""

    years: YearsFact | None
    direct_reports: Fact | None
    budget: Fact | None
    # The title read on each track (every code in `TRACK_CODES`), by `TitleConventions.cue`.
    title_cues: Mapping[str, Cue | None]
    scope: tuple[Cue, ...]
    leadership: tuple[Cue, ...]
    # Years in the field, read apart from years leading people; None falls back to `years`.
    total_years: YearsFact | None = None
    # The requisition says the job has nobody reporting to it (field at 0, or in words).
    states_no_reports: bool = False
    # A phrase of the text asking for years of leading people ("5+ years managing people"),
    # whatever the years field says.
    leadership_asked: YearsFact | None = None

    @property
    def title_cue(self) -> Cue | None:
        """The title read as a manager's (on the management ladder)."""
        return self.title_cues.get(MANAGEMENT_TRACK)

    @property
    def ic_title_cue(self) -> Cue | None:
        """The title read as an individual contributor's (on the P track)."""
        return self.title_cues.get(IC_TRACK)

    def leadership_years_tenths(self) -> int | None:
        """Years of leadership asked for, in tenths of a year (exact integer arithmetic)."""
        if self.years is None:
            return None
        return round(min(self.years.leadership_years(), MAX_YEARS) * 10)

    def total_years_tenths(self) -> int | None:
        """Years of experience asked for, in tenths of a year, whatever they were spent on."""
        years = self.total_years or self.years
        if years is None:
            return None
        return round(min(years.value, MAX_YEARS) * 10)


def _structured_years(value: float | None) -> YearsFact | None:
    if value is None or not math.isfinite(value):
        return None
    years = min(max(value, 0.0), MAX_YEARS)
    # The ATS field counts years in the field, like most postings.
    return YearsFact(years, f"{years:g} years of experience (requisition field)", False)


def _told_by_text(field: YearsFact | None, *stated: YearsFact | None) -> YearsFact | None:
    """The years field, as the text's phrase of the same number tells it when there is one
    (the field "5" and "5-8 years managing supply chain teams" are one requirement, and the
    text says the years were spent leading people); the text's reading without a field."""
    if field is None:
        return stated[0]
    return next((fact for fact in stated if fact is not None and fact.value == field.value), field)


def _structured_reports(value: int | None) -> Fact | None:
    if value is None or value <= 0:
        return None
    count = min(value, _MAX_REPORTS)
    return Fact(float(count), f"{count} direct reports (requisition field)")


def title_role(title_lowered: str) -> str | None:
    """The last word of the title's first part that is not a seniority or people-role word:
    "engineer" in "Senior Data Engineer", "marketing" in "Marketing Manager".

    The first part ends at a comma, dash, bracket or "of": what follows names a team, a
    specialism or a place ("Data Scientist, Pricing", "Director of Engineering").
    """
    head = _TITLE_PARTS_RE.split(title_lowered, maxsplit=1)[0]
    stems = [s for s in content_stems(head) if s not in ROLE_WORDS and s not in _TITLE_SUFFIXES]
    return stems[-1] if stems else None


_NO_ROLE_ACRONYMS = RoleAcronyms()


def prepare(req: Requisition, role_acronyms: RoleAcronyms = _NO_ROLE_ACRONYMS) -> Query:
    """Normalise a requisition: plain text and stems."""
    title = expand_shorthand(html_to_text(req.title).replace("\n", " "))
    body = expand_shorthand(html_to_text(req.description))
    # Lower-casing the title and the body apart gives the same text as lower-casing them
    # joined (the line break between them is neither cased nor case-ignorable).
    title_lowered = title.lower()
    body_lowered = role_acronyms.lower(body)
    title_stems = content_stems(title)
    stems = title_stems + content_stems(body)
    counts = dict(Counter(stems))
    token_counts = dict(Counter(bigrams(stems)))
    phrases = frozenset(token_counts)
    # Phrases contain "_" and stems never do, so the two sets of keys are disjoint.
    token_counts.update(counts)
    return Query(
        title=title,
        text=f"{title}\n{body}" if body else title,
        lowered=f"{title_lowered}\n{body_lowered}" if body else title_lowered,
        title_lowered=title_lowered,
        body_lowered=body_lowered,
        tokens=phrases.union(counts),
        token_counts=token_counts,
        content=frozenset(counts),
        counts=counts,
        words=len(stems),
        phrases=phrases,
        title_core=tuple(dict.fromkeys([s for s in title_stems if s not in ROLE_WORDS])),
        title_role=title_role(title_lowered),
        title_stems=frozenset(title_stems),
        title_words=frozenset(content_words(title)),
    )


def read_seniority(
    req: Requisition, query: Query, conventions: TitleConventions | None = None
) -> Seniority:
    """The facts a requisition states (its fields first) and the seniority cues it uses.

    `conventions` are the catalogue's own title words, read before the generic tables.
    """
    body = query.body_lowered
    conventions = conventions or _NO_CONVENTIONS
    title_lowered = query.title_lowered
    asked = read_years_lowered(body)
    field_years = _structured_years(req.min_years_experience)
    states_no_reports = req.direct_reports == 0 or states_no_reports_lowered(body)
    reports = _structured_reports(req.direct_reports)
    # A count read from the text yields to the text's own stated absence: "the technical
    # lead for a team of six engineers ... an individual-contributor role" leads nobody.
    if reports is None and req.direct_reports is None and not states_no_reports:
        reports = read_direct_reports_lowered(body)
    return Seniority(
        years=_told_by_text(field_years, asked.leadership, asked.leading),
        direct_reports=reports,
        budget=parse_budget(body),
        title_cues={track: conventions.cue(track, title_lowered) for track in TRACK_CODES},
        scope=tuple(scope_cues(query.lowered, query.counts)),
        leadership=tuple(leadership_cues(query.lowered, query.counts)),
        total_years=_told_by_text(field_years, asked.total),
        leadership_asked=asked.leading,
        states_no_reports=states_no_reports,
    )
