"""Integration fixtures: migrated databases (SQLite and PostgreSQL), the catalogue, a client."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command

from catalogue.bootstrap import Catalogue, bootstrap
from catalogue.config import Settings
from catalogue.entrypoints.api import create_app
from catalogue.entrypoints.process import alembic_config
from leveling_common.events import TOPIC_CATALOGUE

ADMIN_TOKEN = "integration-admin-token-0123456789"


def make_settings(database_url: str, **extra: object) -> Settings:
    return Settings.model_validate(
        {"LEVELING_ADMIN_TOKEN": ADMIN_TOKEN, "database_url": database_url, **extra}
    )


def migrate(database_url: str) -> str:
    # Sync on purpose: Alembic's env runs its own event loop.
    command.upgrade(alembic_config(database_url), "head")
    return database_url


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """A fresh database per test, once on SQLite and once on PostgreSQL, at head."""
    return migrate(database_url)


@pytest.fixture
def other_sqlite_url(tmp_path: Path) -> str:
    """A second migrated SQLite database, for tests that move data between catalogues."""
    return migrate(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")


@pytest.fixture
async def make_catalogue() -> AsyncIterator[Callable[..., Catalogue]]:
    """Builds catalogues on given URLs and closes them all when the test ends."""
    built: list[Catalogue] = []

    def make(url: str, **extra: object) -> Catalogue:
        catalogue = bootstrap(make_settings(url, **extra))
        built.append(catalogue)
        return catalogue

    yield make
    for catalogue in built:
        await catalogue.close()


@pytest.fixture
def catalogue(migrated_url: str, make_catalogue: Callable[..., Catalogue]) -> Catalogue:
    return make_catalogue(migrated_url)


def client_for(catalogue: Catalogue, token: str | None = ADMIN_TOKEN) -> httpx.AsyncClient:
    app = create_app(catalogue.settings, catalogue=catalogue)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://catalogue", headers=headers
    )


@pytest.fixture
def make_client() -> Callable[..., httpx.AsyncClient]:
    return client_for


@pytest.fixture
async def client(catalogue: Catalogue) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(catalogue) as http:
        yield http


@pytest.fixture(scope="session")
def settings_for() -> Callable[..., Settings]:
    return make_settings


@pytest.fixture(scope="session")
def run_migrations() -> Callable[[str], str]:
    return migrate


def consume_catalogue_events(bootstrap: str, key: str, *, seconds: float) -> list[dict[str, Any]]:
    """Every event with `key` on the catalogue topic from the start, read for `seconds`."""
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer(
        {"bootstrap.servers": bootstrap, "group.id": f"probe-{key}", "enable.auto.commit": False}
    )
    try:
        metadata = consumer.list_topics(TOPIC_CATALOGUE, timeout=5)
        partitions = metadata.topics[TOPIC_CATALOGUE].partitions
        consumer.assign([TopicPartition(TOPIC_CATALOGUE, p, 0) for p in partitions])
        found, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error() is not None or message.key() != key.encode():
                continue
            found.append(json.loads(message.value() or b"null"))
        return found
    finally:
        consumer.close()


@pytest.fixture(scope="session")
def catalogue_events() -> Callable[..., list[dict[str, Any]]]:
    return consume_catalogue_events


@pytest.fixture(scope="session")
def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
