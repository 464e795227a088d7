"""The executive track: a people-leading track above management, chosen for executive titles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from leveler.domain.catalogue import Catalogue, Level, Profile, Rubric
from leveler.domain.engine import build_index, decide
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Requisition

AT = datetime(2026, 11, 1, tzinfo=UTC)
LEADER_TEXT = (
    "Leads widget assembly sales for the plant network and its widget quality programme. "
    "Manage a team of 12 widget sales managers and own the regional widget revenue plan."
)
IC_TEXT = "Sells widget assembly programmes to plant buyers and tracks widget quality accounts."


def _level(track: str, rank: int) -> Level:
    return Level(
        code=f"{track}{rank}",
        track=track,
        rank=rank,
        rubric=Rubric(knowledge=f"widget sales leadership step {rank}"),
        responsibilities=(f"Leads widget assembly sales for plant network stage {rank}",),
    )


def _profile(*levels: Level) -> Profile:
    return Profile(
        code="W.WIDGETSALESLEAD",
        name="Widget Sales Leadership",
        function_code="W",
        description="Leads widget assembly sales, widget quality programmes and plant revenue.",
        levels=levels,
    )


MANAGEMENT_AND_EXECUTIVE = _profile(*(_level("M", r) for r in (1, 2, 3)), _level("E", 1))
EXECUTIVE_ONLY = _profile(_level("E", 1), _level("E", 2))


def _decide(catalogue: Catalogue, title: str, text: str) -> Outcome:
    return decide(Requisition(title=title, description=text), build_index(catalogue), at=AT)


def test_an_executive_title_goes_on_the_executive_track_and_a_manager_on_management(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    catalogue = small_catalogue(profiles=(MANAGEMENT_AND_EXECUTIVE,))
    executive = _decide(catalogue, "VP, Widget Sales", LEADER_TEXT)
    assert (executive.track, executive.level) == ("E", "E1")
    assert "track_unavailable" not in executive.flags
    manager = _decide(catalogue, "Widget Sales Manager", LEADER_TEXT)
    assert manager.track == "M"
    assert "track_unavailable" not in manager.flags


def test_a_people_leader_on_an_executive_only_profile_needs_no_track_flag(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    outcome = _decide(
        small_catalogue(profiles=(EXECUTIVE_ONLY,)), "Head of Widget Sales", LEADER_TEXT
    )
    assert outcome.track == "E"
    assert "track_unavailable" not in outcome.flags


def test_an_individual_contributor_on_an_executive_only_profile_is_flagged(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    outcome = _decide(small_catalogue(profiles=(EXECUTIVE_ONLY,)), "Widget Sales Rep", IC_TEXT)
    assert outcome.track == "E"
    assert {"no_people_leadership", "track_unavailable"} <= set(outcome.flags)
    assert outcome.status == "needs_review"
