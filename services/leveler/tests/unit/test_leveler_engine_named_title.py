"""A posting titled as one of a profile's own jobs, written in a company's own vocabulary:
levelled against that profile and sent to a person, never left unmatched or auto-approved."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from leveler.domain.catalogue import Catalogue, Level
from leveler.domain.engine import UNMATCHED_BELOW, build_index, decide
from leveler.domain.requisition import Requisition

AT = datetime(2026, 11, 1, tzinfo=UTC)
# Words a widget plant's own posting uses, none of them the profile's.
OWN_VOCABULARY = (
    "Our Dayton plant builds gearboxes for agricultural machinery. You will run the second "
    "shift crew of 6 fitters, keep torque audits on schedule, chase late castings from the "
    "foundry and report scrap each morning."
)


def _catalogue(small_catalogue: Callable[..., Catalogue], aliases: tuple[str, ...]) -> Catalogue:
    base = small_catalogue()
    profile = base.profiles[0].model_copy(update={"aliases": aliases})
    return dataclasses.replace(base, profiles=(profile,))


def test_a_posting_titled_as_a_job_of_the_profile_is_levelled_and_sent_to_review(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    index = build_index(_catalogue(small_catalogue, ("Widget Assembly Manager",)))
    requisition = Requisition(
        title="Widget Assembly Manager, Gearboxes", description=OWN_VOCABULARY
    )
    outcome = decide(requisition, index, at=AT)
    assert outcome.profile_code == "W.WIDGET"
    assert outcome.status == "needs_review"
    assert "low_confidence" in outcome.flags
    assert outcome.confidence <= 0.5
    profile_signal = next(s for s in outcome.explanation if s.signal == "profile_match")
    assert f"needs {UNMATCHED_BELOW:.2f}" in profile_signal.evidence
    assert "names the profile's job title 'Widget Assembly Manager'" in profile_signal.evidence


# A title the profile's job titles do not name, and one holding only some of their words.
@pytest.mark.parametrize("title", ["Gearbox Shift Supervisor", "Gearbox Assembly Manager"])
def test_the_same_posting_under_a_title_the_profile_does_not_name_stays_unmatched(
    small_catalogue: Callable[..., Catalogue], title: str
) -> None:
    index = build_index(_catalogue(small_catalogue, ("Widget Assembly Manager",)))
    requisition = Requisition(title=title, description=OWN_VOCABULARY)
    assert decide(requisition, index, at=AT).status == "unmatched"


# Another management rank in the same field names the same family of jobs.
@pytest.mark.parametrize(
    "title", ["Director of Widget Assembly", "Widget Assembly Team Lead, Gearboxes"]
)
def test_a_management_title_naming_the_field_of_the_profiles_job_title_is_its_job(
    small_catalogue: Callable[..., Catalogue], title: str
) -> None:
    index = build_index(_catalogue(small_catalogue, ("Widget Assembly Manager",)))
    outcome = decide(Requisition(title=title, description=OWN_VOCABULARY), index, at=AT)
    assert outcome.profile_code == "W.WIDGET"
    assert outcome.status == "needs_review"
    profile_signal = next(s for s in outcome.explanation if s.signal == "profile_match")
    assert "names the profile's job title 'Widget Assembly Manager'" in profile_signal.evidence


# Without a management rank the field alone is not the job: a widget assembly engineer or
# a senior technician works in the field but is not one of its managers.
@pytest.mark.parametrize("title", ["Widget Assembly Engineer", "Senior Widget Assembly Technician"])
def test_the_field_without_a_management_rank_does_not_name_the_job(
    small_catalogue: Callable[..., Catalogue], title: str
) -> None:
    index = build_index(_catalogue(small_catalogue, ("Widget Assembly Manager",)))
    requisition = Requisition(title=title, description=OWN_VOCABULARY)
    assert decide(requisition, index, at=AT).status == "unmatched"


def test_an_individual_contributor_titled_in_a_management_profiles_field_is_flagged(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    """An engineer's posting, written in the plant's own words, against a catalogue whose
    engineering profile has only management levels: unmatched, and the reviewer is told the
    missing piece is the track, because the title's role is the field of a job title."""
    index = build_index(_catalogue(small_catalogue, ("Director of Engineering",)))
    individual_work = (
        "Our Dayton plant builds gearboxes for agricultural machinery. You will design "
        "torque fixtures, chase late castings from the foundry and report scrap each morning. "
        "This is an individual contributor role."
    )
    engineer = decide(
        Requisition(title="Lead Gearbox Engineer", description=individual_work), index, at=AT
    )
    assert engineer.status == "unmatched"
    assert "track_unavailable" in engineer.flags
    # An analyst works beside engineering, not in it: no track is said to be missing.
    analyst = decide(
        Requisition(title="Gearbox Engineering Analyst", description=individual_work),
        index,
        at=AT,
    )
    assert analyst.status == "unmatched"
    assert "track_unavailable" not in analyst.flags


def test_a_requisition_titled_as_a_people_manager_job_of_the_profile_leads_people(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    """A requisition opened with a title and a line of notes rarely describes the team: the
    title naming one of the profile's people-manager jobs is the evidence, unless the note
    says the job leads nobody."""
    index = build_index(_catalogue(small_catalogue, ("Widget Assembly Manager",)))
    note = "Backfill for Sam (moved to Toledo). Second shift, same scope."
    manager = decide(Requisition(title="Widget Assembly Manager", description=note), index, at=AT)
    assert manager.track == "M"
    assert {"no_people_leadership", "track_unavailable"}.isdisjoint(manager.flags)
    track_signal = next(s for s in manager.explanation if s.signal == "track")
    assert "people-manager job 'Widget Assembly Manager'" in track_signal.evidence
    stated_ic = decide(
        Requisition(title="Widget Assembly Manager", description=f"{note} IC, no reports."),
        index,
        at=AT,
    )
    assert {"no_people_leadership", "track_unavailable"} <= set(stated_ic.flags)


def test_a_manager_title_on_an_individual_contributor_profile_is_no_people_evidence(
    small_catalogue: Callable[..., Catalogue], widget_level: Callable[..., Level]
) -> None:
    """Where the profile has only individual-contributor levels, its "Account Manager"
    names an individual contributor: no track is missing."""
    base = _catalogue(small_catalogue, ("Widget Account Manager",))
    levels = tuple(widget_level(rank, track="P") for rank in (1, 2, 3))
    profile = base.profiles[0].model_copy(update={"levels": levels})
    index = build_index(dataclasses.replace(base, profiles=(profile,), band_sets=()))
    note = "Backfill for Sam. Same book of widget accounts."
    outcome = decide(Requisition(title="Widget Account Manager", description=note), index, at=AT)
    assert outcome.track == "P"
    assert "track_unavailable" not in outcome.flags
