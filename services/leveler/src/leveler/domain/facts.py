"""Facts stated in a posting's text: years of experience, direct reports, budget.

Each parser returns the value and the phrase it came from, so the explanation can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "TOTAL_TO_LEADERSHIP_YEARS",
    "Fact",
    "YearsFact",
    "parse_budget",
    "parse_budget_lowered",
    "parse_direct_reports",
    "parse_direct_reports_lowered",
    "parse_total_years_lowered",
    "parse_years",
    "parse_years_lowered",
    "states_no_reports_lowered",
    "years_count_leadership",
]

# A management track's typical years often count years of leadership ("2-5 years in
# clinical team leadership"); postings mostly count years in the field. The seed level
# boxes give both for the same levels (M1: 3-6 years in the field vs 0-2 leading; M2: 5-8
# vs 2-5), three years apart, so years in the field convert to years of leadership by
# subtracting three.
TOTAL_TO_LEADERSHIP_YEARS = 3.0

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
}
_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"
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
# people nouns ending in -ers are named, and the other endings people nouns share
# (specialists, clinicians, consultants, employees) need three letters before them.
_LED_PEOPLE = (
    r"others|teams?|people|staff|professionals|individuals|managers|engineers|developers"
    r"|designers|leaders|workers|members|planners|buyers|recruiters|researchers|supervisors"
    r"|coordinators|representatives|reps|\w{3,}(?:ists|ians|ants|ees)"
)
_LEADERSHIP_CONTEXT_RE = re.compile(
    r"\b(?:direct\s+reports|supervis\w*|leadership|(?:people|line)\s+management"
    r"|(?:of|in)\s+(?:a\s+)?management"
    # A technical, project or cross-functional team is one an individual contributor leads.
    r"|(?:managing|leading)\s+(?!(?:technical|project|cross[\w-]*|virtual)\b)(?:\w+\s+){0,2}?"
    rf"(?:{_LED_PEOPLE})"
    r")\b"
)
_LEADERSHIP_CONTEXT_CHARS = 40
# What follows a years phrase describes it only up to the end of its clause.
_CLAUSE_END_RE = re.compile(r"[,;.()]|\b(?:including|with|and)\b")
_PREFERRED_RE = re.compile(r"\b(?:prefer\w*|ideally|nice to have|a plus|bonus|desirable)\b")
_HEADER_MAX_WORDS = 6
_HEADER_MAX_CHARS = 60
_MAX_YEARS = 50.0

# Direct reports. Every pattern starts with a literal so the regex engine skips ahead to
# candidates (patterns led by a number or a word boundary scan every position, which is
# slow on long postings); a count stated before its noun is read from a short window.
_REPORT_NOUN_RE = re.compile(r"(?:reports?|direct\s+staff)\b")
_COUNT_BEFORE_RE = re.compile(
    rf"(?<![\w.]){_NUM}\s*\+?\s*(?:direct\s+reports?|reports|direct\s+staff)$"
)
_COUNT_WINDOW = 40
_TEAM_OF_RE = re.compile(
    rf"team\s+of\s+(?:up\s+to\s+|about\s+|approximately\s+|around\s+|over\s+)?{_NUM}\s*\+?"
)
# "A team of 8" counts as reports only when the job leads it, which the words just before
# it say ("lead our mobile team of seven", "you'll have a team of 6"); joining one ("join a
# team of 18 analysts") or a company blurb ("our data science team of 18") does not.
_LEADS_TEAM_RE = re.compile(
    r"(?<![\w-])(?:lead|manag|supervis|oversee|run|build|grow|hire|head|direct|develop|coach"
    r"|responsible\s+for|you(?:['\u2019]ll|\s+will)?\s+have)\w*\s+(?:[\w-]+\s+){0,4}?$"
)
_TEAM_WINDOW = 60
# Nouns for people in any function: generic ones, and the endings people nouns share
# (accountants, specialists, clinicians, trainees, professionals). Customers, clients and
# vendors are counted by account teams but are nobody's reports, so "-ers" is not one.
_PEOPLE_NOUNS = (
    r"people|staff|reports|managers|leaders|members|engineers|developers|designers|recruiters"
    r"|workers|coordinators|representatives|reps|associates|officers|analysts"
    r"|\w+(?:ists|ants|ees|ians|als)"
    # Role acronyms cannot be told from other words once lower-cased; these two come from
    # the seed postings and stay until the catalogue supplies its own role acronyms.
    r"|cras|ctas"
)
_VERB_COUNT_RES = tuple(
    re.compile(
        rf"{verb}\w*\s+{_NUM}\s*\+?\s+(?:[a-z/-]+\s+){{0,3}}?"
        rf"(?:{_PEOPLE_NOUNS})\b"
    )
    for verb in ("manag", "lead", "supervis", "direct")
)
# Each count pattern with the literal it starts with: text without it has no match.
_COUNT_RES = tuple(
    zip(
        ("team", "manag", "lead", "supervis", "direct"),
        (_TEAM_OF_RE, *_VERB_COUNT_RES),
        strict=True,
    )
)
_MAX_REPORTS = 10_000

_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_AMOUNT = (
    r"[$€£]\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|mm|mn|b|bn|million|billion|thousand)?\b"
)
# Every budget phrase names "budget" and an amount with its currency sign.
_CURRENCY_SIGNS = ("$", "€", "£")
_BUDGET_RES = (
    re.compile(_AMOUNT + r"(?:\s+[a-z-]+){0,4}?\s+budgets?\b"),
    re.compile(
        r"budgets?\s+(?:of\s+)?(?:(?:up\s+to|exceeding|over|above|around|ranging\s+up\s+to)\s+)?"
        + _AMOUNT
    ),
)


@dataclass(frozen=True, slots=True)
class Fact:
    value: float
    phrase: str


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


def _number(token: str) -> float:
    word_value = _NUMBER_WORDS.get(token)
    return float(word_value) if word_value is not None else float(token)


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
    if "year" not in lowered and "yr" not in lowered:
        return required, preferred
    in_preferred_section = False
    for line in lowered.split("\n"):
        if len(line) <= _HEADER_MAX_CHARS and _is_header(line):
            in_preferred_section = _is_preferred(line)
        if "year" not in line and "yr" not in line:
            continue
        facts = _line_years(line)
        if facts and (in_preferred_section or _is_preferred(line)):
            preferred.extend(facts)
        else:
            required.extend(facts)
    return required, preferred


def _is_preferred(line: str) -> bool:
    return _PREFERRED_RE.search(line) is not None


def _line_years(line: str) -> list[YearsFact]:
    facts = []
    for match in _YEARS_RE.finditer(line):
        low = _number(match.group(1))
        if low > _MAX_YEARS:
            continue
        end = match.end()
        after = line[end : end + _LEADERSHIP_CONTEXT_CHARS]
        clause_end = _CLAUSE_END_RE.search(after)
        if clause_end is not None:
            after = after[: clause_end.start()]
        leading = bool(_LEADERSHIP_CONTEXT_RE.search(after))
        facts.append(YearsFact(low, match.group(0).strip(), leading))
    return facts


def parse_years(text: str) -> YearsFact | None:
    """Minimum years of experience a posting asks for.

    "5+ years", "5-10+ years" (any dash), "at least 3-5 years", "minimum of 7 years", "10+ yrs" all
    give their lower bound. With several mentions the most demanding required one wins,
    compared as years of leadership ("8+ years, including 3+ years managing people" asks
    for 5 years of leadership); preferred mentions count only when nothing is required.
    """
    return parse_years_lowered(text.lower())


def parse_years_lowered(lowered: str) -> YearsFact | None:
    """`parse_years` of text that is already lower-cased."""
    required, preferred = _year_mentions(lowered)
    if required:
        return max(required, key=lambda fact: (fact.leadership_years(), fact.leading))
    if preferred:
        return min(preferred, key=lambda fact: (fact.leadership_years(), fact.leading))
    return None


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
    required, preferred = _year_mentions(lowered)
    if required:
        in_field = [fact for fact in required if not fact.leading] or required
        return max(in_field, key=lambda fact: fact.value)
    if preferred:
        in_field = [fact for fact in preferred if not fact.leading] or preferred
        return min(in_field, key=lambda fact: fact.value)
    return None


def _starts_word(text: str, position: int) -> bool:
    return position == 0 or not text[position - 1].isalnum()


def _report_counts(lowered: str) -> list[re.Match[str]]:
    found = []
    nouns = _REPORT_NOUN_RE.finditer(lowered) if "report" in lowered or "direct" in lowered else ()
    for noun in nouns:
        start = max(0, noun.start() - _COUNT_WINDOW)
        match = _COUNT_BEFORE_RE.search(lowered, start, noun.end())
        if match is not None:
            found.append(match)
    for literal, pattern in _COUNT_RES:
        if literal in lowered:
            found.extend([m for m in pattern.finditer(lowered) if _starts_word(lowered, m.start())])
    return [m for m in found if m.re is not _TEAM_OF_RE or _leads_team(lowered, m.start())]


def _leads_team(lowered: str, team_at: int) -> bool:
    start = max(0, team_at - _TEAM_WINDOW)
    return _LEADS_TEAM_RE.search(lowered, start, team_at) is not None


def parse_direct_reports(text: str) -> Fact | None:
    """Number of direct reports stated in the text ("8 direct reports", "a team of 12")."""
    return parse_direct_reports_lowered(text.lower())


def parse_direct_reports_lowered(lowered: str) -> Fact | None:
    """`parse_direct_reports` of text that is already lower-cased."""
    found: list[Fact] = []
    for match in _report_counts(lowered):
        count = _number(match.group(1))
        if 0 < count <= _MAX_REPORTS:
            found.append(Fact(count, match.group(0).strip()))
    if not found:
        return None
    return max(found, key=lambda fact: fact.value)


_NO_REPORTS_RE = re.compile(
    r"\b(?:no|without|zero)\s+(?:direct\s+reports|people[- ]management|reports)\b"
    r"|\bindividual[- ]contributor\b|\bnot\s+a\s+people[- ]manag"
)


def states_no_reports_lowered(lowered: str) -> bool:
    """The text says the job manages nobody ("no direct reports", "individual contributor")."""
    return _NO_REPORTS_RE.search(lowered) is not None


def parse_budget(text: str) -> Fact | None:
    """The largest budget amount the text mentions, in currency units ("$5M budget")."""
    return parse_budget_lowered(text.lower())


def parse_budget_lowered(lowered: str) -> Fact | None:
    """`parse_budget` of text that is already lower-cased."""
    found: list[Fact] = []
    if "budget" not in lowered or not any(sign in lowered for sign in _CURRENCY_SIGNS):
        return None
    for pattern in _BUDGET_RES:
        for match in pattern.finditer(lowered):
            amount = float(match.group(1).replace(",", ""))
            amount *= _MULTIPLIERS.get(match.group(2) or "", 1.0)
            found.append(Fact(amount, match.group(0).strip()))
    if not found:
        return None
    return max(found, key=lambda fact: fact.value)
