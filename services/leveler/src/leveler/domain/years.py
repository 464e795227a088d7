"""Years of experience a posting asks for: in the field, and leading people.

Each reading keeps the phrase it came from, so the explanation can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leveler.domain.facts import NUM as _NUM
from leveler.domain.facts import PEOPLE_NOUNS, number_value

__all__ = [
    "TOTAL_TO_LEADERSHIP_YEARS",
    "YearsAsked",
    "YearsFact",
    "parse_total_years_lowered",
    "parse_years",
    "read_years_lowered",
    "years_count_leadership",
]

# A management track's typical years often count years of leadership ("2-5 years in
# clinical team leadership"); postings mostly count years in the field. The seed level
# boxes give both for the same levels (M1: 3-6 years in the field vs 0-2 leading; M2: 5-8
# vs 2-5), three years apart, so years in the field convert to years of leadership by
# subtracting three.
TOTAL_TO_LEADERSHIP_YEARS = 3.0

_DASH = r"(?:-|\u2013|\u2014|to)"
_PLUS = r"(?:\s*\+|\s+or\s+more|\s+plus)?"
_YEARS_RE = re.compile(
    rf"\b{_NUM}(?:\s*\(\s*\d{{1,2}}\s*\))?{_PLUS}\s*"
    rf"(?:{_DASH}\s*{_NUM}(?:\s*\(\s*\d{{1,2}}\s*\))?{_PLUS}\s*)?"
    r"(?:full[- ]time\s+)?(?:years?|yrs?)\b(?!\s+(?:ago|old))"
)
# Years count as leading people only when the clause after them names people ("managing
# people", "leading teams", "managing engineers", "in people management", "supervising
# staff", "of management experience"). A function's own "management" ("data management",
# "account management") is work in the field, and so is managing things or outsiders
# ("managing stakeholders", "managing suppliers", "managing servers", "managing grants"):
# the clause names teams or people (`facts.PEOPLE_NOUNS`).
_LED_PEOPLE = rf"teams?|{PEOPLE_NOUNS}"
_LEADERSHIP_CONTEXT_RE = re.compile(
    r"\b(?:direct\s+reports|supervis\w*|leadership|(?:people|line)\s+manag\w*"
    # German leadership words after an English years phrase, as postings mixing the two
    # write it: "3 years in einer Führungsfunktion", "2 years mit Personalverantwortung".
    r"|personalverantwortung|führungs\w+"
    r"|(?:of|in)\s+(?:a\s+)?management"
    # "as a manager", "as a team lead": not "as an account manager", a role in the field.
    r"|as\s+an?\s+(?:people\s+)?(?:manager|supervisor|team\s+lead(?:er)?)"
    # A technical, project or cross-functional team is one an individual contributor leads.
    r"|(?:managing|leading)\s+(?!(?:technical|project|cross[\w-]*|virtual)\b)(?:[\w-]+\s+){0,2}?"
    rf"(?:{_LED_PEOPLE})"
    r")\b"
)
_LEADERSHIP_CONTEXT_CHARS = 40
# Years counted in decades: "a decade-plus in software", "two decades of experience".
_DECADES_RE = re.compile(r"\b(a|one|two|three)\s+decades?\b")
_DECADE_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3}
_YEARS_PER_DECADE = 10.0
# A count that leans on the years phrase before it: "8 years of research, 5 managing
# others", "5+ years, at least 2 of which in a people management role", "(2+ leading teams)".
_SHORT_COUNT_RE = re.compile(
    rf"(?<![\w.$-]){_NUM}(?:\s*{_DASH}\s*\d{{1,2}})?{_PLUS}\s+(?:of\s+(?:which|them|those)\s+)?"
)
# What follows a years phrase describes it only up to the end of its clause.
_CLAUSE_END_RE = re.compile(r"[,;.()]|\b(?:including|with|and)\b")
_PREFERRED_RE = re.compile(r"\b(?:prefer\w*|ideally|nice to have|a plus|bonus|desirable)\b")
# "12+ years of planning, ideally in consumer health": the preference is for the industry
# the clause after the comma names, not for the years.
_PREFERRED_SUBCLAUSE_RE = re.compile(
    r",\s*(?:ideally|preferably)\s+(?:in|at|within|from|across|on)\b[^,;.]*"
)
# A count of years before a noun other than experience is a span of time the work covers
# ("a long-range (3-5 year) strategy", "a 10 year plan"), not experience asked for.
_SPAN_OF_TIME_RE = re.compile(
    r"\)?\s+(?!(?:of|in|at|as|with|experience|exp|work|working|relevant|professional"
    r"|industry|hands|post|minimum|required|preferred|plus|or|and)\b)[a-z]"
)
# Years counted from now or back from it, the words just before the count.
# Not "including the last 2 years managing people", which is experience.
_FROM_NOW_OR_BACK_RE = re.compile(
    r"\b(?:(?:over|in|during|within|for)\s+the\s+(?:next|coming|past|last|previous)"
    r"|the\s+(?:next|coming))\s+$"
)
_FROM_NOW_CHARS = 30
_HEADER_MAX_WORDS = 6
_HEADER_MAX_CHARS = 60
_MAX_YEARS = 50.0


@dataclass(frozen=True, slots=True)
class YearsFact:
    """A years-of-experience requirement; `leading` when it counts years managing people."""

    value: float
    phrase: str
    leading: bool = False

    def leadership_years(self) -> float:
        if self.leading:
            return self.value
        return max(0.0, self.value - TOTAL_TO_LEADERSHIP_YEARS)


def _is_header(line: str) -> bool:
    if len(line) > _HEADER_MAX_CHARS:
        return False
    stripped = line.strip()
    if not stripped or stripped.startswith(("-", "*", "•")):
        return False
    return len(stripped.split()) <= _HEADER_MAX_WORDS and not stripped.endswith(".")


def _year_mentions(lowered: str) -> tuple[list[YearsFact], list[YearsFact]]:
    """Lower bounds of every years phrase, split into required and preferred mentions."""
    required: list[YearsFact] = []
    preferred: list[YearsFact] = []
    in_preferred_section = False
    for line in lowered.split("\n"):
        if _is_header(line):
            in_preferred_section = _is_preferred(line)
        # The years pattern starts with a number, so the regex engine tries it at every
        # position; lines that name no years skip it (a third of a decision's reading time).
        if "year" not in line and "yr" not in line and "decade" not in line:
            continue
        facts = _line_years(line)
        if facts and (in_preferred_section or _is_preferred(line)):
            preferred.extend(facts)
        else:
            required.extend(facts)
    return required, preferred


def _is_preferred(line: str) -> bool:
    return _PREFERRED_RE.search(_PREFERRED_SUBCLAUSE_RE.sub("", line)) is not None


def _counted_from_now_or_back(line: str, start: int) -> bool:
    """Years counted from now or back ("over the next five years", "in the past 10 years")
    are a span of time."""
    return _FROM_NOW_OR_BACK_RE.search(line, max(0, start - _FROM_NOW_CHARS), start) is not None


def _is_span_of_time(line: str, match: re.Match[str]) -> bool:
    """A singular "year" after a count names a span of time, when a noun other than
    experience follows it, as do years counted from now or back."""
    if _counted_from_now_or_back(line, match.start()):
        return True
    unit_is_singular = not match.group(0).endswith(("years", "yrs"))
    return unit_is_singular and _SPAN_OF_TIME_RE.match(line, match.end()) is not None


def _line_years(line: str) -> list[YearsFact]:
    facts = []
    spans = []
    for match in _YEARS_RE.finditer(line):
        spans.append(match.span())
        low = number_value(match.group(1))
        if low > _MAX_YEARS or _is_span_of_time(line, match):
            continue
        facts.append(_asked(line, match, low))
    if spans:
        facts.extend(_short_leadership_counts(line, spans))
    facts.extend(_decades(line))
    return facts


def _decades(line: str) -> list[YearsFact]:
    facts = []
    for match in _DECADES_RE.finditer(line):
        if _counted_from_now_or_back(line, match.start()):
            continue
        facts.append(_asked(line, match, _DECADE_COUNTS[match.group(1)] * _YEARS_PER_DECADE))
    return facts


def _asked(line: str, match: re.Match[str], years: float) -> YearsFact:
    """The years a phrase asks for, leading people when the clause after it names them."""
    leading = _LEADERSHIP_CONTEXT_RE.search(_clause_after(line, match.end())) is not None
    return YearsFact(years, match.group(0).strip(), leading)


def _clause_after(line: str, end: int) -> str:
    """The words after a count, up to the end of its clause."""
    after = line[end : end + _LEADERSHIP_CONTEXT_CHARS]
    clause_end = _CLAUSE_END_RE.search(after)
    return after if clause_end is None else after[: clause_end.start()]


def _short_leadership_counts(line: str, spans: list[tuple[int, int]]) -> list[YearsFact]:
    """Counts of years leading people that leave "years" to the phrase before them."""
    facts = []
    # Spans and matches both come in text order, so one pass finds the span, if any, that
    # holds each match (a number of a years phrase itself, such as the 7 of "5-7 years").
    span = 0
    for match in _SHORT_COUNT_RE.finditer(line, spans[0][1]):
        while span < len(spans) and spans[span][1] <= match.start():
            span += 1
        if span < len(spans) and spans[span][0] <= match.start():
            continue
        after = _clause_after(line, match.end())
        value = number_value(match.group(1))
        if value <= _MAX_YEARS and _LEADERSHIP_CONTEXT_RE.search(after):
            facts.append(YearsFact(value, f"{match.group(0)}{after}".strip(), leading=True))
    return facts


@dataclass(frozen=True, slots=True)
class YearsAsked:
    """What a posting's years phrases ask for, read in one pass over the text."""

    # The most demanding requirement, compared as years of leadership (`parse_years`).
    leadership: YearsFact | None
    # Years in the field, apart from years leading people (`parse_total_years_lowered`).
    total: YearsFact | None
    # The first phrase asking for years of leading people, when one does.
    leading: YearsFact | None


