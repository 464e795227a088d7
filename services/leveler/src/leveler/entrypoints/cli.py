"""The `leveler` command: migrate | serve | work | all.

Settings are read before anything heavy is imported, so a configuration error answers at
once with one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from leveler.config import Settings
from leveling_common import aio
from leveling_common.logging import configure_logging, get_logger
from leveling_common.settings import load_settings

__all__ = ["main"]

_log = get_logger(__name__)


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
    if args.command == "migrate":
        from leveler.adapters.migrations import migrate

        migrate(settings.database_url)
        _log.info("migrated", database=settings.database_url.split("://")[0])
        return
    from leveler.entrypoints.process import run
    from leveling_common.tracing import configure_tracing

    configure_tracing("leveler", otlp_endpoint=settings.otlp_endpoint)
    aio.run(run(args.command, settings))


if __name__ == "__main__":
    main()
