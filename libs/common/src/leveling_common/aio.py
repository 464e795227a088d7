"""How a service process runs its main coroutine, and waits for what it depends on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import uvloop

from leveling_common.logging import get_logger

__all__ = ["retry_until_stopped", "run"]

_log = get_logger(__name__)

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on uvloop.

    Every service is I/O bound on many small messages (HTTP, Kafka, SQL, SMTP); uvloop's
    event loop spends less CPU per callback than the default one, and uvicorn picks it up
    for the servers that run inside the same loop.
    """
    return uvloop.run(main)


async def retry_until_stopped(
    attempt: Callable[[], Awaitable[None]],
    stop: asyncio.Event,
    *,
    waiting_for: str,
    max_delay_s: float = 10.0,
) -> bool:
    """Run `attempt` until it succeeds (True) or `stop` is set (False).

    A dependency that is still starting (the broker after a restart, a fresh cluster) is not
    a reason to crash: the process logs one line per try and backs off, doubling to a cap.
    """
    delay = 0.5
    while not stop.is_set():
        try:
            await attempt()
            return True
        except Exception as exc:  # any failure of a dependency at start-up is worth a retry
            _log.warning(f"{waiting_for}_not_ready", error=type(exc).__name__, retry_in_s=delay)
            try:
                await asyncio.wait_for(stop.wait(), timeout=delay)
            except TimeoutError:
                delay = min(delay * 2, max_delay_s)
    return False
