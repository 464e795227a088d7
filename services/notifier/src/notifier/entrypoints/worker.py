"""`notifier work`: the decisions consumer and the delivery dispatcher, side by side."""

from __future__ import annotations

import asyncio

from leveling_common.aio import retry_until_stopped
from leveling_common.kafka import ensure_topics, run_consumer
from notifier.bootstrap import Notifier
from notifier.entrypoints.consumer import PAYLOAD_TYPES, decision_handler

__all__ = ["run_worker"]


async def _ensure_topics(notifier: Notifier, stop: asyncio.Event) -> bool:
    settings = notifier.settings

    async def create() -> None:
        await ensure_topics(settings.kafka(), [settings.decisions_topic])

    return await retry_until_stopped(create, stop, waiting_for="broker")


async def run_worker(notifier: Notifier, stop: asyncio.Event) -> None:
    """Run until `stop`: deliveries keep flowing even while the broker is unreachable."""
    settings = notifier.settings
    # Not ready until the group has its partitions.
    notifier.partitions.expect(settings.consumer_group)
    dispatcher = asyncio.create_task(notifier.dispatcher.run(stop))
    try:
        if await _ensure_topics(notifier, stop):
            await run_consumer(
                settings=settings.kafka(),
                service="notifier",
                group_id=settings.consumer_group,
                topics=[settings.decisions_topic],
                handler=decision_handler(
                    ledger=notifier.ledger,
                    routing=notifier.routing,
                    on_recorded=notifier.dispatcher.wake,
                ),
                payload_types=PAYLOAD_TYPES,
                stop=stop,
                gate=notifier.partitions,
            )
    finally:
        stop.set()
        await dispatcher
