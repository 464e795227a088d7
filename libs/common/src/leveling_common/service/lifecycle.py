"""A service process from start to SIGTERM: the API, the worker, or both, stopping together.

`serve` runs the API; `work` runs the worker and, when <SERVICE>_WORK_PORT names a port, the
worker's own /healthz, /readyz and /metrics; `all` runs the API and the worker. SIGTERM and
SIGINT set one stop event: the server stops accepting, the worker finishes its batch and
commits, and only then are the service's connections closed. Whichever half ends first stops
the other, so an orchestrator never sees a process that is half alive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from leveling_common.http import ReadinessCheck, create_ops_app, serve_until
from leveling_common.kafka import install_stop_signals
from leveling_common.logging import get_logger
from leveling_common.settings import BaseServiceSettings

__all__ = ["Process", "run_process"]

_log = get_logger(__name__)


@dataclass(frozen=True)
class Process:
    """What a bootstrapped service runs; each app is built only when the command needs it.

    `ops_api` replaces the worker's plain health-and-metrics app when the service has more
    to report there.
    """

    name: str
    version: str
    settings: BaseServiceSettings
    host: str
    port: int
    readiness: Mapping[str, ReadinessCheck]
    api: Callable[[], FastAPI]
    work: Callable[[asyncio.Event], Awaitable[None]]
    close: Callable[[], Awaitable[None]]
    ops_api: Callable[[], FastAPI] | None = None

    def worker_ops_app(self) -> FastAPI:
        if self.ops_api is not None:
            return self.ops_api()
        return create_ops_app(
            service=self.name,
            version=self.version,
            settings=self.settings,
            readiness=self.readiness,
        )


async def _work_then_stop(process: Process, stop: asyncio.Event) -> None:
    try:
        await process.work(stop)
    finally:
        stop.set()


def _halves(command: str, process: Process, stop: asyncio.Event) -> list[Coroutine[Any, Any, None]]:
    host, work_port = process.host, process.settings.work_port
    halves: list[Coroutine[Any, Any, None]] = []
    if command in ("serve", "all"):
        halves.append(serve_until(process.api(), host=host, port=process.port, stop=stop))
    if command in ("work", "all"):
        halves.append(_work_then_stop(process, stop))
    if command == "work" and work_port:
        ops = process.worker_ops_app()
        halves.append(serve_until(ops, host=host, port=work_port, stop=stop))
    return halves


async def run_process(command: str, open_process: Callable[[], Process]) -> None:
    """Run `command` (serve, work or all) until SIGTERM, then close what the service opened."""
    stop = asyncio.Event()
    install_stop_signals(stop)
    process = open_process()
    try:
        await asyncio.gather(*_halves(command, process, stop))
    finally:
        await process.close()
        _log.info("stopped", command=command)
