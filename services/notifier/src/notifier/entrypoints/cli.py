"""`notifier migrate | serve | work | all` (DESIGN.md section 5a)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from leveling_common import aio
from leveling_common.logging import configure_logging, get_logger
from leveling_common.settings import load_settings
from notifier.config import Settings

if TYPE_CHECKING:
    import uvicorn

    from notifier.bootstrap import Notifier

# Each command imports only what it runs: `work` restarting after a crash should not wait
# for the web framework and the migration tooling to load.

__all__ = ["main"]

_log = get_logger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notifier",
        description="Writes leveling decisions back to the ATS and emails the hiring team.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", help="apply the database migrations and exit")
    commands.add_parser("serve", help="serve the HTTP API")
    commands.add_parser("work", help="consume decisions and dispatch deliveries")
    commands.add_parser("all", help="serve and work in one process")
    return parser


def _server(service: Notifier) -> uvicorn.Server:
    import uvicorn

    from notifier.entrypoints.api import app_for

    config = uvicorn.Config(
        app_for(service),
        host=service.settings.host,
        port=service.settings.port,
        log_level=service.settings.log_level.lower(),
        access_log=False,
        lifespan="on",
    )
    return uvicorn.Server(config)


async def _ops(service: Notifier, stop: asyncio.Event, *, serve: bool) -> None:
    """A lone `work` process's health and metrics, when NOTIFIER_WORK_PORT names a port."""
    settings = service.settings
    if serve or not settings.work_port:
        return  # `all` reports the same metrics on its API port
    from leveling_common.http import serve_until
    from notifier.entrypoints.api import ops_app_for

    await serve_until(ops_app_for(service), host=settings.host, port=settings.work_port, stop=stop)


async def _run(settings: Settings, *, serve: bool, work: bool) -> None:
    """Serve and/or work until SIGTERM/SIGINT; both halves stop together."""
    from leveling_common.kafka import install_stop_signals
    from notifier.bootstrap import bootstrap
    from notifier.entrypoints.worker import run_worker

    stop = asyncio.Event()
    install_stop_signals(stop)
    service = bootstrap(settings)
    server = _server(service) if serve else None
    serving = asyncio.create_task(server.serve()) if server else None
    if serving is not None:
        # uvicorn takes the signals over while it serves and hands them back afterwards.
        serving.add_done_callback(lambda _: stop.set())
    try:
        if work:
            await asyncio.gather(run_worker(service, stop), _ops(service, stop, serve=serve))
        else:
            await stop.wait()
    finally:
        if server is not None and serving is not None:
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await serving
        await service.aclose()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings(Settings)
    configure_logging("notifier", settings.log_level)
    if args.command == "migrate":
        from notifier.adapters.migrations import upgrade

        upgrade(settings.database_url)
        _log.info("migrated", database=settings.database_url.split("@")[-1])
        return 0
    serve, work = args.command in ("serve", "all"), args.command in ("work", "all")
    from leveling_common.tracing import configure_tracing

    configure_tracing("notifier", otlp_endpoint=settings.otlp_endpoint)
    aio.run(_run(settings, serve=serve, work=work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
