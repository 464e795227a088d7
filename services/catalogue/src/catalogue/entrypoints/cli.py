"""The `catalogue` command: migrate | serve | work | all, and its own `seed` and `import`
(DESIGN.md 5a)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from catalogue.config import Settings
from leveling_common import aio
from leveling_common.service import ExtraCommand, ServiceCli, run_cli

__all__ = ["main"]


def _seed(settings: Settings, _: argparse.Namespace) -> int:
    from catalogue.entrypoints.process import run_seed

    return aio.run(run_seed(settings))


def _import_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    command.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
    command.add_argument(
        "--prune",
        action="store_true",
        help="remove profiles of the documents' functions that no document describes",
    )


def _import(settings: Settings, args: argparse.Namespace) -> int:
    from catalogue.entrypoints.import_command import import_documents

    job = import_documents(settings, args.paths, dry_run=args.dry_run, prune=args.prune)
    return aio.run(job)


CLI = ServiceCli(
    name="catalogue",
    description="The leveling catalogue.",
    settings=Settings,
    process="catalogue.entrypoints.process:process",
    extra={
        "seed": ExtraCommand("load the bundled sample catalogue (idempotent)", _seed),
        "import": ExtraCommand(
            "import profile documents from files, folders or zips (all or nothing)",
            _import,
            _import_arguments,
        ),
    },
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(CLI, argv)


if __name__ == "__main__":
    raise SystemExit(main())
