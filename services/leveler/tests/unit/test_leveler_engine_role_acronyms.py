"""Role acronyms come from the catalogue: what its documents write as people is read as people
in postings, and no other acronym is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from leveler.domain.catalogue import Band, BandSet, Catalogue, Level, Profile, Rubric
from leveler.domain.engine import build_index, decide
from leveler.domain.facts import read_direct_reports_lowered
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Location, PayRange, Requisition
from leveler.domain.role_acronyms import RoleAcronyms

AT = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("titles", "texts", "acronyms"),
    [
        (["HRBP", "HR Business Partner"], [], {"HRBP"}),
        (["HRBPs"], [], {"HRBP"}),
        (["Account Executive", "Recruiter", "HR Business Partner"], [], {"AE", "HRBP"}),
        ([], ["Trains junior CRAs on monitoring practice."], {"CRA"}),
        ([], ["Supported closely by a senior HRBP."], {"HRBP"}),
        ([], ["2-5 years as a senior CRA/CTM specialist."], {"CRA", "CTM"}),
        (
            [],
            ["Coaches junior CRAs.", "Leads a team of CRAs, CTAs and CPMs."],
            {"CRA", "CTA", "CPM"},
        ),
        # An acronym qualifying the next word is not the role: "HR" here names the function.
        ([], ["Advises executives as the senior HR business partner.", "Lead HR teams."], set()),
        # Things counted in capitals are not people unless written about as people.
        ([], ["Tracks KPIs and SLAs; writes SOPs; manages CROs and SKUs."], set()),
        ([], ["Owns GCP/ICH compliance."], set()),
        # "Lead" is a verb as often as a rank: what is led may be a thing.
        ([], ["Lead QBRs with customers.", "Lead CRAs."], set()),
    ],
)
def test_role_acronyms_are_read_from_how_the_catalogue_writes_them(
    titles: list[str], texts: list[str], acronyms: set[str]
) -> None:
    assert RoleAcronyms.from_catalogue(titles, texts).acronyms == acronyms


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("Lead 6 CRAs and a CRA team.", "lead 6 CRAs and a cra team."),
        # "CTMS" is the trial management system, not several CTMs.
        ("Own CTMS use; coach CTMs.", "own ctms use; coach CTMs."),
        ("Lead 6 cras.", "lead 6 cras."),
        ("Ünïcode CRAMs", "ünïcode crams"),
    ],
)
def test_postings_keep_role_acronyms_in_capitals_and_nothing_else(text: str, lowered: str) -> None:
    assert RoleAcronyms(frozenset({"CRA", "CTM"})).lower(text) == lowered


def test_without_role_acronyms_lowering_is_plain() -> None:
    assert RoleAcronyms().lower("Manage 40 SKUs") == "manage 40 skus"


def test_a_counted_role_acronym_is_a_count_of_reports_and_a_counted_thing_is_not() -> None:
    roles = RoleAcronyms(frozenset({"CRA"}))
    fact = read_direct_reports_lowered(roles.lower("Manage 6 senior CRAs across two studies."))
    assert fact is not None
    assert fact.value == 6
    assert read_direct_reports_lowered(roles.lower("Manage 40 SKUs across two sites.")) is None


def _widget_level(rank: int, responsibility: str) -> Level:
    return Level(
        code=f"P{rank}",
        track="P",
        rank=rank,
        years_min=float(2 * (rank - 1)),
        years_max=float(2 * rank),
        rubric=Rubric(knowledge=f"knowledge step {rank}"),
        responsibilities=(f"Builds widget assembly stage {rank} tooling", responsibility),
    )


@pytest.fixture
def decide_with(
    small_catalogue: Callable[..., Catalogue], make_band: Callable[..., Band]
) -> Callable[[str, str], Outcome]:
    """Decide a posting against a widget engineering catalogue (individual contributors
    only) whose P3 responsibilities say `written`."""

    def run(written: str, description: str) -> Outcome:
        profile = Profile(
            code="W.WIDGETENG",
            name="Widget Assembly Engineering",
            function_code="W",
            description="Designs widget assembly fixtures, widget quality and plant throughput.",
            levels=tuple(_widget_level(rank, written if rank == 3 else "") for rank in (1, 2, 3)),
        )
        bands = tuple(
            make_band(f"P{rank}", zone.code, 90_000 + 15_000 * rank, "W.WIDGETENG")
            for rank in (1, 2, 3)
            for zone in small_catalogue().zones
        )
        band_set = BandSet(
            id="bs-w", name="W", effective_from=datetime(2026, 1, 1, tzinfo=UTC), bands=bands
        )
        index = build_index(small_catalogue(profiles=(profile,), band_sets=(band_set,)))
        requisition = Requisition(
            title="Widget Assembly Engineer",
            description=description,
            location=Location(city="Austin", region="TX", country="US"),
            posted_range=PayRange(Decimal(100_000), Decimal(120_000), "USD"),
        )
        return decide(requisition, index, at=AT)

    return run


def test_a_posting_leading_the_catalogues_role_acronyms_leads_people(
    decide_with: Callable[[str, str], Outcome],
) -> None:
    posting = (
        "Designs widget assembly fixtures and improves plant throughput. "
        "Builds widget assembly stage 3 tooling. Manage 6 WATs on the night shift."
    )
    written_as_people = decide_with("Mentors junior WATs on fixture safety", posting)
    assert "track_unavailable" in written_as_people.flags
    assert any("WATs" in signal.evidence for signal in written_as_people.explanation)
    # The same posting against a catalogue that never writes of WATs as people: an unknown
    # acronym is not read as anyone's reports.
    never_written = decide_with("Keeps fixture safety records", posting)
    assert "track_unavailable" not in never_written.flags
