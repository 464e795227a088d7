"""Alembic environment of the catalogue: the shared one, run against the catalogue's tables."""

from catalogue.adapters.tables import metadata
from leveling_common.migrations import run_migrations

run_migrations(metadata, "catalogue")
