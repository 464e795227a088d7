"""What counts as leading people, what a title names, and how the track settles a close call
between a function's individual-contributor and management profiles."""

from __future__ import annotations

import pytest

from leveler.domain.people import people_evidence
from leveler.domain.query import prepare, read_seniority
from leveler.domain.requisition import Requisition
from leveler.domain.role_acronyms import RoleAcronyms

# The role acronyms a clinical catalogue writes about ("junior CRAs and CTAs").
_CLINICAL_ROLES = RoleAcronyms(frozenset({"CRA", "CTA"}))


def _evidence(description: str, title: str = "Analyst", **fields: object) -> str | None:
    requisition = Requisition(title=title, description=description, **fields)  # type: ignore[arg-type]
    query = prepare(requisition, _CLINICAL_ROLES)
    return people_evidence(query, read_seniority(requisition, query))


@pytest.mark.parametrize(
    "text",
    [
        "Manage five direct reports: weekly one-to-ones and coaching.",
        "Lead a small team of coordinators on one study.",
        "Hire, develop and retain a team of account executives.",
        "Hire and onboard four new planners this year.",
        "Hire, ramp and retain account executives who can win.",
        "Seven account executives will rely on you for coaching and deal help.",
        "Eight sales development reps in our Raleigh office will look to you every day.",
        "Our iOS and Android engineers - five today, seven by year end - will look to you.",
        "Most of your week belongs to the six inside sales reps who report into this role.",
        "Lead 6 account executives selling into the Mountain West.",
        "Coach, develop and evaluate your team through two performance cycles a year.",
        "We're looking for a manager to lead that team to a shared quarterly target.",
        "Meet one-on-one with each rep every week and coach them on deals.",
        "Interview candidates and recommend who to hire.",
        "Set objectives, run reviews and decide who to hire and when.",
        "Set goals with each engineer and write their performance reviews.",
        "Lead the data science department through your three managers.",
        "Supervise the planning team across two sites.",
        "You will manage the regional sales team and own its forecast.",
        "Lead the planning sections; three section managers report to you.",
        "Manage experienced clinical project managers who each run a trial.",
        "Manage our project management department.",
        "You will lead our mobile team of seven engineers.",
        "5-7+ years managing clinical professionals.",
        "At least 10 years of experience, including 8 years leading teams.",
        "8+ years in software engineering, including 3+ years managing engineers.",
        "8 years of clinical research experience, 5 managing others.",
        "<ul><li>Lead CRAs and CTAs and own tactical timeline and quality.</li></ul>",
        "Lead&nbsp;CRAs&nbsp;&amp;&nbsp;CTAs on one or more studies.",
        "You will supervise planners and buyers across two sites.",
        "Oversee engineers, designers and analysts in three time zones.",
        "Manage three planning managers.",
        "You are the first-line leader of our five material planners and coordinators.",
        "As the manager of the planning team, you own its forecast.",
        "You will line-manage two analysts.",
        "You'll coach and develop your reps and own the team target.",
        "Run weekly 1:1s, call reviews and pipeline sessions with each AE.",
        "Hold one-on-ones with your engineers every week.",
        "Lead a pod of five commercial account executives.",
        "Disciplinary responsibility for 8 employees (material planners).",
        "Personnel responsibility for 9 engineers.",
        "Leadership of the team Mittelstand (6 FTE account executives).",
        "Running a weekly one-to-one with each of your three reps.",
        "Hold a fortnightly 1:1 with every planner.",
        "Eight to ten years in sales, including around three years leading quota-carrying sellers.",
        "Lead weekly one-to-ones, listen to calls and coach on discovery.",
        "Regular 1:1s with each engineer; set individual goals.",
        "Du hast Personalverantwortung für das Team.",
        "Fachliche und disziplinarische Führung von 5 Mitarbeitenden.",
        "Vous encadrez l'équipe Inside Sales PME.",
        "At least 8 years in HR, including 3 years in einer Führungsfunktion.",
        "This role sits above three HR business partners and an HR coordinator.",
        "Span of control: 6 (four Account Executives and two SDRs).",
    ],
)
def test_plainly_stated_people_leadership_is_evidence(text: str) -> None:
    assert _evidence(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "We're hiring a data scientist to join our product analytics group.",
        "Coach junior analysts and review their SQL.",
        "Present findings to the leadership team every quarter.",
        "Coach leaders on performance management and difficult conversations.",
        "Help run the annual performance review and engagement survey.",
        "Lead cross-functional project teams through each product launch.",
        "Partner with hiring managers on interview design.",
        "Define the hiring bar and the technical review process.",
        "You'll join a team of 12 data scientists working on pricing.",
        "We're a 300-person company with an engineering team of 90.",
        "Coach leaders on people management practices and employee relations.",
        "Guide managers in delivering performance reviews and development plans.",
        "Inform the hiring plan with workforce analytics.",
        "Manage relationships with account managers and channel partners.",
        "4+ years of experience managing stakeholders and vendors.",
        "5+ years leading technical teams through complex launches.",
        "Manage the supplier team relationship for packaging.",
        "Manage our vendor team in India through weekly reviews.",
        "Work with the lead engineers on the design of each service.",
        "Build forecasts that our lead analysts trust.",
        "Lead people analytics projects for the HR team.",
        "Manage weekly reports for the planning team.",
        "Manage staff meetings and the team calendar.",
        "Lead buyers from first call through negotiation and signature.",
        "Manage hiring managers' expectations on time to fill.",
        "You won't manage people, but you will lead large efforts across teams.",
        "You will not manage the planning team; you will partner with it.",
        "This role does not supervise anyone; it sets the planning method.",
        "Support a client group of 250 employees and 30 front-line managers.",
        "Partner with line managers on performance conversations.",
        "You will be the technical lead for the analytics team.",
        "As a member of the sales team you carry a quota.",
        "Hold 1:1s with your manager to plan your growth.",
        "Coach your customers on reporting best practice.",
        "Work with your team on the quarterly roadmap.",
        "Lead planner for the Kinaxis rollout, without disciplinary responsibility.",
        "Leadership of cross-functional projects across the region.",
        "9,000 companies use Northwind to hire, pay and look after their teams.",
        "Our platform lets employers hire and pay contractors in 150 countries.",
        "Engineers across the company will look to you for guidance on experiment design.",
        "Our 40 enterprise customers will rely on you for a clear renewal plan.",
        "Manage 3 executives' calendars, travel and board papers.",
        "You'll be the technical lead for a team of six engineers on payments.",
        "Develop your team's forecasting model and its monitoring.",
        "Lead a team of 6 engineers through the migration. This is an individual-contributor role.",
        "Lead a virtual deal team: solution architects, partners and our executives.",
        "Add the leads our SDR team books and take them all the way to signature.",
        "Hold a weekly one-to-one with your manager on priorities.",
        "Lead the group-wide redesign of our operating model.",
        "Review spans of control and layers with each business unit's leaders.",
        "Advise the CTO's direct reports and their heads of department.",
        "Help deliver the annual performance review by pulling together data and templates.",
        "Assist with hiring decisions for the regional team by scheduling interviews.",
        "Coach the founders and their direct reports through the reorganisation.",
        "5+ years helping marketplace sellers grow their stores.",
    ],
)
def test_what_individual_contributors_do_too_is_no_evidence(text: str) -> None:
    assert _evidence(text) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("A senior planner role with no personnel responsibility.", "Director of Planning"),
        (
            "No one reports to this role; your influence comes from your judgement.",
            "Director of People Partnering",
        ),
        (
            "You won't have direct reports; reviews sit with the squad's engineering manager.",
            "Director of Engineering",
        ),
        (
            "You will not manage an HR team; you coach the CTO and her direct reports.",
            "Director of People Partnering",
        ),
        (
            "People management sits with the team's manager; you will have no line reports.",
            "Director of Engineering",
        ),
        ("There's no team to manage yet; you'll do the work yourself.", "Head of Data"),
        ("This is a player role: there are no reps reporting to you.", "Director of Sales"),
        ("You'll be our first and only planner.", "Head of Planning"),
        ("The role has no team of its own; your influence comes from trust.", "VP, People"),
        ("The position does not have people-management responsibilities.", "Vice President"),
        ("You'll be the only dedicated people professional in the business.", "VP, People"),
        (
            "A lot of this role is about people, though none of them will report to you.",
            "Head of Data Science",
        ),
    ],
)
def test_a_stated_absence_in_words_outweighs_a_director_title(text: str, title: str) -> None:
    assert _evidence(text, title=title) is None


