"""Band sets through the use cases: drafts, publication, look-ups and impact."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from catalogue.domain.exceptions import Conflict, InvalidData, NotFound
from catalogue.domain.pay import Band, Baseline, Differential
from catalogue.seed import seed
from catalogue.service_layer import pay, profiles
from catalogue.service_layer.snapshot import SnapshotCache
from leveling_common.events import BANDSET_PUBLISHED

CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"
SEED_SET = "seed-2025-illustrative"


@pytest.fixture
async def seeded(uow_factory, store):
    await seed(uow_factory)
    return store


async def test_the_seed_publishes_the_illustrative_band_set_with_one_event(uow_factory, seeded):
    band_set = seeded.band_sets[SEED_SET]
    assert band_set.is_published
    # Baseline, CPM and CTA levels x 3 zones paid in GBP or EUR; the rest derive.
    assert len(band_set.bands) == (5 + 5 + 4) * 3
    assert len(await pay.effective(uow_factory(), band_set_id=SEED_SET)) == (5 + 5 + 4) * 12
    published = [p for p in seeded.outbox if p.event.type == BANDSET_PUBLISHED]
    assert [p.key for p in published] == [SEED_SET]


async def test_seeding_twice_changes_nothing(uow_factory, seeded):
    before = (dict(seeded.profiles), dict(seeded.band_sets), seeded.revision, len(seeded.outbox))
    report = await seed(uow_factory)
    assert report.band_set_status == "unchanged"
    assert set(report.profiles.values()) == {"unchanged"}
    assert (
        dict(seeded.profiles),
        dict(seeded.band_sets),
        seeded.revision,
        len(seeded.outbox),
    ) == before


async def test_a_band_lookup_returns_the_band_in_force(uow_factory, seeded):
    found = await pay.lookup_band(
        uow_factory(),
        cache=SnapshotCache(),
        profile_code=CPM,
        level="M2",
        zone="US-OTHER",
        at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    assert found.band_set.id == SEED_SET
    assert found.source == "profile"
    assert (found.band.min, found.band.mid, found.band.max) == (
        Decimal(100500),
        Decimal(132500),
        Decimal(164500),
    )


async def _publish_raise(uow_factory, *, percent: int, start: datetime) -> str:
    # A client that sends explicit bands only, built from every band the seed set yields.
    current = await pay.effective(uow_factory(), band_set_id=SEED_SET)
    factor = Decimal(100 + percent) / 100
    raised = [
        replace(
            b,
            min=(b.min * factor).quantize(Decimal(1)),
            mid=(b.mid * factor).quantize(Decimal(1)),
            max=(b.max * factor).quantize(Decimal(1)),
        )
        for b in current
    ]
    draft = await pay.create_draft(uow_factory(), name="raise", effective_from=start, bands=raised)
    await pay.publish(uow_factory(), band_set_id=draft.id)
    return draft.id


async def test_a_lookup_before_a_newer_publication_returns_the_older_band(uow_factory, seeded):
    cache = SnapshotCache()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    newer = await _publish_raise(uow_factory, percent=10, start=start)
    before = await pay.lookup_band(
        uow_factory(),
        cache=cache,
        profile_code=CTA,
        level="M3",
        zone="US-NYC",
        at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
    )
    after = await pay.lookup_band(
        uow_factory(), cache=cache, profile_code=CTA, level="M3", zone="US-NYC", at=start
    )
    assert before.band_set.id == SEED_SET
    assert before.effective_to == start
    assert after.band_set.id == newer
    assert after.band.mid == (before.band.mid * Decimal("1.1")).quantize(Decimal(1))


async def test_a_lookup_before_any_band_set_is_not_found(uow_factory, seeded):
    cache = SnapshotCache()
    with pytest.raises(NotFound, match="band set in force"):
        await pay.lookup_band(
            uow_factory(),
            cache=cache,
            profile_code=CPM,
            level="M1",
            zone="DE",
            at=datetime(2020, 1, 1, tzinfo=UTC),
        )


async def test_a_lookup_for_a_level_the_profile_lacks_is_not_found(uow_factory, seeded):
    cache = SnapshotCache()
    with pytest.raises(NotFound, match="M5"):
        await pay.lookup_band(uow_factory(), cache=cache, profile_code=CTA, level="M5", zone="DE")


async def test_a_draft_pointing_at_an_unknown_zone_is_refused(uow_factory, seeded):
    band = Band("CLINIC", CPM, "M1", "MARS", Decimal(1), Decimal(2), Decimal(3), "USD")
    with pytest.raises(InvalidData, match="unknown zone"):
        await pay.create_draft(
            uow_factory(), name="x", effective_from=datetime(2026, 1, 1, tzinfo=UTC), bands=[band]
        )


async def test_a_published_set_cannot_be_edited_or_deleted(uow_factory, seeded):
    with pytest.raises(Conflict):
        await pay.update_draft(uow_factory(), band_set_id=SEED_SET, name="renamed")
    with pytest.raises(Conflict):
        await pay.delete_draft(uow_factory(), band_set_id=SEED_SET)


async def test_impact_reports_every_changed_band_and_by_how_much(uow_factory, seeded):
    current = await pay.effective(uow_factory(), band_set_id=SEED_SET)
    changed = [replace(b, max=b.max + 1000) if b.zone == "US-NYC" else b for b in current]
    draft = await pay.create_draft(
        uow_factory(), name="nyc", effective_from=datetime(2026, 1, 1, tzinfo=UTC), bands=changed
    )
    report = await pay.impact(uow_factory(), band_set_id=draft.id)
    assert report.compared_with is not None
    assert report.compared_with.id == SEED_SET
    assert len(report.changes) == 14  # 5 baseline + 5 CPM + 4 CTA levels in New York
    assert {c.delta("max") for c in report.changes} == {Decimal(1000)}
    assert {c.delta("mid") for c in report.changes} == {Decimal(0)}
    assert report.unchanged == len(current) - 14


async def test_a_profile_level_still_banded_cannot_be_deleted(uow_factory, seeded):
    with pytest.raises(Conflict, match="has bands"):
        await profiles.delete_level(uow_factory(), profile_code=CTA, level="M4")


async def test_a_draft_structure_derives_bands_and_publication_freezes_the_zone_table(
    uow_factory, seeded
):
    base = Baseline("CLINIC", None, "M2", Decimal(100000), Decimal(120000), Decimal(140000), "USD")
    draft = await pay.create_draft(
        uow_factory(),
        name="structure",
        effective_from=datetime(2026, 1, 1, tzinfo=UTC),
        bands=[],
        structure=pay.Structure(
            baselines=[base], differentials=[Differential("US-NYC", Decimal(130))]
        ),
    )
    report = await pay.impact(uow_factory(), band_set_id=draft.id)
    after = {b.key: b for b in report.draft_bands}
    assert after[("CLINIC", None, "M2", "US-NYC")].mid == Decimal(156000)
    assert after[("CLINIC", None, "M2", "GB")].mid == Decimal(90000)  # the zone table's 0.75
    assert after[("CLINIC", CPM, "M2", "US-NYC")].mid == Decimal(165360)  # pay factor 1.06
    published = await pay.publish(uow_factory(), band_set_id=draft.id)
    assert published.differential("GB") == Decimal("75.00")
    assert published.differential("US-NYC") == Decimal(130)


_STRANGER = Baseline("CLINIC", "NOPE", "M2", Decimal(1), Decimal(2), Decimal(3), "USD")


@pytest.mark.parametrize(
    ("structure", "field"),
    [
        (pay.Structure(differentials=[Differential("MARS", Decimal(100))]), "differentials"),
        (pay.Structure(baselines=[_STRANGER]), "baselines"),
    ],
)
async def test_a_structure_pointing_at_nothing_is_refused(uow_factory, seeded, structure, field):
    with pytest.raises(InvalidData) as error:
        await pay.create_draft(
            uow_factory(),
            name="x",
            effective_from=datetime(2026, 1, 1, tzinfo=UTC),
            bands=[],
            structure=structure,
        )
    assert error.value.field == field
