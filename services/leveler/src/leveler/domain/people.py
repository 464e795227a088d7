"""What shows a posting leads people, read from its words.

A posting leads people when it says so plainly: direct reports (the ATS field, "6 direct
reports", "lead a team of 8 analysts", "report to you"), managing a team or its people in so
many words, years of leading people asked for, or a director-or-above title. Mentoring,
coaching, hiring and presenting to a leadership team are what senior individual
contributors do too, so they are no evidence either way; nor is a team the job joins, or
helping managers do their part ("coach leaders on people management"). A stated absence
("no direct reports", "individual contributor", the ATS field at 0) outweighs a title.
Greenhouse, Ashby and Lever send no reports field, so the words are what usually decides.
"""

from __future__ import annotations

import re

from leveler.domain.facts import NOT_SOMEONE_ELSES, NUM, PEOPLE_NOUNS, ROLE_PLURALS
from leveler.domain.query import Query, Seniority

__all__ = ["people_evidence"]

# A management-ladder title at this rung or above (director, VP) leads people.
_DIRECTOR_RUNG = 4.0
# A team noun, not one's possessive or a relationship with it ("the supplier team
# relationship").
_TEAM = (
    r"(?:teams?|staff|group|unit|department|organi[sz]ation|function|pod|squad|crew)\b"
    r"(?!['\u2019]s)(?!\s+relationships?\b)(?!-)"
)
_ARTICLE = r"(?:a|the|your|our|their|this|that)\s+"
# Words before a team noun that make it a group an individual contributor leads too (a
# project team, a cross-functional or virtual team, a working group, a tiger team) or one
# that reports elsewhere (a vendor's, supplier's, partner's, client's or agency's team).
_NOT_REPORTING_WORD = (
    r"(?!(?:cross[\w-]*|project|virtual|technical|working|tiger"
    r"|vendors?|suppliers?|partners?|clients?|customers?|agency)\s)"
)
# Up to three words naming the team ("the regional sales team", "our project management
# department"), the last of which does not make it a project or working group, and none
# of which makes it a virtual or cross-functional one ("a virtual deal team").
_NOT_VIRTUAL_WORD = r"(?!(?:cross[\w-]*|virtual|tiger)\s)"
_TEAM_NAME = (
    r"(?:(?:" + _NOT_VIRTUAL_WORD + r"[\w-]+\s+){0,2}?" + _NOT_REPORTING_WORD + r"[\w-]+\s+)?"
)
# Words between a verb and the people it acts on that say the people are someone else's
# ("manage relationships with account managers").
_NOT_OBJECT_WORD = r"(?!(?:with|for|to|of|across|between|by|and|relationships?)\s)"
# Roles the job acts on as their leader ("supervise planners", "- Lead CRAs and CTAs on one
# study"). "Lead" only where it is a verb: not after another word unless that is "will",
# "to", "and", "you" or "also" ("the lead engineers" is a noun phrase). The role ends its
# phrase, so "people analytics" or "staff meetings" are not people.
_LEADS_ROLES = (
    r"(?:(?:manag|supervis)(?:e|es|ing)\b|oversee(?:s|ing)?\b"
    r"|(?:(?<![\w'\u2019][ \t])(?<![\w'\u2019])|(?:will|to|and|you|also)\s+)lead(?:s|ing)?\b)"
    r"\s+(?:" + _NOT_OBJECT_WORD + r"[\w-]+\s+){0,2}?(?:" + ROLE_PLURALS + r")"
    r"(?=\s*(?:[.,;:!)\n]|$)|\s+(?:and|in|on|to|through|across|who|that|at|within|while|as"
    r"|from|for|of|with)\b|\s*&)"
)
# The job named as the leader of people or a team ("you are the first-line leader of our
# five material planners", "as the manager of the planning team").
_IS_THEIR_LEADER = (
    r"(?:you(?:['\u2019]ll|\s+will)?\s+(?:be|are)|as)\s+(?:the\s+|an?\s+|our\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:leader|manager|supervisor|head)\s+(?:of|for)\s+"
    r"(?:"
    + _ARTICLE
    + r")?(?:(?:[\w-]+\s+){0,3}?(?:"
    + ROLE_PLURALS
    + r")\b|"
    + _TEAM_NAME
    + _TEAM
    + r")"
)
# People the job calls "yours" as their leader ("coach and develop your reps", "coach,
# develop and evaluate your team", not "your team's roadmap"), and the
# one-to-ones a manager runs with each of them ("weekly 1:1s with each AE").
_YOUR_PEOPLE = (
    r"(?:coach|develop|lead|manag|supervis|mentor|grow|hir|retain|motivat)\w*\s+"
    r"(?:and\s+\w+\s+)?your\s+(?:own\s+)?(?:" + ROLE_PLURALS + r"|team\s+members)\b"
    r"|(?:coach|develop|evaluat|grow|manag|motivat|retain|supervis)\w*(?:,\s+\w+|\s+and\s+\w+){0,2}"
    r"\s+your\s+(?:own\s+)?team\b(?!['\u2019])"
    r"|(?:run|hold|conduct|lead)\w*\s+(?:\w+\s+){0,2}?(?:1:1s?|1-on-1s?|one[- ]on[- ]ones?"
    r"|one[- ]to[- ]ones?)\b[^.;:\n]{0,60}?\bwith\s+(?:(?:each|every|all)\b"
    r"|your\s+(?!(?:own\s+)?(?:manager|lead|boss|supervisor)\b))"
    # One-to-ones the job runs, with no one named ("lead weekly one-to-ones, listen to
    # calls"), or with each of a group whoever runs them ("regular 1:1s with each engineer").
    r"|(?:run|hold|conduct|lead)\w*\s+(?:\w+\s+){0,2}?(?:1:1s|1-on-1s|one[- ]on[- ]ones"
    r"|one[- ]to[- ]ones)\b(?!\s+with\b)"
    r"|(?:1:1s?|1-on-1s?|one[- ]on[- ]ones?|one[- ]to[- ]ones?)\s+with\s+(?:each|every)\b"
)
# What a manager does with the people they hire, after "hire and" or "hire,".
_LEADS_HIRES = (
    r"(?:coach|onboard|ramp|train|develop|mentor|lead|manag|retain|grow|motivat|inspir"
    r"|nurtur|support|build)\w*"
)
# A counted group of people who "will look to you" or "rely on you" ("Seven account
# executives will rely on you for coaching", "our engineers - five today - will look to you
# for career growth") is a team the job leads, named by its size. The rare words are
# searched first, then the clause before them for the group.
_RELIES_ON_YOU_RE = re.compile(
    r"\bwill\s+(?:look\s+to|rely\s+on|count\s+on|turn\s+to|depend\s+on)\s+you\b"
)
_COUNTED_GROUP_RE = re.compile(
    rf"\b(?:{NUM}\s+(?:[\w-]+\s+){{0,3}}?(?:{PEOPLE_NOUNS})"
    rf"|(?:{ROLE_PLURALS})\s*[-\u2013\u2014(,]\s*{NUM})\b"
)
_CLAUSE_ENDS = ".;:\n"
# Each phrase that says the job leads people; they are tried in this order at each word.
# "Lead" as a verb, not the noun after a determiner ("add the leads our SDR team books").
_LEAD_VERB = r"(?<!the\s)(?<!our\s)(?<!your\s)(?<!their\s)(?<!new\s)lead"
_PEOPLE_PHRASES = (
    r"people\s+(?:manager|management|leader(?:ship)?)\b",
    # Leadership as European postings name it ("disciplinary responsibility for 8
    # employees", "personnel responsibility"); "leadership of the team" below.
    r"(?:disciplinary|personnel)\s+(?:and\s+\w+\s+)?(?:responsibility|leadership|management)\b",
    # Line management of one's own, not others' ("front-line managers", "line managers").
    r"(?<![\w-])line[- ]manag(?:e|es|ing|ement)\b",
    NOT_SOMEONE_ELSES + r"direct\s+reports?\b",
    r"supervis(?:e|es|ing|ory)\b",
    r"manag\w*\s+(?:" + _NOT_OBJECT_WORD + r"[\w-]+\s+){0,3}?managers\b(?!['\u2019])",
    r"(?:reports?|reporting)\s+(?:directly\s+)?(?:in)?to\s+(?:you|this\s+(?:role|position))\b",
    r"through\s+(?:your\s+|their\s+)?(?:\w+\s+)?(?:managers|team\s+leads)\b",
    r"(?:their|your\s+team['\u2019]s)\s+performance\s+reviews?",
    r"(?:conduct|writ|complet|deliver)\w*\s+(?:\w+\s+){0,2}?performance\s+"
    r"(?:reviews?|appraisals?|assessments?|evaluations?)",
    r"(?:make|own|run|set|drive|lead)\w*\s+(?:the\s+|your\s+|all\s+)?(?:\w+['\u2019]s\s+)?"
    r"hiring\s+(?:decisions|plans?)\b",
    r"hiring,\s+(?:coaching|onboarding|developing|performance)",
    r"(?:decid|recommend)\w*\s+who\s+(?:to|you)\s+hire\b",
    # Hiring and then leading them ("hire, coach and develop"); not a product's customers
    # who "hire, pay and look after their teams".
    r"hire(?:\s+team\s+members|(?:\s+and|,)\s+" + _LEADS_HIRES + r")",
    r"(?:manag|supervis|"
    + _LEAD_VERB
    + r")\w*\s+(?:and\s+\w+\s+)?"
    + _ARTICLE
    + _TEAM_NAME
    + _TEAM,
    r"(?:build|grow|develop|coach)\w*\s+(?:and\s+(?:lead|manag)\w*\s+)"
    + _ARTICLE
    + r"(?:[\w-]+\s+){0,3}?"
    + _TEAM,
    _LEADS_ROLES,
    _IS_THEIR_LEADER,
    _YOUR_PEOPLE,
    r"leadership\s+of\s+(?:" + _ARTICLE + r")?" + _TEAM_NAME + _TEAM,
    # The job's place in an org chart, said in prose: "this role sits above three HR
    # business partners", "span of control: 6".
    r"(?:role|position|job|you)\s+sits?\s+above\b",
    r"span\s+of\s+control\W{0,3}(?:of\s+|is\s+)?" + NUM,
    # The words German and French postings use for it, often inside English text (DACH and
    # French employers post in both): personnel or leadership responsibility, disciplinary
    # leadership, "vous encadrez l'équipe".
    r"(?:personal|führungs)verantwortung\b|disziplinarische\s+führung\b|encadr(?:ez|er|ement)\b",
)
_PEOPLE_RE = re.compile(r"\b(?:" + "|".join(_PEOPLE_PHRASES) + r")")
# An individual contributor who helps managers do their part ("coach leaders on people
# management", "guide managers in delivering performance reviews") is not leading people:
# such a phrase in the clause before a match voids it.
_HELPS_MANAGERS_RE = re.compile(
    r"\b(?:help|guid|coach|support|advis|equip|enabl|train|partner)\w*\s+(?:\w+\s+){0,2}?"
    r"(?:managers|leaders)\b[^.;:\n]*$"
)
# A negation just before a match ("you will not manage the team") voids it.
_NEGATED_RE = re.compile(r"(?:\b(?:not|no|never|without)|n['\u2019]t)\s+(?:\w+\s+)?$")
# So does helping others do it ("help deliver the annual performance review", "assist with
# hiring"); on the same line, so that a title ending in "Assistants" leaves the text alone.
_ASSISTS_RE = re.compile(r"\b(?:help(?:s|ing)?|assist(?:s|ing)?(?:\s+with)?)[ \t]+(?:\w+[ \t]+)?$")
# How far before a match the clause that may void it is looked for.
_CONTEXT_CHARS = 80


