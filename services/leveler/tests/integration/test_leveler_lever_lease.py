"""One Lever poller per deployment: the poller lease on SQLite and PostgreSQL, two workers
sharing it, and a failing Lever made visible in /readyz and the metrics."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from leveler.adapters.lease import SqlLease
from leveler.bootstrap import bootstrap
from leveler.entrypoints.lever_poller import poll_lever
from leveler.entrypoints.poll_health import FAILING_AFTER
from leveler.service_layer.polling import PolledRequisition
from leveling_common.http import NotReady

pytestmark = pytest.mark.integration

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class CountingFeed:
    """A feed with no requisitions that counts the passes made over it."""

    def __init__(self, error: Exception | None = None) -> None:
        self.passes = 0
        self.error = error

    async def __aiter__(self):
        self.passes += 1
        if self.error is not None:
            raise self.error
        for _ in ():
            yield PolledRequisition("", None)  # pragma: no cover - never reached


async def test_the_lease_has_one_holder_until_it_lapses_or_is_released(settings, migrated_url):
    container = bootstrap(settings)
    clock = Clock()
    ttl = timedelta(seconds=30)
    first = SqlLease(container.sessions, name="lever-poller", holder="a", ttl=ttl, clock=clock)
    second = SqlLease(container.sessions, name="lever-poller", holder="b", ttl=ttl, clock=clock)
    try:
        assert await first.hold()
        assert not await second.hold()
        clock.now += timedelta(seconds=20)
        assert await first.hold()  # renewed: now good until T0 + 50 s
        clock.now += timedelta(seconds=20)
        assert not await second.hold()
        clock.now += timedelta(seconds=11)  # the holder stopped renewing: it lapsed
        assert await second.hold()
        assert not await first.hold()
        await second.release()
        assert await first.hold()
    finally:
        await container.aclose()


async def test_two_workers_poll_lever_one_at_a_time(settings, migrated_url):
    fast = settings.model_copy(update={"lever_poll_seconds": 0.1})
    containers = [bootstrap(fast), bootstrap(fast)]
    feeds = [CountingFeed(), CountingFeed()]
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(poll_lever(c, f, stop, c.lever_health))
        for c, f in zip(containers, feeds, strict=True)
    ]
    try:
        await asyncio.sleep(1.5)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        for container in containers:
            await container.aclose()
    assert sorted(feed.passes for feed in feeds)[0] == 0
    assert max(feed.passes for feed in feeds) >= 5


def _failed_passes() -> float:
    return (
        REGISTRY.get_sample_value("leveling_lever_poll_passes_total", {"outcome": "failed"}) or 0.0
    )


def _when(condition):
    async def check() -> bool:
        return condition()

    return check


async def test_a_failing_lever_shows_in_readiness_and_metrics(settings, migrated_url, eventually):
    container = bootstrap(settings.model_copy(update={"lever_poll_seconds": 0.05}))
    feed = CountingFeed(error=ConnectionError("Lever is down"))
    before = _failed_passes()
    stop = asyncio.Event()
    task = asyncio.create_task(poll_lever(container, feed, stop, container.lever_health))
    try:
        await container.lever_health.check()  # one failure is no outage yet
        health = container.lever_health
        assert await eventually(_when(lambda: health.failures_in_a_row >= FAILING_AFTER))
        with pytest.raises(NotReady, match=r"Lever passes failed in a row \(ConnectionError\)"):
            await container.lever_health.check()
        assert _failed_passes() - before >= FAILING_AFTER
        feed.error = None
        assert await eventually(_when(lambda: health.failures_in_a_row == 0))
        await container.lever_health.check()
    finally:
        stop.set()
        await task
        await container.aclose()
