"""Years of experience, in every phrasing the postings use."""

from __future__ import annotations

import pytest

from leveler.domain.query import prepare, read_seniority
from leveler.domain.requisition import Requisition
from leveler.domain.years import (
    TOTAL_TO_LEADERSHIP_YEARS,
    parse_years,
    read_years_lowered,
    years_count_leadership,
)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5+ years of experience in clinical research", 5.0),
        ("5\u201310+ years of progressive clinical operations experience", 5.0),
        ("5-10+ years of progressive clinical operations experience", 5.0),
        ("at least 3-5 years of experience", 3.0),
        ("at least 3\u20135 years of experience", 3.0),
        ("2-5 years in clinical team leadership", 2.0),
        ("minimum of 7 years of experience", 7.0),
        ("10+ yrs of experience", 10.0),
        ("12 yr experience", 12.0),
        ("five (5) years of experience", 5.0),
        ("Three or more years in the field", 3.0),
        ("8 to 10 years of experience", 8.0),
        ("two to three years of experience", 2.0),
        ("A decade-plus in software engineering", 10.0),
        ("two decades of experience in retail", 20.0),
    ],
)
def test_reads_the_lower_bound_of_each_years_phrasing(text: str, years: float) -> None:
    fact = parse_years(text)
    assert fact is not None
    assert fact.value == years


def test_returns_nothing_when_no_years_are_stated() -> None:
    assert parse_years("Lead a team of CRAs through study start-up.") is None


def test_ignores_hyphenated_durations_and_ages() -> None:
    assert parse_years("Own a 5-year plan; the company was founded 25 years ago.") is None


def test_counts_years_managing_people_as_leadership_years() -> None:
    fact = parse_years("2-5 years in clinical team leadership")
    assert fact is not None
    assert fact.leading
    assert fact.leadership_years() == 2.0


@pytest.mark.parametrize(
    "text",
    [
        "4+ years of experience managing stakeholders and vendors.",
        "5+ years managing suppliers and carriers.",
        "3+ years managing servers in production.",
        "5+ years leading technical teams through launches.",
        "3+ years leading cross-functional teams.",
    ],
)
def test_managing_things_outsiders_or_project_teams_is_not_leading_people(text: str) -> None:
    fact = parse_years(text)
    assert fact is not None
    assert not fact.leading


@pytest.mark.parametrize(
    ("text", "leading_years"),
    [
        ("8 years of clinical research experience, 5 managing others.", 5.0),
        ("8 years of research, 5-6 managing others.", 5.0),
        ("5-7 years managing people.", 5.0),
        ("5+ years of experience, at least 2 of which in a people management role.", 2.0),
        ("5-7 years of experience (2+ managing people).", 2.0),
        ("6+ years in sales, 2+ in leadership roles.", 2.0),
        ("5 years of experience with 2 years as a people manager.", 2.0),
        ("3+ years as a team lead or manager.", 3.0),
        ("8+ years in software engineering, including 3+ years managing engineers.", 3.0),
    ],
)
def test_reads_years_leading_people_in_the_forms_postings_use(
    text: str, leading_years: float
) -> None:
    asked = read_years_lowered(text.lower())
    assert asked.leading is not None
    assert asked.leading.value == leading_years


def test_years_in_a_role_of_the_field_are_not_years_leading_people() -> None:
    asked = read_years_lowered("5+ years as an account manager; 3 certifications.")
    assert asked.leading is None
    assert asked.total is not None
    assert asked.total.value == 5.0


def test_converts_years_in_the_field_to_leadership_years() -> None:
    fact = parse_years("8+ years of clinical research experience")
    assert fact is not None
    assert not fact.leading
    assert fact.leadership_years() == 8.0 - TOTAL_TO_LEADERSHIP_YEARS


def test_never_converts_to_negative_leadership_years() -> None:
    fact = parse_years("1+ years of experience")
    assert fact is not None
    assert fact.leadership_years() == 0.0


def test_picks_the_most_demanding_requirement_as_leadership_years() -> None:
    fact = parse_years(
        "8+ years of clinical research experience, including at least 5 years managing staff"
    )
    assert fact is not None
    assert (fact.value, fact.leading) == (5.0, True)