def test_the_only_manager_of_a_team_is_not_a_stated_absence() -> None:
    text = "You'll be the only planning manager on site, leading our team of planners."
    assert _evidence(text, title="Head of Planning") is not None


def test_a_title_ending_in_a_role_noun_does_not_void_the_texts_first_words() -> None:
    # "Assistants" ends the title; the text's first verb is the job's own.
    text = "Supervise our unit of clinical trial assistants."
    assert _evidence(text, title="Supervisor, Clinical Trial Assistants") is not None


def test_a_stated_absence_outweighs_a_director_title() -> None:
    text = "This is an individual contributor role with no direct reports."
    assert _evidence(text, title="Director of Planning") is None
    assert _evidence("Own the planning calendar.", title="Director of Planning") is not None


def test_a_requisition_field_of_zero_reports_means_none_whatever_the_text_says() -> None:
    text = "Join a team of 18 analysts and manage the team's forecast process."
    assert _evidence(text, direct_reports=0) is None
    assert _evidence(text, direct_reports=4) == "4 direct reports (requisition field)"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Senior Data Engineer, Payments", "engin"),
        ("Data Scientist II", "scientist"),
        ("Marketing Manager, Demand Generation", "market"),
        ("Director of Engineering", None),
        ("VP of Sales", None),
        ("Senior Manager, Software Engineering", None),
        ("Learning & Development Specialist", "specialist"),
        ("Senior Principal, Enterprise Supply Planning", None),
        ("Staff Accountant", "accountant"),
        ("Distinguished Engineer", "engin"),
        ("Executive HR Business Partner to the CEO", "partn"),
        ("Interim Head of Supply Chain, 6 months", None),
        ("Fractional Data Scientist", "scientist"),
    ],
)
def test_a_title_names_its_role_apart_from_seniority_and_specialism(
    title: str, role: str | None
) -> None:
    assert prepare(Requisition(title=title, description="")).title_role == role
