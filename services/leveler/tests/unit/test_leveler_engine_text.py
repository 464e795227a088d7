"""Normalising posting text: HTML, stems, direct reports, budgets and seniority cues."""

from __future__ import annotations

import pytest

from leveler.domain.facts import parse_budget, read_direct_reports_lowered
from leveler.domain.ladders import budget_rung, leadership_cues, median_rung, scope_cues, title_cue
from leveler.domain.normalise import (
    bigrams,
    content_stems,
    expand_shorthand,
    html_to_text,
    stem,
)
from leveler.domain.role_acronyms import RoleAcronyms

# The role acronyms a clinical catalogue writes about ("junior CRAs and CTAs").
_CLINICAL_ROLES = RoleAcronyms(frozenset({"CRA", "CTA"}))


def test_html_becomes_one_line_per_block_with_entities_decoded() -> None:
    html = "<p>Lead&nbsp;CRAs &amp; CTAs</p><ul><li>Own budgets</li><li>Coach staff</li></ul>"
    assert html_to_text(html) == "Lead CRAs & CTAs\n- Own budgets\n- Coach staff"


def test_html_scripts_and_styles_are_dropped() -> None:
    assert html_to_text("<style>p{}</style><p>Text</p><script>alert(1)</script>") == "Text"


def test_plain_text_keeps_its_lines_and_loses_extra_spaces() -> None:
    assert html_to_text("  Manager  \n\n  of   trials ") == "Manager\nof trials"


def test_plain_text_with_an_ampersand_is_unescaped_without_parsing() -> None:
    assert html_to_text("R&amp;D and Q&A") == "R&D and Q&A"


def test_malformed_declarations_that_the_parser_rejects_still_give_text() -> None:
    assert html_to_text("<![ ]>Clinical trials") == "Clinical trials"


@pytest.mark.parametrize(
    ("note", "written_out"),
    [
        ("First-line mgr for the pod (6 reps).", "First-line manager for the pod (6 reps)."),
        ("Hiring, perf reviews, team roadmap.", "Hiring, performance reviews, team roadmap."),
        ("8+ yrs, 3 as Mgr; ships w/ eng.", "8+ yrs, 3 as manager; ships with eng."),
        ("IC, w/o reports. People mgmt sits with the EM.", "individual contributor, without "
         "reports. People management sits with the EM."),
        ("Most senior DS IC in the company. IC - no HR team.", "Most senior DS individual "
         "contributor in the company. individual contributor - no HR team."),
    ],
)  # fmt: skip
def test_requisition_shorthand_is_written_out(note: str, written_out: str) -> None:
    assert expand_shorthand(note) == written_out


@pytest.mark.parametrize(
    "text", ["perfect performers", "a basic ic", "w/x", "their ICs", "Analog IC design lead"]
)
def test_words_that_only_look_like_shorthand_stay(text: str) -> None:
    assert expand_shorthand(text) == text


def test_word_forms_share_a_stem() -> None:
    forms = ["manage", "manager", "managers", "managing", "management", "managed"]
    assert {stem(word) for word in forms} == {"manag"}
    assert stem("studies") == stem("study")


def test_content_stems_drop_stopwords_and_single_letters() -> None:
    assert content_stems("Manage a team of CRAs") == ["manag", "team", "cra"]


def test_bigrams_pair_adjacent_stems() -> None:
    assert bigrams(["single", "trial", "lead"]) == ["single_trial", "trial_lead"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("You will have 8 direct reports.", 8),
        ("Manage a team of 12 CRAs", 12),
        ("Leads 5 senior CRAs", 5),
        ("Lead a team of up to 30+ people", 30),
        ("You will lead our mobile team of seven engineers", 7),
        ("You'll have a team of 6 planners", 6),
        ("You will manage 6 planners.", 6),
        ("Supervise 12 warehouse associates", 12),
        ("twenty direct reports", 20),
    ],
)
def test_reads_direct_reports(text: str, count: int) -> None:
    fact = read_direct_reports_lowered(_CLINICAL_ROLES.lower(text))
    assert fact is not None
    assert fact.value == count


def test_no_direct_reports_without_a_count() -> None:
    assert read_direct_reports_lowered(_CLINICAL_ROLES.lower("Manage a team of CRAs")) is None


@pytest.mark.parametrize(
    "text",
    [
        "You'll join a team of 12 data scientists working on pricing.",
        "Our data science team of 18 supports clinical and growth.",
        "We're a 300-person company with an engineering team of 90.",
        "Work within a collaborative team of 6 planners.",
        "Manage 3 warehouses and 40 renewals a quarter.",
        # Someone else's reports, whom the job advises.
        "Coach the Division President and their 8 direct reports on leadership.",
        "Advise the CTO's 6 direct reports on organisation design.",
    ],
)
def test_a_team_the_job_joins_is_not_its_reports(text: str) -> None:
    assert read_direct_reports_lowered(text.lower()) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Owns a $5M budget", 5e6),
        ("budgets of up to $500MM at director level", 500e6),
        ("owns the $12,500,000 annual program budget", 12.5e6),
        ("budget of €2 million", 2e6),
    ],
)
def test_reads_budget_amounts(text: str, amount: float) -> None:
    fact = parse_budget(text)
    assert fact is not None
    assert fact.value == amount


def test_no_budget_without_an_amount() -> None:
    assert parse_budget("Owns the study budget") is None


@pytest.mark.parametrize(
    ("title", "rung"),
    [
        ("Vice President, Clinical Operations", 5.0),
        ("Senior Director, Clinical Project Management", 5.0),
        ("Associate Director, Clinical Operations", 4.0),
        ("Director, Clinical Trials", 4.5),
        ("Head of Clinical Delivery", 4.5),
        ("Senior Clinical Trial Manager", 3.0),
        ("Manager III, Clinical Projects", 3.0),
        ("Clinical Project Manager II", 2.0),
        ("Associate Manager, Clinical Projects", 1.0),
        ("Clinical Trial Manager", 2.0),
        ("CTA Team Lead", 1.0),
        ("Supervisor, Clinical Trial Support", 1.0),
    ],
)
def test_title_seniority_words_suggest_a_rung(title: str, rung: float) -> None:
    cue = title_cue(title)
    assert cue is not None
    assert cue.rung == rung


def test_a_bare_lead_title_is_no_seniority_cue() -> None:
    assert title_cue("Clinical Operations Lead") is None


def test_scope_words_suggest_rungs_only_as_whole_words() -> None:
    text = "lead a department across multiple sites and the portfolio; a subdepartment"
    stems = set(content_stems(text))
    rungs = sorted(cue.rung for cue in scope_cues(text, stems))
    assert rungs == [3.0, 3.0, 5.0]


def test_leadership_phrases_suggest_rungs() -> None:
    text = "supervises a small team of assistants and develops second-level managers"
    cues = leadership_cues(text, set(content_stems(text)))
    assert {cue.phrase for cue in cues} >= {"supervises a small team", "second-level managers"}


def test_the_median_rung_is_the_lower_median() -> None:
    text = "single team, department, portfolio, division"
    cues = scope_cues(text, set(content_stems(text)))
    assert median_rung(cues) == 3.0
    assert median_rung([]) is None


def test_a_personal_allowance_is_not_a_budget_the_job_owns() -> None:
    assert budget_rung(2_000) is None
    assert budget_rung(5e6) == 3.0
