"""Alembic, driven from code: `notifier migrate` and the tests use the same scripts."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

import notifier

__all__ = ["alembic_config", "migrations_dir", "upgrade"]


def migrations_dir() -> Path:
    """The scripts ship inside the wheel as `notifier/_migrations`; in the source tree
    they live in `services/notifier/migrations`."""
    package = Path(notifier.__file__).resolve().parent
    bundled = package / "_migrations"
    return bundled if bundled.is_dir() else package.parents[1] / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s_%%(rev)s")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply the migrations up to `revision`; call from outside a running event loop."""
    command.upgrade(alembic_config(database_url), revision)
