"""Alembic, driven from code: `notifier migrate` and the tests use the same scripts."""

from __future__ import annotations

from alembic.config import Config

from leveling_common import migrations

__all__ = ["alembic_config", "upgrade"]


def alembic_config(database_url: str) -> Config:
    return migrations.alembic_config("notifier", database_url)


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply the migrations up to `revision`; call from outside a running event loop."""
    migrations.upgrade("notifier", database_url, revision)
