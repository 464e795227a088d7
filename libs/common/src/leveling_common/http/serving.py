"""Serving an app inside a process whose stop event owns SIGTERM, and the workers' ops port.

A `work` process serves no API, yet its consumer lag, batch sizes and dead letters live in
its memory: without a port of its own Prometheus could not scrape them and an orchestrator
could not probe it. `serve_until` runs an app until the process's stop event is set, and
sets it when the server ends on its own, so the two halves of a process stop together.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator, Mapping

import uvicorn
from fastapi import FastAPI

from leveling_common.http.app import ReadinessCheck, create_service_app
from leveling_common.settings import BaseServiceSettings

__all__ = ["KEEP_ALIVE_SECONDS", "create_ops_app", "serve_until"]

# How long an idle client connection stays open. Longer than the idle timeout of the load
# balancers in front of us (60 s is the common default): a server that closes first can
# close a connection just as a request is sent on it, and that request fails unseen.
KEEP_ALIVE_SECONDS = 75


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the process's stop event owns SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_until(app: FastAPI, *, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve `app` on host:port until `stop` is set; an ended server sets `stop` too."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
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


def create_ops_app(
    *,
    service: str,
    version: str,
    settings: BaseServiceSettings,
    readiness: Mapping[str, ReadinessCheck],
    before_metrics: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    """/healthz, /readyz and /metrics of a `work` process, and nothing else."""
    return create_service_app(
        service=service,
        version=version,
        settings=settings,
        readiness=readiness,
        description=f"Operations endpoints of the {service} `work` process.",
        before_metrics=before_metrics,
    )
