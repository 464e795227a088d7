"""Role acronyms come from the catalogue: what its documents write as people is read as people
in postings, and no other acronym is."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from leveler.domain.catalogue import Level, Profile
from leveler.domain.engine import LevelingIndex
from leveler.domain.facts import read_direct_reports_lowered
from leveler.domain.outcome import Outcome
from leveler.domain.role_acronyms import RoleAcronyms


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
        # Only whole words: "SOCRAs" holds the letters of "CRAs".
        ("Hold SOCRAs; coach CRAs.", "hold socras; coach CRAs."),
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


@pytest.fixture
def decide_with(
    index_for_profile: Callable[[Profile], LevelingIndex],
    decide_in_austin: Callable[[LevelingIndex, str, str], Outcome],
    widget_level: Callable[..., Level],
) -> Callable[[str, str], Outcome]:
    """Decide a posting against a widget engineering catalogue (individual contributors
    only) whose P3 responsibilities also say `written`."""

    def level(rank: int, written: str) -> Level:
        tooling = f"Builds widget assembly stage {rank} tooling"
        return widget_level(rank, "P", responsibilities=(tooling, written))

    def run(written: str, description: str) -> Outcome:
        profile = Profile(
            code="W.WIDGETENG",
            name="Widget Assembly Engineering",
            function_code="W",
            description="Designs widget assembly fixtures, widget quality and plant throughput.",
            levels=tuple(level(rank, written if rank == 3 else "") for rank in (1, 2, 3)),
        )
        return decide_in_austin(index_for_profile(profile), "Widget Assembly Engineer", description)

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
