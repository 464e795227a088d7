"""Alembic environment of the notifier: the shared one, run against the notifier's tables."""

from leveling_common.migrations import run_migrations
from notifier.adapters.tables import metadata

run_migrations(metadata, "notifier")
