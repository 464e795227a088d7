"""`notifier work`: the decisions consumer and the delivery dispatcher, side by side."""

from __future__ import annotations

import asyncio

from leveling_common.kafka import ensure_topics, run_consumer
from leveling_common.logging import get_logger
from notifier.bootstrap import Notifier
from notifier.entrypoints.consumer import PAYLOAD_TYPES, decision_handler

__all__ = ["run_worker"]

_log = get_logger(__name__)


async def _ensure_topics(notifier: Notifier, stop: asyncio.Event) -> bool:
    delay = 0.5
    while not stop.is_set():
        try:
            await ensure_topics(notifier.settings.kafka(), [notifier.settings.decisions_topic])
            return True
        except Exception as error:  # the broker may still be starting
            _log.warning("topics_not_ready", error=repr(error), retry_in_s=delay)
            try:
                await asyncio.wait_for(stop.wait(), timeout=delay)
            except TimeoutError:
                delay = min(delay * 2, 10.0)
    return False


async def run_worker(notifier: Notifier, stop: asyncio.Event) -> None:
    """Run until `stop`: deliveries keep flowing even while the broker is unreachable."""
    settings = notifier.settings
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
            )
    finally:
        stop.set()
        await dispatcher
