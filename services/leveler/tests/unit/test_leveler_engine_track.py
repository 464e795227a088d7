"""Track as a decision of its own, and experience read as each track's typical years count it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from leveler.domain.catalogue import Catalogue, Level, Profile, Rubric
from leveler.domain.engine import LevelingIndex, build_index, decide
from leveler.domain.facts import read_direct_reports_lowered
from leveler.domain.ic_titles import ic_title_cue_lowered
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Requisition
from leveler.domain.years import parse_total_years_lowered, parse_years

AT = datetime(2026, 11, 1, tzinfo=UTC)
IC_TEXT = (
    "Designs widget assembly fixtures, tests widget quality and improves plant throughput. "
    "Builds widget assembly stage {rank} tooling for the plant."
)


def _ic_level(rank: int) -> Level:
    return Level(
        code=f"P{rank}",
        track="P",
        rank=rank,
        years_min=float(2 * (rank - 1)),
        years_max=float(2 * rank),
        rubric=Rubric(knowledge=f"knowledge step {rank}"),
        responsibilities=(f"Builds widget assembly stage {rank} tooling for the plant",),
    )


@pytest.fixture
def decide_ic(
    index_for_profile: Callable[[Profile], LevelingIndex],
    decide_in_austin: Callable[[LevelingIndex, str, str], Outcome],
) -> Callable[..., Outcome]:
    """Decisions against a catalogue whose only profile is on the individual-contributor track."""
    profile = Profile(
        code="W.WIDGETENG",
        name="Widget Assembly Engineering",
        function_code="W",
        description="Designs widget assembly fixtures, widget quality and plant throughput.",
        levels=tuple(_ic_level(rank) for rank in (1, 2, 3, 4)),
    )
    index = index_for_profile(profile)

    def run(title: str, description: str) -> Outcome:
        return decide_in_austin(index, title, description)

    return run


def test_an_individual_contributor_posting_takes_the_ic_track_without_a_track_flag(
    decide_ic: Callable[..., Outcome],
) -> None:
    outcome = decide_ic("Widget Assembly Engineer", IC_TEXT.format(rank=2))
    assert outcome.track == "P"
    assert "track_unavailable" not in outcome.flags


def test_a_people_manager_where_only_the_ic_profile_exists_is_flagged_track_unavailable(
    decide_ic: Callable[..., Outcome],
) -> None:
    text = IC_TEXT.format(rank=3) + " Manage a team of 8 widget engineers; hire and coach them."
    outcome = decide_ic("Widget Assembly Engineering Manager", text)
    assert "track_unavailable" in outcome.flags
    assert outcome.status == "needs_review"
    track = next(signal for signal in outcome.explanation if signal.signal == "track")
    assert "no M or E track" in track.evidence


def test_an_ic_job_on_a_management_only_profile_is_flagged_track_unavailable(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    text = "Coordinates widget assembly stage 2 for the plant, widget quality and throughput."
    requisition = Requisition(title="Widget Assembly Specialist", description=text)
    outcome = decide(requisition, build_index(small_catalogue()), at=AT)
    assert "track_unavailable" in outcome.flags
    assert outcome.status == "needs_review"


def test_years_on_the_ic_track_are_compared_as_years_of_experience(
    decide_ic: Callable[..., Outcome],
) -> None:
    text = IC_TEXT.format(rank=3) + "\nRequirements\n- 5+ years of widget assembly experience"
    outcome = decide_ic("Widget Assembly Engineer", text)
    experience = next(signal for signal in outcome.explanation if signal.signal == "experience")
    # Five years sits in P3's typical 4-6 years; read as leadership years it would be two.
    assert experience.points_to == "P3"
    assert "years of experience" in experience.evidence


def _experience_on_a_management_track(
    small_catalogue: Callable[..., Catalogue], typical: Callable[[int], str], text: str
) -> tuple[str | None, str]:
    base = small_catalogue()
    profile = base.profiles[0]
    levels = tuple(
        level.model_copy(
            update={"rubric": level.rubric.model_copy(update={"degree_years": typical(rank)})}
        )
        for rank, level in enumerate(profile.levels, start=1)
    )
    catalogue = replace(base, profiles=(profile.model_copy(update={"levels": levels}),))
    requisition = Requisition(title="Widget Assembly Manager", description=text)
    outcome = decide(requisition, build_index(catalogue), at=AT)
    experience = next(signal for signal in outcome.explanation if signal.signal == "experience")
    return experience.points_to, experience.evidence


MANAGER_TEXT = (
    "Coordinates widget assembly for the plant; manage a team of 6 widget technicians.\n"
    "Requirements\n- 6+ years of widget assembly experience"
)


def test_management_years_in_the_field_are_compared_with_years_in_the_field(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    # The small catalogue's M1-M3 typically take 0-2, 2-4 and 4+ years.
    points_to, evidence = _experience_on_a_management_track(
        small_catalogue,
        lambda rank: (
            f"{2 * (rank - 1)}-{2 * rank} years in widget assembly including first team leadership"
        ),
        MANAGER_TEXT,
    )
    assert points_to == "M3"
    assert "years of experience" in evidence


def test_management_years_of_leadership_are_compared_with_years_leading_people(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    points_to, evidence = _experience_on_a_management_track(
        small_catalogue,
        lambda rank: f"{2 * (rank - 1)}-{2 * rank} years managing widget technicians",
        MANAGER_TEXT,
    )
    # Six years in the field are about three leading people.
    assert points_to == "M2"
    assert "leading people" in evidence


@pytest.mark.parametrize(
    "text",
    [
        "5+ years of data management experience",
        "at least 4 years of account management experience",
        "6 years of project management",
        "5 years working in agile teams of engineers",
    ],
)
def test_a_function_named_management_is_not_years_of_leading_people(text: str) -> None:
    fact = parse_years(text)
    assert fact is not None
    assert not fact.leading


@pytest.mark.parametrize(
    "text",
    [
        "3+ years managing people",
        "2-5 years in clinical team leadership",
        "minimum of four years leading teams",
        "5 years managing clinical professionals",
        "3 years of people management",
        "4 years of management experience",
    ],
)
def test_years_spent_leading_people_are_read_as_leadership(text: str) -> None:
    fact = parse_years(text)
    assert fact is not None
    assert fact.leading


@pytest.mark.parametrize(
    ("title", "rung"),
    [
        ("junior data analyst", 1.0),
        ("associate account executive", 1.0),
        ("software engineer ii", 2.0),
        ("analyst 3", 3.0),
        ("senior data scientist", 3.0),
        ("sr. hr business partner", 3.0),
        ("lead data scientist", 4.0),
        ("staff software engineer", 4.0),
        ("principal engineer", 5.0),
        ("distinguished engineer", 6.0),
    ],
)
def test_individual_contributor_titles_name_their_p_rank(title: str, rung: float) -> None:
    cue = ic_title_cue_lowered(title)
    assert cue is not None
    assert cue.rung == rung


def test_a_plain_ic_title_has_no_seniority_cue() -> None:
    assert ic_title_cue_lowered("data scientist") is None


@pytest.mark.parametrize(
    ("title", "level"),
    [("Senior Widget Assembly Engineer", "P3"), ("Widget Assembly Engineer II", "P2")],
)
def test_the_ic_title_table_scores_levels_on_the_ic_track(
    decide_ic: Callable[..., Outcome], title: str, level: str
) -> None:
    outcome = decide_ic(title, IC_TEXT.format(rank=2))
    cue = next(signal for signal in outcome.explanation if signal.signal == "title_seniority")
    assert cue.points_to == level


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("8 or more years of experience, including 3 leading teams", 8.0),
        ("Minimum of seven years in the field; 5 years managing people", 7.0),
        ("3+ years managing people", 3.0),
    ],
)
def test_years_in_the_field_are_read_apart_from_years_leading_people(
    text: str, years: float
) -> None:
    fact = parse_total_years_lowered(text.lower())
    assert fact is not None
    assert fact.value == years


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("As team lead you direct two analysts.", 2.0),
        ("Manages 6 accountants and a payroll specialist.", 6.0),
        ("Leading 4 software engineers.", 4.0),
    ],
)
def test_people_counted_after_a_leading_verb_are_direct_reports(text: str, count: float) -> None:
    fact = read_direct_reports_lowered(text.lower())
    assert fact is not None
    assert fact.value == count


def test_customers_an_account_executive_manages_are_not_direct_reports() -> None:
    assert read_direct_reports_lowered("manage 20+ enterprise customers and 3 projects.") is None


def test_management_ladder_cues_do_not_score_ic_levels(decide_ic: Callable[..., Outcome]) -> None:
    text = IC_TEXT.format(rank=2) + " Owns the enterprise-wide portfolio strategy globally."
    outcome = decide_ic("Widget Assembly Engineer", text)
    names = {signal.signal for signal in outcome.explanation}
    assert not names & {"scope", "people_leadership"}


# Work that differs in words from level to level, so the responsibilities point to one.
_DISTINCT_WORK = (
    "Sorts incoming castings, labels bins and logs scrap counts",
    "Calibrates torque wrenches and writes fixture setup sheets",
    "Designs assembly fixtures and runs capability studies",
    "Sets the plant's tooling standards across product families",
)


def test_years_that_pull_the_level_far_from_the_work_send_it_to_a_person(
    index_for_profile: Callable[[Profile], LevelingIndex],
    decide_in_austin: Callable[[LevelingIndex, str, str], Outcome],
) -> None:
    """Entry-level work asking for "12+ years": the years choose a level two or more steps
    from the one the responsibilities point to, so the call is not auto-approved."""
    levels = tuple(
        _ic_level(rank).model_copy(update={"responsibilities": (work,)})
        for rank, work in enumerate(_DISTINCT_WORK, start=1)
    )
    profile = Profile(
        code="W.WIDGETENG",
        name="Widget Assembly Engineering",
        function_code="W",
        description="Widget assembly fixtures, castings, torque and tooling for the plant.",
        levels=levels,
    )
    index = index_for_profile(profile)
    work = f"{_DISTINCT_WORK[0]}. Sorts castings and labels bins every shift."
    usual = decide_in_austin(index, "Widget Assembly Engineer", f"{work} Requires 1+ years.")
    assert usual.level == "P1"
    pulled = decide_in_austin(index, "Widget Assembly Engineer", f"{work} Requires 12+ years.")
    responsibilities = next(s for s in pulled.explanation if s.signal == "responsibilities")
    assert responsibilities.points_to == "P1"
    assert pulled.level in {"P3", "P4"}
    assert "low_confidence" in pulled.flags
    assert pulled.status == "needs_review"
