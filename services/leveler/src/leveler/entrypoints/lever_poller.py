"""The Lever connection: a pass over Lever's requisitions every LEVELER_LEVER_POLL_SECONDS."""

from __future__ import annotations

import asyncio
import contextlib

from leveler.adapters.lever import SOURCE
from leveler.bootstrap import Container
from leveler.service_layer.polling import RequisitionFeed, poll_once
from leveling_common.logging import get_logger

__all__ = ["poll_lever"]

_log = get_logger(__name__)


async def poll_lever(container: Container, feed: RequisitionFeed, stop: asyncio.Event) -> None:
    """Poll until `stop`; a failed pass (Lever down, a bad page) is logged and tried again."""
    settings = container.settings
    while not stop.is_set():
        try:
            outcomes = await poll_once(
                feed,
                container.uow,
                source=SOURCE,
                topic=settings.requisitions_topic,
                clock=container.clock,
            )
            _log.info("lever_polled", **outcomes)
        except Exception as exc:  # the next pass retries; the worker keeps consuming
            _log.warning("lever_poll_failed", error=type(exc).__name__, detail=str(exc)[:300])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.lever_poll_seconds)