def read_years_lowered(lowered: str) -> YearsAsked:
    """Every reading of a lower-cased posting's years phrases. Required mentions count;
    preferred ones only when nothing is required, and then the least demanding."""
    required, preferred = _year_mentions(lowered)
    mentions = required or preferred
    if not mentions:
        return YearsAsked(None, None, None)
    pick = max if required else min
    in_field = [fact for fact in mentions if not fact.leading] or mentions
    return YearsAsked(
        leadership=pick(mentions, key=lambda fact: (fact.leadership_years(), fact.leading)),
        total=pick(in_field, key=lambda fact: fact.value),
        leading=next((fact for fact in mentions if fact.leading), None),
    )


def parse_years(text: str) -> YearsFact | None:
    """Minimum years of experience a posting asks for.

    "5+ years", "5-10+ years" (any dash), "at least 3-5 years", "minimum of 7 years", "10+ yrs" all
    give their lower bound. With several mentions the most demanding required one wins,
    compared as years of leadership ("8+ years, including 3+ years managing people" asks
    for 5 years of leadership); preferred mentions count only when nothing is required.
    """
    return read_years_lowered(text.lower()).leadership


def years_count_leadership(typical: str) -> bool | None:
    """Whether a level's typical experience ("8-10 years in software engineering including
    2-4 years managing engineers") counts its years as years leading people, read from its
    first years phrase as a posting's are; None when it states no years."""
    facts = _line_years(" ".join(typical.lower().split()))
    return facts[0].leading if facts else None


def parse_total_years_lowered(lowered: str) -> YearsFact | None:
    """Years of experience in the field a lower-cased posting asks for, apart from years
    leading people: "8+ years, including 3 leading teams" asks for 8. When every mention
    counts leadership, the most demanding one stands for the total too.
    """
    return read_years_lowered(lowered).total
