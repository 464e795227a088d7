"""pytest plugin (entry point `leveling`): real infrastructure for integration tests.

Session-scoped servers start once and are always torn down, even when tests fail:
`kafka_bootstrap` (a Tansu broker), `postgres_server` (initdb + pg_ctl). Function-scoped
fixtures hand each test its own database (`postgres_url`, `sqlite_url`, and
`database_url`, which runs a test once per backend) and unique names (`random_id`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leveling_common.settings import KafkaSettings
from leveling_common.testing.broker import TansuBroker
from leveling_common.testing.postgres import PostgresServer


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One broker per test session: Tansu is memory-only and never frees memory."""
    log = tmp_path_factory.mktemp("tansu") / "broker.log"
    with TansuBroker(log_path=log) as broker:
        yield broker.bootstrap


@pytest.fixture
def kafka_settings(kafka_bootstrap: str) -> KafkaSettings:
    return KafkaSettings(
        bootstrap_servers=kafka_bootstrap,
        partitions=3,
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty database per test."""
    return postgres_server.create_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def random_id() -> Callable[[str], str]:
    """Unique topic / group / key names, so tests sharing one broker never collide."""

    def make(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}"

    return make
