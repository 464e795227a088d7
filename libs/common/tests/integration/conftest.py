"""Fixtures for the runtime's integration tests: the harness service and Kafka helpers."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveling_common.db import create_engine, create_session_factory
from leveling_common.kafka import ensure_topics
from leveling_common.settings import KafkaSettings

HARNESS_PATH = Path(__file__).with_name("runtime_harness.py")


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("runtime_harness", HARNESS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["runtime_harness"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def harness() -> ModuleType:
    """The harness module (tables, Harness handler, event factory)."""
    return _load_harness()


@pytest.fixture
async def sessions(
    database_url: str, harness: ModuleType
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    await harness.create_schema(engine)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def topic(kafka_settings: KafkaSettings, random_id: Callable[[str], str]) -> str:
    name = random_id("topic")
    await ensure_topics(kafka_settings, [name])
    return name


async def read_all(bootstrap: str, topic: str, *, expect: int, seconds: float = 15.0) -> list[Any]:
    """Read a topic from the start with assign() (no group) until `expect` records arrive."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        records: list[Any] = []
        deadline = time.monotonic() + seconds
        while len(records) < expect and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            records.extend(r for rs in batch.values() for r in rs)
        # A short extra read catches records beyond the expected count (duplicates).
        batch = await consumer.getmany(timeout_ms=300)
        records.extend(r for rs in batch.values() for r in rs)
        return records
    finally:
        await consumer.stop()


async def committed_offsets(bootstrap: str, group: str, topic: str) -> int:
    """Sum of the group's committed offsets over the topic's partitions."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic) or set()
        total = 0
        for partition in partitions:
            total += await consumer.committed(TopicPartition(topic, partition)) or 0
        return total
    finally:
        await consumer.stop()


async def eventually(
    probe: Callable[[], Awaitable[bool]], *, seconds: float = 20.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await probe():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} not reached within {seconds}s")


def make_sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


__all__ = ["committed_offsets", "eventually", "make_sqlite_url", "read_all"]


@pytest.fixture
def kafka_tools() -> ModuleType:
    """This module's helpers, for tests (conftest modules cannot be imported by name)."""
    return sys.modules[__name__]


@pytest.fixture
async def sessions_for() -> AsyncIterator[Callable[[str], async_sessionmaker[AsyncSession]]]:
    """Session factories for extra databases; their engines are disposed after the test."""
    engines = []

    def build(url: str) -> async_sessionmaker[AsyncSession]:
        engines.append(create_engine(url))
        return create_session_factory(engines[-1])

    yield build
    for engine in engines:
        await engine.dispose()
