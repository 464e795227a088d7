"""The `leveler` command: migrate | serve | work | all."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Iterator, Sequence

import uvicorn

from leveler.adapters.migrations import migrate
from leveler.bootstrap import Container, bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker
from leveling_common.kafka import install_stop_signals
from leveling_common.logging import configure_logging, get_logger
from leveling_common.settings import load_settings
from leveling_common.tracing import configure_tracing

__all__ = ["main"]

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


async def _run(command: str, settings: Settings) -> None:
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leveler",
        description="Requisition leveling: ATS intake, decisions, overrides, re-leveling.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", help="apply the database migrations and exit")
    commands.add_parser("serve", help="run the HTTP API (webhooks, decisions, overrides)")
    commands.add_parser("work", help="run the consumer and the outbox relay")
    commands.add_parser("all", help="serve and work in one process")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    settings = load_settings(Settings)
    configure_logging("leveler", settings.log_level)
    configure_tracing("leveler", otlp_endpoint=settings.otlp_endpoint)
    if args.command == "migrate":
        migrate(settings.database_url)
        _log.info("migrated", database=settings.database_url.split("://")[0])
        return
    asyncio.run(_run(args.command, settings))


if __name__ == "__main__":
    main()