def _voided(lowered: str, start: int) -> bool:
    """Whether the clause before `start` helps managers, or negates or helps with what
    follows."""
    before = lowered[max(0, start - _CONTEXT_CHARS) : start]
    return any(
        pattern.search(before) is not None
        for pattern in (_HELPS_MANAGERS_RE, _NEGATED_RE, _ASSISTS_RE)
    )


def _counted_group_relies_on_you(lowered: str) -> str | None:
    for relies in _RELIES_ON_YOU_RE.finditer(lowered):
        clause_start = max(lowered.rfind(end, 0, relies.start()) for end in _CLAUSE_ENDS) + 1
        start = max(clause_start, relies.start() - _CONTEXT_CHARS)
        group = _COUNTED_GROUP_RE.search(lowered, start, relies.start())
        if group is not None and not _voided(lowered, group.start()):
            return lowered[group.start() : relies.end()]
    return None


def _leads_people(lowered: str) -> str | None:
    """The first phrase that says the job leads people, not in a helps-managers clause."""
    for match in _PEOPLE_RE.finditer(lowered):
        if not _voided(lowered, match.start()):
            return match.group(0)
    return _counted_group_relies_on_you(lowered)


def people_evidence(query: Query, seniority: Seniority) -> str | None:
    """What shows the job leads people, or None when nothing does (or it says it does not)."""
    if seniority.direct_reports is not None:
        return seniority.direct_reports.phrase
    if seniority.states_no_reports:
        return None
    phrase = _leads_people(query.lowered)
    if phrase is not None:
        return phrase
    asked = seniority.leadership_asked
    if asked is not None:
        # Asking for years of leading people is asking for a people leader.
        return f"asks for {asked.phrase}"
    title_cue = seniority.title_cue
    if title_cue is not None and title_cue.rung >= _DIRECTOR_RUNG:
        return f"title '{query.title}'"
    return None
