"""Test support: real broker and PostgreSQL servers (see `plugin` for the pytest fixtures)."""

from leveling_common.testing.broker import TansuBroker, free_port, wait_for_port
from leveling_common.testing.postgres import PostgresServer, postgres_bin_dir

__all__ = ["PostgresServer", "TansuBroker", "free_port", "postgres_bin_dir", "wait_for_port"]
