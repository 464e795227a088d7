"""The long-running leveler process: the HTTP API, the worker, or both, until SIGTERM."""

from __future__ import annotations

import asyncio

from leveler import __version__
from leveler.bootstrap import Container, bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker
from leveling_common.http import create_ops_app, serve_until
from leveling_common.kafka import install_stop_signals
from leveling_common.logging import get_logger

__all__ = ["run"]

_log = get_logger(__name__)


async def _serve(container: Container, stop: asyncio.Event) -> None:
    settings = container.settings
    await serve_until(create_app(container), host=settings.host, port=settings.port, stop=stop)


async def _ops(container: Container, stop: asyncio.Event) -> None:
    """The `work` process's health and metrics, when LEVELER_WORK_PORT names a port."""
    settings = container.settings
    if not settings.work_port:
        return
    app = create_ops_app(
        service="leveler",
        version=__version__,
        settings=settings,
        readiness={"database": container.database_ready, "broker": container.broker_ready},
    )
    await serve_until(app, host=settings.host, port=settings.work_port, stop=stop)


async def run(command: str, settings: Settings) -> None:
    stop = asyncio.Event()
    install_stop_signals(stop)
    container = bootstrap(settings)
    try:
        if command == "serve":
            await _serve(container, stop)
        elif command == "work":
            await asyncio.gather(run_worker(container, stop), _ops(container, stop))
        else:
            await asyncio.gather(_serve(container, stop), run_worker(container, stop))
    finally:
        await container.aclose()
        _log.info("stopped", command=command)
