"""Alembic environment of the leveler: the shared one, run against the leveler's tables."""

from leveler.adapters.tables import metadata
from leveling_common.migrations import run_migrations

run_migrations(metadata, "leveler")