def test_reads_leadership_only_from_the_clause_of_the_years_phrase() -> None:
    fact = parse_years("At least 10 years of experience, including 8 years leading teams")
    assert fact is not None
    assert (fact.value, fact.leading) == (8.0, True)


def test_ignores_preferred_years_when_required_years_are_stated() -> None:
    text = "Required:\n- 4 years of experience\nPreferred:\n- 7+ years of direct experience"
    fact = parse_years(text)
    assert fact is not None
    assert fact.value == 4.0


def test_ignores_years_on_a_line_that_says_preferred() -> None:
    fact = parse_years("3+ years of experience required; 9+ years preferred")
    assert fact is not None
    assert fact.value == 3.0


def test_falls_back_to_preferred_years_when_nothing_is_required() -> None:
    fact = parse_years("Preferred:\n- 7+ years of clinical operations experience")
    assert fact is not None
    assert fact.value == 7.0


def test_a_preference_for_an_industry_after_the_years_leaves_the_years_required() -> None:
    text = (
        "- Shape our long-range supply strategy with executives\n"
        "- 12+ years of supply chain planning, ideally in consumer health or pharma"
    )
    fact = parse_years(text)
    assert fact is not None
    assert (fact.value, fact.phrase) == (12.0, "12+ years")
    assert parse_years("Preferably 5+ years in planning\n- 2+ years required")


@pytest.mark.parametrize(
    "text",
    [
        "Shape our long-range (3\u20135 year) capacity strategy with executives.",
        "Own the 10 year network plan.",
        "Renew our 3 year contracts with carriers.",
        "Shape what Global Operations needs from its people over the next five years.",
        "In the past 10 years we have grown to 4,000 people.",
        "Over the next two decades we will double the network.",
    ],
)
def test_a_span_of_time_the_work_covers_is_not_experience(text: str) -> None:
    assert parse_years(text) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [("5 year experience in sales", 5.0), ("1 year of experience", 1.0), ("minimum 2 year", 2.0)],
)
def test_a_singular_year_before_experience_is_experience(text: str, years: float) -> None:
    fact = parse_years(text)
    assert fact is not None
    assert fact.value == years


def test_years_in_a_role_before_now_are_still_experience() -> None:
    fact = parse_years("10+ years of HR experience, including the last 8 years managing people.")
    assert fact is not None
    assert fact.leadership_years() == 8.0


def test_drops_implausible_year_counts() -> None:
    assert parse_years("99 years of experience") is None


@pytest.mark.parametrize(
    ("typical", "leading"),
    [
        ("2-5 years in clinical team leadership or specialist CPM roles", True),
        ("Bachelor's degree (MBA a plus); 5-8 years managing supply chain professionals", True),
        ("8-10 years in software engineering including 2-4 years managing engineers.", False),
        ("Bachelor's degree; 6-10 years of B2B sales\nincluding 2-4 years managing teams", False),
        ("Functional expertise with some leadership exposure.", None),
    ],
)
def test_a_levels_typical_years_count_leadership_as_its_first_years_phrase_says(
    typical: str, leading: bool | None
) -> None:
    assert years_count_leadership(typical) is leading


def test_the_years_field_is_read_as_the_texts_phrase_of_the_same_number() -> None:
    text = "5-8 years managing supply chain teams and budgets."
    same = Requisition(title="Supply Chain Manager", description=text, min_years_experience=5)
    seniority = read_seniority(same, prepare(same))
    assert seniority.years is not None
    assert (seniority.years.value, seniority.years.leading) == (5.0, True)
    other = Requisition(title="Supply Chain Manager", description=text, min_years_experience=7)
    seniority = read_seniority(other, prepare(other))
    assert seniority.years is not None
    assert (seniority.years.value, seniority.years.leading) == (7.0, False)


def test_a_decade_leading_people_is_ten_years_of_leadership() -> None:
    asked = read_years_lowered("a decade leading teams of engineers")
    assert asked.leading is not None
    assert asked.leading.value == 10.0
