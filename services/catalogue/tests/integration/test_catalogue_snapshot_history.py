"""The catalogue as it was: every version is kept with the instant it took effect, and
GET /v1/snapshot?at= serves it again, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from catalogue.adapters import tables
from catalogue.seed import seed
from leveling_common.snapshot import CatalogueSnapshot

pytestmark = pytest.mark.integration
TEXAS = {"code": "US-TX", "name": "Texas", "country": "US", "region": "TX"}


@pytest.fixture
async def seeded(catalogue, client):
    await seed(catalogue.uow)
    return client


async def _snapshot(client, **params) -> CatalogueSnapshot:
    response = await client.get("/v1/snapshot", params=params)
    assert response.status_code == 200, response.text
    snapshot = CatalogueSnapshot.model_validate_json(response.content)
    assert response.headers["ETag"] == f'"{snapshot.catalogue_version}"'
    return snapshot


async def _versions_kept(catalogue) -> int:
    async with catalogue.sessions() as session:
        query = select(func.count()).select_from(tables.snapshot_history)
        return int((await session.execute(query)).scalar_one())


async def test_each_version_is_served_as_it_was_at_any_later_instant(seeded):
    before = await _snapshot(seeded)
    between = datetime.now(UTC)
    await asyncio.sleep(0.05)
    assert (await seeded.put("/v1/zones/US-TX", json=TEXAS)).status_code in (200, 201)
    after_zone = await _snapshot(seeded)
    assert after_zone.catalogue_version != before.catalogue_version

    was = await _snapshot(seeded, at=between.isoformat())
    assert was.catalogue_version == before.catalogue_version
    assert "US-TX" not in {z.code for z in was.zones}
    now = await _snapshot(seeded, at=datetime.now(UTC).isoformat())
    assert now.catalogue_version == after_zone.catalogue_version
    assert "US-TX" in {z.code for z in now.zones}


async def test_a_change_that_changes_nothing_keeps_no_new_version(seeded, catalogue):
    await seeded.put("/v1/zones/US-TX", json=TEXAS)
    kept = await _versions_kept(catalogue)
    await seeded.put("/v1/zones/US-TX", json=TEXAS)  # the same zone again: no change
    assert await _versions_kept(catalogue) == kept


async def test_before_the_first_version_and_without_a_zone_the_answer_is_clear(seeded):
    long_ago = (datetime.now(UTC) - timedelta(days=3650)).isoformat()
    missing = await seeded.get("/v1/snapshot", params={"at": long_ago})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    naive = await seeded.get("/v1/snapshot", params={"at": "2026-01-01T00:00:00"})
    assert naive.status_code == 422
