"""The `leveler` command: migrate | serve | work | all, on the shared service skeleton."""

from __future__ import annotations

from collections.abc import Sequence

from leveler.config import Settings
from leveling_common.service import ServiceCli, run_cli

__all__ = ["main"]


CLI = ServiceCli(
    name="leveler",
    description="Requisition leveling: ATS intake, decisions, overrides, re-leveling.",
    settings=Settings,
    process="leveler.entrypoints.process:process",
)


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(CLI, argv)


if __name__ == "__main__":
    raise SystemExit(main())
