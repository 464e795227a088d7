"""The seed catalogue as transcribed from the seed documents, and its mapping to the domain."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.catalogue import Catalogue
from leveler.service_layer.engine_input import requisition_from_event
from leveling_common.events import RequisitionData
from leveling_common.snapshot import CatalogueSnapshot

CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"


def test_both_seed_profiles_have_their_levels_and_five_responsibilities_each(
    engine_catalogue: Catalogue,
) -> None:
    levels = {p.code: [lv.code for lv in p.levels] for p in engine_catalogue.profiles}
    assert levels == {CPM: ["M1", "M2", "M3", "M4", "M5"], CTA: ["M1", "M2", "M3", "M4"]}
    for profile in engine_catalogue.profiles:
        assert all(len(level.responsibilities) == 5 for level in profile.levels)
        assert [level.rank for level in profile.levels] == list(range(1, len(profile.levels) + 1))


def test_typical_years_come_from_the_rubric(engine_catalogue: Catalogue) -> None:
    cpm = next(p for p in engine_catalogue.profiles if p.code == CPM)
    years = [(level.years_min, level.years_max) for level in cpm.levels]
    assert years == [(None, None), (2.0, 5.0), (5.0, 7.0), (8.0, 10.0), (10.0, 12.0)]


def test_responsibility_blocks_start_at_the_lowest_level(engine_catalogue: Catalogue) -> None:
    cpm = next(p for p in engine_catalogue.profiles if p.code == CPM)
    assert cpm.levels[0].responsibilities[0].startswith("Supervises a small team")
    assert cpm.levels[4].responsibilities[0].startswith("Directs clinical project management")
    cta = next(p for p in engine_catalogue.profiles if p.code == CTA)
    assert cta.levels[3].responsibilities[4].startswith("Engages senior leaders")


def test_rubric_cells_skills_and_level_boxes_are_transcribed(engine_catalogue: Catalogue) -> None:
    cta = next(p for p in engine_catalogue.profiles if p.code == CTA)
    assert cta.levels[1].rubric.degree_years.startswith(
        "2\u20135 years in clinical team leadership"
    )
    assert cta.skills[0].name == "Good Clinical Practice (GCP)"
    assert len(cta.skills) == 10
    assert (cta.levels[0].name, cta.levels[0].scope) == ("Manager (Team Lead)", "A single team")
    assert (cta.levels[1].name, cta.levels[1].scope) == (
        "Manager II",
        "An established team or sub-function",
    )
    assert cta.distinguishing.startswith("Unlike Clinical Monitoring")


def test_zones_bands_and_rules_are_mapped(engine_catalogue: Catalogue) -> None:
    assert {z.code for z in engine_catalogue.zones} == {
        "US-NYC", "US-BOS", "US-RDU", "US-SFO", "US-OTHER", "US-REMOTE", "GB", "DE",
    }  # fmt: skip
    band_set = engine_catalogue.band_sets[0]
    assert all(band.is_ordered() for band in band_set.bands)
    anchor = next(
        b for b in band_set.bands if (b.profile_code, b.level, b.zone) == (None, "M3", "US-OTHER")
    )
    assert (anchor.min, anchor.mid, anchor.max) == (
        Decimal(95000),
        Decimal(125000),
        Decimal(155000),
    )
    nyc = next(j for j in engine_catalogue.jurisdictions if j.code == "US-NYC")
    assert (nyc.forbids_open_ended, nyc.covers_remote, nyc.effective_from) == (
        True,
        True,
        date(2022, 11, 1),
    )


def test_to_domain_keeps_every_snapshot_field(engine_snapshot: CatalogueSnapshot) -> None:
    catalogue = to_domain(engine_snapshot)
    assert catalogue.version == engine_snapshot.catalogue_version
    assert catalogue.default_zone == "US-OTHER"
    level = catalogue.profiles[0].levels[2]
    source = engine_snapshot.profiles[0].levels[2]
    assert (level.code, level.rubric.knowledge, level.responsibilities) == (
        source.code,
        source.rubric.knowledge,
        tuple(source.responsibilities),
    )


def test_requisition_from_event_maps_the_fields_the_engine_reads() -> None:
    data = RequisitionData.model_validate(
        {
            "requisition_key": "greenhouse:1",
            "source_system": "greenhouse",
            "external_id": "1",
            "title": "Clinical Trial Manager",
            "description": "<p>Lead CRAs</p>",
            "department": "Clinical Operations",
            "location": {"name": "Raleigh, NC", "city": "Raleigh", "region": "NC", "country": "US"},
            "min_years_experience": 5,
            "direct_reports": 4,
            "requested_level": "M2",
            "posted_range": {"min": 100000, "max": None, "currency": "USD", "interval": "year"},
        }
    )
    requisition = requisition_from_event(data)
    assert (requisition.title, requisition.location.city, requisition.direct_reports) == (
        "Clinical Trial Manager",
        "Raleigh",
        4,
    )
    assert requisition.posted_range is not None
    assert (requisition.posted_range.min, requisition.posted_range.max) == (Decimal(100000), None)
    assert requisition.min_years_experience == 5.0
    assert requisition.requested_level == "M2"
