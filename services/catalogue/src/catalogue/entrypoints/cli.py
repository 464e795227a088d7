"""`catalogue` command: migrate, serve, work, all, seed (DESIGN.md section 5a), import.

Settings are read before anything heavy is imported, so a configuration error answers at
once with one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from catalogue.config import Settings
from leveling_common import aio
from leveling_common.logging import configure_logging
from leveling_common.settings import load_settings

__all__ = ["main"]


def _migrate(settings: Settings) -> int:
    from catalogue.entrypoints.process import migrate

    return migrate(settings)


def _run_async(name: str) -> Callable[[Settings], int]:
    def run(settings: Settings) -> int:
        from catalogue.entrypoints import process

        job: Callable[[Settings], Coroutine[Any, Any, int | None]] = getattr(process, name)
        return aio.run(job(settings)) or 0

    return run


COMMANDS: dict[str, tuple[str, Callable[[Settings], int]]] = {
    "migrate": ("apply the database migrations and exit", _migrate),
    "serve": ("serve the HTTP API", _run_async("serve")),
    "work": ("relay the outbox to Kafka", _run_async("relay_only")),
    "all": ("serve the API and relay the outbox in one process", _run_async("all_in_one")),
    "seed": ("load the bundled sample catalogue (idempotent)", _run_async("run_seed")),
}


def _add_import_command(commands: Any) -> None:
    """`catalogue import PATH…`: kept apart from the lifecycle commands, which take no arguments."""
    summary = "import profile documents from files, folders or zips (all or nothing)"
    command = commands.add_parser("import", help=summary, description=summary)
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    command.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
    command.add_argument(
        "--prune",
        action="store_true",
        help="remove profiles of the documents' functions that no document describes",
    )


def _run_import(settings: Settings, args: argparse.Namespace) -> int:
    from catalogue.entrypoints.import_command import import_documents

    job = import_documents(settings, args.paths, dry_run=args.dry_run, prune=args.prune)
    return aio.run(job)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="catalogue", description="The leveling catalogue.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, _) in COMMANDS.items():
        commands.add_parser(name, help=summary, description=summary)
    _add_import_command(commands)
    args = parser.parse_args(argv)
    settings = load_settings(Settings)
    configure_logging("catalogue", settings.log_level)
    if args.command == "import":
        return _run_import(settings, args)
    return COMMANDS[args.command][1](settings)


if __name__ == "__main__":
    raise SystemExit(main())
