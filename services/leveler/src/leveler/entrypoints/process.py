"""The long-running leveler process: the HTTP API, the worker, or both, until SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn

from leveler.bootstrap import Container, bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker
from leveling_common.kafka import install_stop_signals
from leveling_common.logging import get_logger

__all__ = ["run"]

_log = get_logger(__name__)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the process's stop event owns SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _serve(container: Container, stop: asyncio.Event) -> None:
    settings = container.settings
    config = uvicorn.Config(
        create_app(container),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    server = _Server(config)

    async def stop_server() -> None:
        await stop.wait()
        server.should_exit = True

    watcher = asyncio.create_task(stop_server())
    try:
        await server.serve()
    finally:
        watcher.cancel()
        stop.set()


async def run(command: str, settings: Settings) -> None:
    stop = asyncio.Event()
    install_stop_signals(stop)
    container = bootstrap(settings)
    try:
        if command == "serve":
            await _serve(container, stop)
        elif command == "work":
            await run_worker(container, stop)
        else:
            await asyncio.gather(_serve(container, stop), run_worker(container, stop))
    finally:
        await container.aclose()
        _log.info("stopped", command=command)
