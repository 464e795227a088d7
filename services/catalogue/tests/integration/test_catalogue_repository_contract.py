"""One contract for the repository and unit of work, run on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from alembic import command

from catalogue.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from catalogue.domain.currency import ExchangeRate
from catalogue.domain.document import parse_profile_document
from catalogue.domain.model import JobFunction
from catalogue.domain.pay import Band, BandSet, Baseline, Differential, PayFactor
from catalogue.domain.titles import TitleConvention
from catalogue.entrypoints.process import alembic_config
from catalogue.seed import PROFILE_DOCUMENTS, profile_document, seed_content
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork

pytestmark = pytest.mark.integration


def migrate(url: str) -> str:
    command.upgrade(alembic_config(url), "head")
    return url


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def backend(request, tmp_path) -> str | None:
    """The same tests against the in-memory twin and both SQL backends (None = memory)."""
    if request.param == "memory":
        return None
    if request.param == "sqlite":
        return migrate(f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}")
    return migrate(request.getfixturevalue("postgres_server").create_database())


@pytest.fixture
async def uow_factory(backend, make_catalogue) -> AsyncIterator[Callable[[], UnitOfWork]]:
    if backend is None:
        store = InMemoryStore()
        yield lambda: InMemoryUnitOfWork(store)
        return
    yield make_catalogue(backend).uow


async def _with_function(uow: UnitOfWork) -> None:
    await uow.repo.save_function(JobFunction("CLINIC", "Clinical Development"))


async def test_a_profile_reads_back_equal_to_what_was_saved(uow_factory):
    profiles = [parse_profile_document(profile_document(n)).profile for n in PROFILE_DOCUMENTS]
    profiles[0] = replace(profiles[0], pay_factor=Decimal("1.06"), aliases=("CPM", "Trial PM"))
    async with uow_factory() as uow:
        await _with_function(uow)
        for profile in profiles:
            await uow.repo.save_profile(profile)
        await uow.commit()
    async with uow_factory() as uow:
        assert [await uow.repo.get_profile(p.code) for p in profiles] == profiles
        page, total = await uow.repo.list_profiles(where=ProfileFilter(query="trial pm"))
        assert ([p.code for p in page], total) == ([profiles[0].code], 1)
        page, total = await uow.repo.list_profiles(where=ProfileFilter(soc_code="11-9111"))
        assert [p.code for p in page] == [profiles[1].code]
        page, total = await uow.repo.list_profiles(limit=1, offset=1)
        assert (len(page), total) == (1, 2)


async def test_work_not_committed_is_rolled_back(uow_factory):
    async with uow_factory() as uow:
        await _with_function(uow)
        await uow.repo.bump_revision()
    async with uow_factory() as uow:
        assert await uow.repo.list_functions() == []
        assert await uow.repo.revision() == 0


async def test_zones_jurisdictions_and_band_sets_read_back_exactly(uow_factory):
    content, _ = seed_content()
    band_set = BandSet(
        id="bs-1",
        name="one",
        effective_from=datetime(2025, 1, 1, 12, tzinfo=UTC),
        status="published",
        published_at=datetime(2025, 1, 2, tzinfo=UTC),
        created_at=datetime(2024, 12, 1, tzinfo=UTC),
        bands=(
            Band(
                "CLINIC",
                None,
                "M2",
                "US-NYC",
                Decimal("95000.50"),
                Decimal(125000),
                Decimal(155000),
                "USD",
            ),
            Band(
                "CLINIC",
                "X.Y",
                "M3",
                "GB",
                Decimal(50000),
                Decimal(60000),
                Decimal(70000),
                "GBP",
                "month",
            ),
        ),
    )
    async with uow_factory() as uow:
        for zone in content.zones:
            await uow.repo.save_zone(zone)
        await uow.repo.set_default_zone("US-OTHER")
        for rule in content.jurisdictions:
            await uow.repo.save_jurisdiction(rule)
        await uow.repo.save_band_set(band_set)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.list_zones() == sorted(content.zones, key=lambda z: z.code)
        assert await uow.repo.get_default_zone() == "US-OTHER"
        assert await uow.repo.list_jurisdictions() == sorted(
            content.jurisdictions, key=lambda j: j.code
        )
        assert await uow.repo.get_band_set("bs-1") == band_set
        [header] = await uow.repo.list_band_sets(status="published", with_bands=False)
        assert header.id == "bs-1"
        assert await uow.repo.list_band_sets(status="draft") == []


async def test_a_pay_structure_reads_back_exactly_and_goes_with_its_set(uow_factory):
    structured = BandSet(
        id="bs-structure",
        name="structure",
        effective_from=datetime(2026, 1, 1, tzinfo=UTC),
        round_to=Decimal("0.50"),
        baselines=(
            Baseline(
                "CLINIC", None, "M2", Decimal("95000.25"), Decimal(125000), Decimal(155000), "USD"
            ),
            Baseline("CLINIC", "X.Y", "M3", Decimal(40), Decimal(50), Decimal(60), "EUR", "hour"),
        ),
        differentials=(
            Differential("US-NYC", Decimal("120.00")),
            Differential("GB", Decimal("82.5")),
        ),
        pay_factors=(PayFactor("X.Y", Decimal("1.0600")), PayFactor("A.B", Decimal("0.85"))),
    )
    async with uow_factory() as uow:
        await uow.repo.save_band_set(structured)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.repo.get_band_set("bs-structure")
        assert found == structured
        assert found is not None
        assert [(f.profile_code, str(f.factor)) for f in found.pay_factors] == [
            ("A.B", "0.85"),
            ("X.Y", "1.0600"),
        ]
        emptied = structured.revise(baselines=(), differentials=(), pay_factors=())
        await uow.repo.save_band_set(emptied)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.repo.get_band_set("bs-structure")
        assert found is not None
        assert (found.baselines, found.differentials, found.pay_factors) == ((), (), ())
        await uow.repo.delete_band_set("bs-structure")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.get_band_set("bs-structure") is None


async def test_exchange_rates_read_back_exactly_and_can_be_removed(uow_factory):
    content, _ = seed_content()
    async with uow_factory() as uow:
        for rate in content.exchange_rates:
            await uow.repo.save_exchange_rate(rate)
        await uow.repo.save_exchange_rate(ExchangeRate("JPY", Decimal("151.23456789")))
        await uow.commit()
    async with uow_factory() as uow:
        rates = await uow.repo.list_exchange_rates()
        assert [r.currency for r in rates] == ["EUR", "GBP", "JPY", "USD"]
        assert rates[2].per_usd == Decimal("151.23456789")
        await uow.repo.delete_exchange_rate("JPY")
        await uow.commit()
    async with uow_factory() as uow:
        assert [r.currency for r in await uow.repo.list_exchange_rates()] == ["EUR", "GBP", "USD"]


async def test_title_conventions_read_back_in_track_and_phrase_order_and_are_replaced(
    uow_factory,
):
    conventions = [
        TitleConvention("P", "Member of Technical Staff", 4),
        TitleConvention("M", "Group Manager", 4),
        TitleConvention("P", "Lead", None),
    ]
    async with uow_factory() as uow:
        await uow.repo.replace_title_conventions(conventions)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.list_title_conventions() == [
            conventions[1],
            conventions[2],
            conventions[0],
        ]
        await uow.repo.replace_title_conventions([TitleConvention("P", "SDE II", 2)])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.list_title_conventions() == [TitleConvention("P", "SDE II", 2)]
        await uow.repo.replace_title_conventions([])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.list_title_conventions() == []


async def test_the_revision_counts_committed_changes(uow_factory):
    for _ in range(3):
        async with uow_factory() as uow:
            await uow.repo.bump_revision()
            await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.revision() == 3


async def test_kept_versions_are_found_by_instant_and_announcements_by_key(uow_factory):
    t0 = datetime(2027, 1, 1, tzinfo=UTC)
    async with uow_factory() as uow:
        assert await uow.repo.last_recorded_version() is None
        await uow.repo.record_snapshot("cv-1", t0, b"one")
        await uow.repo.record_snapshot("cv-2", t0.replace(month=3), b"two")
        await uow.repo.record_announced_jurisdiction("US-VT", t0.date(), t0)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo.last_recorded_version() == "cv-2"
        assert await uow.repo.snapshot_at(t0.replace(year=2026)) is None
        assert await uow.repo.snapshot_at(t0.replace(month=2)) == ("cv-1", t0, b"one")
        assert (await uow.repo.snapshot_at(t0.replace(month=4)) or ("",))[0] == "cv-2"
        assert await uow.repo.announced_jurisdictions() == {("US-VT", t0.date())}
