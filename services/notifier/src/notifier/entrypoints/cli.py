"""The `notifier` command: migrate | serve | work | all, on the shared service skeleton."""

from __future__ import annotations

from collections.abc import Sequence

from leveling_common.service import ServiceCli, run_cli
from notifier.config import Settings

__all__ = ["main"]


CLI = ServiceCli(
    name="notifier",
    description="Writes leveling decisions back to the ATS and emails the hiring team.",
    settings=Settings,
    process="notifier.entrypoints.process:process",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(CLI, argv)


if __name__ == "__main__":
    raise SystemExit(main())
