"""The Lever connection: a pass over Lever's requisitions every LEVELER_LEVER_POLL_SECONDS,
by whichever one process of the deployment holds the poller lease.

A failing pass is logged, counted (`leveling_lever_poll_passes_total{outcome="failed"}`) and
tried again next interval; after a few failures in a row the work process's /readyz says so
(`LeverPollHealth`).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from datetime import timedelta

from leveler.adapters.lease import SqlLease
from leveler.adapters.lever import SOURCE
from leveler.bootstrap import Container
from leveler.entrypoints.poll_health import LeverPollHealth
from leveler.metrics import LEVER_PASSES
from leveler.service_layer.polling import RequisitionFeed, poll_once
from leveling_common.logging import get_logger

__all__ = ["poll_lever"]

LEASE_NAME = "lever-poller"
_log = get_logger(__name__)


def poller_lease(container: Container) -> SqlLease:
    settings = container.settings
    return SqlLease(
        container.sessions,
        name=LEASE_NAME,
        holder=f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}",
        # Long enough to outlast one pass; short enough that a dead holder is replaced soon.
        ttl=timedelta(seconds=max(30.0, 3 * settings.lever_poll_seconds)),
        clock=container.clock,
    )


async def _pass(container: Container, feed: RequisitionFeed, health: LeverPollHealth) -> None:
    settings = container.settings
    try:
        outcomes = await poll_once(
            feed,
            container.uow,
            source=SOURCE,
            topic=settings.requisitions_topic,
            clock=container.clock,
        )
    except Exception as exc:  # the next pass retries; the worker keeps consuming
        health.failed(exc)
        _log.warning("lever_poll_failed", error=type(exc).__name__, detail=str(exc)[:300])
        return
    health.succeeded(container.clock())
    _log.info("lever_polled", **outcomes)


async def poll_lever(
    container: Container, feed: RequisitionFeed, stop: asyncio.Event, health: LeverPollHealth
) -> None:
    """Poll until `stop` while holding the lease; stand by while another process holds it."""
    lease = poller_lease(container)
    try:
        while not stop.is_set():
            try:
                holding = await lease.hold()
            except Exception as exc:  # the database is down: nobody can poll safely
                health.failed(exc)
                holding = False
            if holding:
                await _pass(container, feed, health)
            else:
                LEVER_PASSES.labels("standby").inc()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=container.settings.lever_poll_seconds)
    finally:
        with contextlib.suppress(Exception):
            await lease.release()
