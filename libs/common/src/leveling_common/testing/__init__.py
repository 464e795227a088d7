"""Test support: real broker and PostgreSQL servers (see `plugin` for the pytest fixtures)."""

from leveling_common.testing.asgi import serving
from leveling_common.testing.broker import TansuBroker, free_port, wait_for_port
from leveling_common.testing.postgres import PostgresServer, postgres_bin_dir
from leveling_common.testing.processes import (
    child_process,
    first_answer,
    ready_answer,
    terminate,
)

__all__ = [
    "PostgresServer",
    "TansuBroker",
    "child_process",
    "first_answer",
    "free_port",
    "postgres_bin_dir",
    "ready_answer",
    "serving",
    "terminate",
    "wait_for_port",
]
