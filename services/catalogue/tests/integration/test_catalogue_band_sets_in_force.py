"""Band sets published ahead of time are announced once when they come into force."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from catalogue.adapters import tables
from catalogue.domain.pay import BandSet
from catalogue.service_layer.effective_dates import announce_band_sets_in_force
from leveling_common.events import BANDSET_EFFECTIVE

pytestmark = pytest.mark.integration
T0 = datetime(2027, 1, 1, tzinfo=UTC)


async def _publish(catalogue, band_set_id: str, *, effective: datetime, published: datetime):
    band_set = BandSet(
        id=band_set_id,
        name=band_set_id,
        effective_from=effective,
        status="published",
        published_at=published,
    )
    async with catalogue.uow() as uow:
        await uow.repo.save_band_set(band_set)
        await uow.commit()


async def _announcements(catalogue) -> list[tuple[str, str]]:
    outbox = tables.outbox.c
    query = select(outbox.key, outbox.event_type).where(outbox.event_type == BANDSET_EFFECTIVE)
    async with catalogue.sessions() as session:
        return [(row.key, row.event_type) for row in (await session.execute(query)).all()]


async def test_a_set_is_announced_at_its_effective_from_once_and_not_before(catalogue):
    await _publish(catalogue, "bs-next", effective=T0 + timedelta(seconds=60), published=T0)
    assert await announce_band_sets_in_force(catalogue.uow(), now=T0 + timedelta(seconds=59)) == []
    in_force = T0 + timedelta(seconds=60)
    assert await announce_band_sets_in_force(catalogue.uow(), now=in_force) == ["bs-next"]
    assert await announce_band_sets_in_force(catalogue.uow(), now=in_force) == []
    assert await _announcements(catalogue) == [("bs-next", BANDSET_EFFECTIVE)]


async def test_a_set_published_once_in_force_is_never_announced(catalogue):
    await _publish(catalogue, "bs-now", effective=T0, published=T0 + timedelta(seconds=1))
    assert await announce_band_sets_in_force(catalogue.uow(), now=T0 + timedelta(days=1)) == []
    assert await _announcements(catalogue) == []


async def test_two_workers_at_the_same_instant_announce_a_set_once(catalogue):
    await _publish(catalogue, "bs-next", effective=T0 + timedelta(seconds=5), published=T0)
    now = T0 + timedelta(seconds=5)
    results = await asyncio.gather(
        announce_band_sets_in_force(catalogue.uow(), now=now),
        announce_band_sets_in_force(catalogue.uow(), now=now),
        return_exceptions=True,
    )
    announced = [r for r in results if isinstance(r, list) and r]
    assert announced == [["bs-next"]]
    assert await _announcements(catalogue) == [("bs-next", BANDSET_EFFECTIVE)]


def _start_work(database_url: str, kafka_bootstrap: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LEVELING_ADMIN_TOKEN": "in-force-admin-token-0123456789",
        "CATALOGUE_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "catalogue.entrypoints.cli", "work"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _announced_ids(catalogue) -> list[str]:
    query = select(tables.band_set_effective_emissions.c.band_set_id)
    async with catalogue.sessions() as session:
        return list((await session.scalars(query)).all())


@pytest.mark.parametrize("delay_seconds", [4])
async def test_a_sigkill_of_work_as_the_set_comes_into_force_neither_loses_nor_doubles_it(
    catalogue, migrated_url, kafka_bootstrap, catalogue_events, delay_seconds
):
    band_set_id = f"bs-{time.time_ns()}"
    now = datetime.now(UTC)
    effective = now + timedelta(seconds=delay_seconds)
    await _publish(catalogue, band_set_id, effective=effective, published=now)
    worker = _start_work(migrated_url, kafka_bootstrap)
    try:
        deadline = time.monotonic() + delay_seconds + 30
        while band_set_id not in await _announced_ids(catalogue):
            assert time.monotonic() < deadline, "the set was never announced"
            await asyncio.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    restarted = _start_work(migrated_url, kafka_bootstrap)
    try:
        events = await asyncio.to_thread(catalogue_events, kafka_bootstrap, band_set_id, seconds=15)
    finally:
        restarted.terminate()
        restarted.wait(timeout=20)
    assert {e["type"] for e in events} == {BANDSET_EFFECTIVE}
    assert len({e["id"] for e in events}) == 1
    assert await _announced_ids(catalogue) == [band_set_id]
    assert await _announced_at(catalogue, band_set_id) >= effective


async def _announced_at(catalogue, band_set_id: str) -> datetime:
    emissions = tables.band_set_effective_emissions.c
    query = select(emissions.emitted_at).where(emissions.band_set_id == band_set_id)
    async with catalogue.sessions() as session:
        emitted = (await session.scalars(query)).one()
    return emitted if emitted.tzinfo else emitted.replace(tzinfo=UTC)
