"""The catalogue version is a content hash: equal catalogues agree, any change moves it."""

from __future__ import annotations

from dataclasses import replace

from catalogue.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from catalogue.seed import seed
from catalogue.service_layer import exchange, profiles, zones
from catalogue.service_layer.snapshot import SnapshotCache, build_snapshot, current_snapshot


async def _seeded_store() -> InMemoryStore:
    store = InMemoryStore()
    await seed(lambda: InMemoryUnitOfWork(store))
    return store


async def test_two_catalogues_with_equal_content_share_a_version():
    first, second = await _seeded_store(), await _seeded_store()
    one = await build_snapshot(InMemoryUnitOfWork(first).repo)
    two = await build_snapshot(InMemoryUnitOfWork(second).repo)
    assert one.catalogue_version == two.catalogue_version


async def test_any_change_to_the_snapshot_moves_the_version_and_the_cache_follows():
    store = await _seeded_store()

    def uow() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store)

    cache = SnapshotCache()
    version, body = await current_snapshot(uow(), cache)
    assert (await current_snapshot(uow(), cache)) == (version, body)
    zone = await zones.get_zone(uow(), code="GB")
    await zones.put_zone(uow(), zone=replace(zone, name="United Kingdom (other)"))
    renamed, _ = await current_snapshot(uow(), cache)
    assert renamed != version
    await zones.put_zone(uow(), zone=zone)
    assert (await current_snapshot(uow(), cache))[0] == version


async def test_an_export_imported_into_an_empty_catalogue_reproduces_it():
    source = await _seeded_store()
    content = await exchange.export_catalogue(InMemoryUnitOfWork(source))
    target = InMemoryStore()
    summary = await exchange.import_catalogue(InMemoryUnitOfWork(target), content=content)
    assert summary.created == {
        "functions": 1,
        "profiles": 2,
        "zones": 12,
        "jurisdictions": len(content.jurisdictions),
        "exchange_rates": 3,
        "band_sets": 1,
    }
    assert await exchange.export_catalogue(InMemoryUnitOfWork(target)) == content
    assert (
        summary.catalogue_version
        == (await build_snapshot(InMemoryUnitOfWork(source).repo)).catalogue_version
    )
    again = await exchange.import_catalogue(InMemoryUnitOfWork(target), content=content)
    assert again.catalogue_version is None


async def test_a_profile_rename_is_announced_with_the_new_version():
    store = await _seeded_store()

    def uow() -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(store)

    profile = await profiles.get_profile(uow(), code="CLINIC.CLINICAL90BC")
    await profiles.replace_profile(
        uow(), profile=replace(profile, name="Clinical Trial Management")
    )
    last = store.outbox[-1]
    assert last.event.data.change == "updated"
    assert last.event.data.catalogue_version == (await build_snapshot(uow().repo)).catalogue_version
