"""The `<service> migrate | serve | work | all` command every service has (DESIGN.md 5a).

Settings are read before anything heavy is imported, so a configuration error answers at
once with one line and exit code 2; each command then imports only what it runs, so a
`work` process restarting after a crash does not wait for the migration tooling to load.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from leveling_common import aio
from leveling_common.logging import configure_logging
from leveling_common.settings import BaseServiceSettings, load_settings

if TYPE_CHECKING:
    from leveling_common.service.lifecycle import Process

__all__ = ["ExtraCommand", "ServiceCli", "migrate", "run_cli"]

SettingsT = TypeVar("SettingsT", bound=BaseServiceSettings)

_COMMANDS = {
    "migrate": "apply the database migrations and exit",
    "serve": "serve the HTTP API",
    "work": "run the worker (consumers and outbox relay)",
    "all": "serve the API and run the worker in one process",
}


@dataclass(frozen=True)
class ExtraCommand(Generic[SettingsT]):
    """A one-off command of one service: what it does, how it runs (→ exit code), and the
    arguments it takes beyond the command name."""

    summary: str
    run: Callable[[SettingsT, argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


@dataclass(frozen=True)
class ServiceCli(Generic[SettingsT]):
    """One service's command: `name` is its package and command name.

    `process` names ("module:function") what builds the running service from its settings;
    it is imported only by the commands that run it, and called inside the event loop.
    `extra` holds the service's own one-off commands by name.
    """

    name: str
    description: str
    settings: type[SettingsT]
    process: str
    extra: Mapping[str, ExtraCommand[SettingsT]] = field(default_factory=dict)


def _parser(cli: ServiceCli[SettingsT]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=cli.name, description=cli.description)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in _COMMANDS.items():
        commands.add_parser(name, help=summary, description=summary)
    for name, extra in cli.extra.items():
        command = commands.add_parser(name, help=extra.summary, description=extra.summary)
        if extra.add_arguments is not None:
            extra.add_arguments(command)
    return parser


def migrate(name: str, database_url: str) -> int:
    """Bring the database of service `name` to the newest revision; the one line it prints
    says so."""
    from leveling_common.migrations import upgrade

    upgrade(name, database_url)
    print(f"{name}: database at revision head ({database_url.split('://')[0]})")
    return 0


def run_cli(cli: ServiceCli[SettingsT], argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, read the settings, run the command; returns the exit code."""
    args = _parser(cli).parse_args(argv)
    command = args.command
    settings = load_settings(cli.settings)
    configure_logging(cli.name, settings.log_level)
    if command == "migrate":
        # Each service declares its database URL itself: its default names its own file.
        return migrate(cli.name, str(getattr(settings, "database_url", "")))
    if command in cli.extra:
        return cli.extra[command].run(settings, args)
    from leveling_common.service.lifecycle import run_process
    from leveling_common.tracing import configure_tracing

    configure_tracing(cli.name, otlp_endpoint=settings.otlp_endpoint)
    module, _, function = cli.process.partition(":")
    build: Callable[[SettingsT], Process] = getattr(importlib.import_module(module), function)
    aio.run(run_process(command, lambda: build(settings)))
    return 0
