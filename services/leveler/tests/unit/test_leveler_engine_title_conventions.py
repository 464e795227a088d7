"""The catalogue's own seniority words in titles, read before the engine's generic tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.catalogue import Catalogue, Level, Profile, Rubric, TitleConvention
from leveler.domain.engine import build_index, decide
from leveler.domain.ladders import Cue
from leveler.domain.outcome import Outcome, Signal
from leveler.domain.query import Seniority, prepare, read_seniority
from leveler.domain.requisition import Requisition
from leveler.domain.title_conventions import TitleConventions
from leveling_common.snapshot import CatalogueSnapshot, TitleConventionSnapshot

AT = datetime(2026, 11, 1, tzinfo=UTC)
IC_TEXT = (
    "Designs widget assembly fixtures, tests widget quality and improves plant throughput. "
    "Builds widget assembly stage 2 tooling for the plant."
)
MANAGER_TEXT = (
    "Manages widget assembly lines, widget quality and plant throughput. Coordinates widget "
    "assembly stage 2 for the plant and manages a team of 6 widget engineers."
)
CONVENTION = "(rank 4 by the catalogue's title convention)"


def _profile(code: str, name: str, description: str, track: str, duty: str) -> Profile:
    """A widget profile with levels 1-5 on `track`, each with one duty naming its stage."""
    levels = tuple(
        Level(
            code=f"{track}{rank}",
            track=track,
            rank=rank,
            rubric=Rubric(knowledge=f"knowledge step {rank}"),
            responsibilities=(duty.format(rank=rank),),
        )
        for rank in (1, 2, 3, 4, 5)
    )
    return Profile(code=code, name=name, function_code="W", description=description, levels=levels)


IC_PROFILE = _profile(
    "W.WIDGETENG",
    "Widget Assembly Engineering",
    "Designs widget assembly fixtures, widget quality and plant throughput.",
    "P",
    "Builds widget assembly stage {rank} tooling for the plant",
)


@pytest.fixture
def seniority(
    small_catalogue: Callable[..., Catalogue],
) -> Callable[..., Seniority]:
    """What a title says about seniority under a catalogue with the given conventions."""

    def read(title: str, *conventions: TitleConvention) -> Seniority:
        index = build_index(small_catalogue(title_conventions=conventions))
        requisition = Requisition(title=title, description=IC_TEXT)
        return read_seniority(requisition, prepare(requisition), index.title_conventions)

    return read


def _title_signal(outcome: Outcome) -> Signal:
    return next(signal for signal in outcome.explanation if signal.signal == "title_seniority")


def test_a_catalogue_phrase_scores_the_ic_title_and_the_evidence_names_the_convention(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    convention = TitleConvention(track="P", phrase="Member of Technical Staff", rank=4)
    catalogue = small_catalogue(profiles=(IC_PROFILE,), title_conventions=(convention,))
    requisition = Requisition(
        title="Widget Assembly Member of Technical Staff", description=IC_TEXT
    )
    outcome = decide(requisition, build_index(catalogue), at=AT)
    signal = _title_signal(outcome)
    assert (outcome.track, signal.points_to) == ("P", "P4")
    assert signal.evidence.endswith(f"says 'member of technical staff' {CONVENTION}")


def test_a_catalogue_rank_overrides_the_generic_word(seniority: Callable[..., Seniority]) -> None:
    assert seniority("Lead Data Scientist").ic_title_cue == Cue(4.0, "lead")
    cue = seniority(
        "Lead Data Scientist", TitleConvention(track="P", phrase="lead", rank=5)
    ).ic_title_cue
    assert cue == Cue(5.0, "lead", from_catalogue=True)


def test_a_phrase_without_a_rank_switches_a_generic_word_off(
    seniority: Callable[..., Seniority],
) -> None:
    read = seniority(
        "Senior Data Scientist", TitleConvention(track="P", phrase="Senior", rank=None)
    )
    assert read.ic_title_cue is None
    # The switch is per track: the management reading of the title is the generic one.
    assert read.title_cue == seniority("Senior Data Scientist").title_cue


def test_the_longest_phrase_the_title_contains_wins(seniority: Callable[..., Seniority]) -> None:
    conventions = (
        TitleConvention(track="P", phrase="Staff", rank=4),
        TitleConvention(track="P", phrase="Senior Staff", rank=5),
    )
    cue = seniority("Senior Staff Software Engineer", *conventions).ic_title_cue
    assert cue == Cue(5.0, "senior staff", from_catalogue=True)
    cue = seniority("Staff Software Engineer", *reversed(conventions)).ic_title_cue
    assert cue == Cue(4.0, "staff", from_catalogue=True)


def test_a_management_convention_feeds_the_management_cue(
    small_catalogue: Callable[..., Catalogue], seniority: Callable[..., Seniority]
) -> None:
    convention = TitleConvention(track="M", phrase="Group Manager", rank=4)
    read = seniority("Widget Assembly Group Manager", convention)
    assert read.title_cue == Cue(4.0, "group manager", from_catalogue=True)
    assert read.ic_title_cue is None
    index = build_index(small_catalogue(title_conventions=(convention,)))
    requisition = Requisition(title="Widget Assembly Group Manager", description=MANAGER_TEXT)
    signal = _title_signal(decide(requisition, index, at=AT))
    # Rank 4 is above the profile's top level, so the title points at M3, not M2 as a
    # generic "manager" would.
    assert signal.points_to == "M3"
    assert signal.evidence.endswith(CONVENTION)


SUPPORT_PROFILE = _profile(
    "W.WIDGETSUPPORT",
    "Widget Assembly Support",
    "Resolves widget assembly support tickets for plant customers.",
    "S",
    "Resolves widget assembly support tickets at stage {rank}",
)
SUPPORT_TEXT = "Resolves widget assembly support tickets for plant customers at every stage."


def test_a_support_track_reads_its_own_conventions_and_not_another_tracks(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    conventions = (
        TitleConvention(track="S", phrase="Tier 3", rank=3),
        # The P words name a different rank: they must not answer for an S title.
        TitleConvention(track="P", phrase="Tier 3", rank=1),
    )
    catalogue = small_catalogue(profiles=(SUPPORT_PROFILE,), title_conventions=conventions)
    requisition = Requisition(title="Widget Support Specialist, Tier 3", description=SUPPORT_TEXT)
    outcome = decide(requisition, build_index(catalogue), at=AT)
    signal = _title_signal(outcome)
    assert (outcome.track, signal.points_to) == ("S", "S3")
    assert signal.evidence.endswith("says 'tier 3' (rank 3 by the catalogue's title convention)")


def test_a_track_without_conventions_reads_the_generic_ic_table_only(
    seniority: Callable[..., Seniority],
) -> None:
    read = seniority("Senior Support Engineer", TitleConvention(track="P", phrase="Senior", rank=4))
    assert read.ic_title_cue == Cue(4.0, "senior", from_catalogue=True)
    assert read.title_cues["S"] == read.title_cues["E"] == Cue(3.0, "senior")


@pytest.mark.parametrize(
    ("title", "cue"),
    [
        ("Leadership Development Analyst", None),
        ("Lead Analyst, Leadership Programme", Cue(5.0, "lead", from_catalogue=True)),
        ("SDE III", Cue(3.0, "iii")),
        ("Sde II", Cue(2.0, "sde ii", from_catalogue=True)),
        ("SDE II2", None),
    ],
)
def test_phrases_match_whole_words_in_any_case_and_spacing(
    seniority: Callable[..., Seniority], title: str, cue: Cue | None
) -> None:
    conventions = (
        TitleConvention(track="P", phrase="lead", rank=5),
        TitleConvention(track="P", phrase="SDE II", rank=2),
    )
    assert seniority(title, *conventions).ic_title_cue == cue


def test_a_space_in_a_phrase_matches_any_whitespace() -> None:
    conventions = TitleConventions.compile(
        [TitleConvention(track="P", phrase="Member of  Technical Staff", rank=4)]
    )
    cue = conventions.cue("P", "member\tof technical\n staff")
    assert cue == Cue(4.0, "member\tof technical\n staff", from_catalogue=True)


def test_without_conventions_the_generic_tables_answer_as_before(
    seniority: Callable[..., Seniority],
) -> None:
    for title in ("Senior Manager, Widget Assembly", "Staff Widget Engineer II", "Director"):
        requisition = Requisition(title=title, description=IC_TEXT)
        assert seniority(title) == read_seniority(requisition, prepare(requisition))


def test_to_domain_maps_the_title_conventions(engine_snapshot: CatalogueSnapshot) -> None:
    snapshot = engine_snapshot.model_copy(
        update={
            "title_conventions": (
                TitleConventionSnapshot(track="P", phrase="Member of Technical Staff", rank=4),
                TitleConventionSnapshot(track="M", phrase="Lead", rank=None),
            )
        }
    )
    assert to_domain(snapshot).title_conventions == (
        TitleConvention(track="P", phrase="Member of Technical Staff", rank=4),
        TitleConvention(track="M", phrase="Lead", rank=None),
    )
    assert to_domain(engine_snapshot).title_conventions == ()
