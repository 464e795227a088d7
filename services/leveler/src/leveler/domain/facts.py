"""Facts stated in a posting's text: direct reports and budget (years: `years`).

Each parser returns the value and the phrase it came from, so the explanation can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "NOT_SOMEONE_ELSES",
    "NUM",
    "PEOPLE_NOUNS",
    "ROLE_PLURALS",
    "Fact",
    "number_value",
    "parse_budget",
    "read_direct_reports_lowered",
    "states_no_reports_lowered",
]

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
# A count in digits or words ("5", "2.5", "five"), as group 1.
NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"

# Direct reports. Every pattern starts with a literal so the regex engine skips ahead to
# candidates (patterns led by a number or a word boundary scan every position, which is
# slow on long postings); a count stated before its noun is read from a short window.
_REPORT_NOUN_RE = re.compile(r"(?:reports?|direct\s+staff)\b")
# Someone else's reports ("coach the president and their 8 direct reports", "the CTO's 6
# reports", "advise the CTO's direct reports") are not the job's.
NOT_SOMEONE_ELSES = r"(?<!their\s)(?<!his\s)(?<!her\s)(?<!its\s)(?<!['\u2019]s\s)"
# "No one reports to this role" states an absence, not one report.
_COUNT_BEFORE_RE = re.compile(
    r"(?<!no\s)"
    + NOT_SOMEONE_ELSES
    + rf"(?<![\w.]){NUM}\s*\+?\s*(?:direct\s+reports?|reports|direct\s+staff)$"
)
_COUNT_WINDOW = 40
_TEAM_OF_RE = re.compile(
    rf"team\s+of\s+(?:up\s+to\s+|about\s+|approximately\s+|around\s+|over\s+)?{NUM}\s*\+?"
)
# "A team of 8" counts as reports only when the job leads it, which the words just before
# it say ("lead our mobile team of seven", "you'll have a team of 6"); joining one ("join a
# team of 18 analysts") or a company blurb ("our data science team of 18") does not.
# A technical lead "for a team of six engineers" is a role, not a verb: it leads the
# work, not the people.
_LEADS_TEAM_RE = re.compile(
    r"(?<![\w-])(?<!tech\s)(?<!technical\s)(?:lead|manag|supervis|oversee|run|build|grow|hire|head|direct|develop|coach"
    r"|responsible\s+for|you(?:['\u2019]ll|\s+will)?\s+have)\w*\s+(?:[\w-]+\s+){0,4}?$"
)
_TEAM_WINDOW = 60
# Roles people hold, named: the plurals a job leads ("supervise planners", "lead CRAs").
# The only capitals in lower-cased text are the catalogue's role acronyms
# (`role_acronyms`), so a word in capitals with a plural "s" is one of them.
ROLE_PLURALS = (
    r"people|staff|managers|leaders|engineers|developers|designers|recruiters|workers"
    r"|planners|researchers|supervisors|coordinators|representatives|reps|associates"
    r"|officers|analysts|professionals|specialists|scientists|technicians|employees"
    r"|accountants|assistants|[A-Z]{2,6}s"
)
# Nouns for people in any function where a count goes with them ("manage 6 planners"):
# the named roles, and the endings people nouns share (clinicians, consultants), which
# need three letters before them ("lists", "grants" and "fees" are not people).
# Customers, suppliers, stakeholders and servers end in -ers too but are nobody's reports,
# so people nouns in -ers are named.
# "Buyers", "sellers" and "executives" are a team's only with a count or as the people
# whose leading is counted in years: in sales buyers are the customers, on a marketplace
# sellers are, and elsewhere executives are the leaders one presents to.
PEOPLE_NOUNS = (
    rf"{ROLE_PLURALS}|buyers|sellers|executives|reports|others|members|individuals"
    r"|\w{3,}(?:ists|ants|ees|ians)"
)
_VERB_COUNT_RES = tuple(
    re.compile(
        rf"{verb}\w*\s+{NUM}\s*\+?\s+(?:[a-z/-]+\s+){{0,3}}?"
        rf"(?:{PEOPLE_NOUNS})\b(?!['\u2019])"
    )
    for verb in ("manag", "lead", "supervis", "direct")
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


def number_value(token: str) -> float:
    word_value = _NUMBER_WORDS.get(token)
    return float(word_value) if word_value is not None else float(token)


def _starts_word(text: str, position: int) -> bool:
    return position == 0 or not text[position - 1].isalnum()


def _report_counts(lowered: str) -> list[re.Match[str]]:
    found = []
    for noun in _REPORT_NOUN_RE.finditer(lowered):
        start = max(0, noun.start() - _COUNT_WINDOW)
        match = _COUNT_BEFORE_RE.search(lowered, start, noun.end())
        if match is not None:
            found.append(match)
    for pattern in (_TEAM_OF_RE, *_VERB_COUNT_RES):
        found.extend(m for m in pattern.finditer(lowered) if _starts_word(lowered, m.start()))
    return [m for m in found if m.re is not _TEAM_OF_RE or _leads_team(lowered, m.start())]


def _leads_team(lowered: str, team_at: int) -> bool:
    start = max(0, team_at - _TEAM_WINDOW)
    return _LEADS_TEAM_RE.search(lowered, start, team_at) is not None


def read_direct_reports_lowered(lowered: str) -> Fact | None:
    """Number of direct reports stated in lower-cased text ("8 direct reports", "a team of
    12"); the caller lowers it, keeping role acronyms in capitals (`role_acronyms`)."""
    found: list[Fact] = []
    for match in _report_counts(lowered):
        count = number_value(match.group(1))
        if 0 < count <= _MAX_REPORTS:
            found.append(Fact(count, match.group(0).strip()))
    if not found:
        return None
    return max(found, key=lambda fact: fact.value)


_NO_REPORTS_RE = re.compile(
    r"\b(?:no|without|zero)\s+(?:direct\s+reports|people[- ]management|reports)\b"
    r"|\bindividual[- ]contributor\b|\bnot\s+a\s+people[- ]manag"
    r"|\b(?:no|without)\s+(?:disciplinary|personnel|line)\s+"
    r"(?:responsibility|management|leadership|reports)\b"
    r"|\b(?:no[\s-]one|nobody|none\s+of\s+(?:them|whom|these|those))\s+(?:will\s+)?"
    r"reports?\s+(?:directly\s+)?(?:in)?to\s+(?:you|this\s+(?:role|position|job))\b"
    # "there are no reps reporting to you", "there's no team to manage yet".
    r"|\bno\s+(?:[\w-]+\s+)?(?:" + ROLE_PLURALS + r")\s+(?:reporting|report)\s+(?:directly\s+)?"
    r"(?:in)?to\s+you\b"
    r"|\bno\s+(?:team|one|body)\s+to\s+(?:manage|lead|supervise)\b"
    # "you'll be our first and only planner", "the only dedicated people professional"; not
    # the only manager of a team.
    r"|\byou(?:['\u2019]ll|\s+will)?\s+(?:be|are)\s+(?:our|the)\s+(?:first\s+and\s+)?"
    r"(?:only|sole)\s+(?!(?:[\w-]+\s+){0,2}?(?:manager|leader|supervisor|head)\b)"
    r"|\b(?:won['\u2019]t|will\s+not|do(?:es)?\s+not|(?:don|doesn)['\u2019]t)\s+(?:be\s+)?"
    r"(?:(?:manag|supervis|lead)\w*\s+(?:people|anyone|direct\s+reports|an?\s+(?:[\w-]+\s+)?team)"
    r"|have\s+(?:any\s+)?(?:(?:direct\s+)?reports|people[- ]management))\b"
    r"|\bno\s+team\s+of\s+(?:its|your|their)\s+own\b"
)


def states_no_reports_lowered(lowered: str) -> bool:
    """The text says the job manages nobody ("no direct reports", "individual contributor",
    "no team to manage yet", "you'll be our first and only planner")."""
    return _NO_REPORTS_RE.search(lowered) is not None


def parse_budget(text: str) -> Fact | None:
    """The largest budget amount the text mentions, in currency units ("$5M budget")."""
    lowered = text.lower()
    found: list[Fact] = []
    for pattern in _BUDGET_RES:
        for match in pattern.finditer(lowered):
            amount = float(match.group(1).replace(",", ""))
            amount *= _MULTIPLIERS.get(match.group(2) or "", 1.0)
            found.append(Fact(amount, match.group(0).strip()))
    if not found:
        return None
    return max(found, key=lambda fact: fact.value)
