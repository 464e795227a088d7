"""`leveler work`: the shared consumer loop on requisitions and catalogue changes, plus the
outbox relay that publishes what intake and the worker committed."""

from __future__ import annotations

import asyncio

from leveler.bootstrap import Container
from leveler.entrypoints.lever_poller import poll_lever
from leveler.service_layer.errors import CatalogueUnavailable
from leveling_common.aio import retry_until_stopped
from leveling_common.kafka import ensure_topics, run_consumer
from leveling_common.logging import get_logger

__all__ = ["run_worker"]

_log = get_logger(__name__)


async def _connect(container: Container, stop: asyncio.Event) -> bool:
    """Create the topics and start the publisher, waiting for the broker; False if stopped."""
    settings = container.settings
    topics = [settings.requisitions_topic, settings.catalogue_topic, settings.decisions_topic]

    async def connect() -> None:
        await ensure_topics(settings.kafka(), topics)
        await container.start_publisher()

    return await retry_until_stopped(connect, stop, waiting_for="broker")


async def _warm_catalogue(container: Container) -> None:
    """Load and index the catalogue now, so the first requisition does not pay for it."""
    try:
        await container.catalogue.current()
    except CatalogueUnavailable as exc:
        _log.warning("catalogue_not_loaded_at_start", error=str(exc))


async def run_worker(container: Container, stop: asyncio.Event) -> None:
    """Consume until `stop` is set; the relay drains in parallel and stops with it."""
    settings = container.settings
    # Not ready until the group has its partitions; the snapshot is indexed before that.
    container.partitions.expect(settings.consumer_group)
    if not await _connect(container, stop):
        return
    await _warm_catalogue(container)
    relay_task = asyncio.create_task(container.outbox_relay().run(stop), name="outbox-relay")
    feed = container.lever_feed()
    poller = None
    if feed is not None:
        poller = asyncio.create_task(poll_lever(container, feed, stop, container.lever_health))
    try:
        await run_consumer(
            settings=settings.kafka(),
            service="leveler",
            group_id=settings.consumer_group,
            topics=[settings.requisitions_topic, settings.catalogue_topic],
            handler=container.message_handler(),
            stop=stop,
            gate=container.partitions,
        )
    finally:
        # The relay must not outlive the consumer: a crashed consumer stops the process.
        stop.set()
        await relay_task
        if poller is not None:
            await poller
