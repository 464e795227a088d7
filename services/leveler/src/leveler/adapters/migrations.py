"""Running the leveler's Alembic migrations from code (`leveler migrate`, tests)."""

from __future__ import annotations

from alembic.config import Config

from leveling_common import migrations

__all__ = ["alembic_config", "migrate"]


def alembic_config(database_url: str) -> Config:
    return migrations.alembic_config("leveler", database_url)


def migrate(database_url: str, revision: str = "head") -> None:
    """Upgrade to `revision`; blocking, so call it outside a running event loop."""
    migrations.upgrade("leveler", database_url, revision)
