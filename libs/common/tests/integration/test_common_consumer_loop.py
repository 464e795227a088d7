"""The consumer loop against a real broker and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveling_common.kafka import DLQ_HEADERS, OutgoingRecord, Producer, RetryPolicy, run_consumer
from leveling_common.settings import KafkaSettings

pytestmark = pytest.mark.integration


async def _produce(settings: KafkaSettings, records: list[OutgoingRecord]) -> None:
    async with Producer(settings) as producer:
        await producer.send_batch(records)


def _record(topic: str, harness: ModuleType, suffix: str) -> OutgoingRecord:
    event = harness.requisition_event(suffix)
    return OutgoingRecord(topic, event.subject, event.model_dump_json().encode())


def _spawn(harness_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = harness_path.parent / ".harness.log"
    with log.open("ab") as sink:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, str(harness_path), *args], env=env, stdout=sink, stderr=sink
        )


async def _run_until(
    settings: KafkaSettings,
    group: str,
    topic: str,
    handler: object,
    probe: object,
    kafka_tools: ModuleType,
) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_consumer(
            settings=settings,
            service="test",
            group_id=group,
            topics=[topic],
            handler=handler,  # type: ignore[arg-type]
            stop=stop,
            retry=RetryPolicy(initial_s=0.05, cap_s=0.2, unexpected_attempts=2),
        )
    )
    try:
        await kafka_tools.eventually(probe, seconds=30, what="records handled")
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=20)


async def test_poison_records_go_to_the_dlq_with_all_headers_and_the_next_record_is_processed(
    kafka_settings: KafkaSettings,
    topic: str,
    random_id,
    harness: ModuleType,
    sessions: async_sessionmaker[AsyncSession],
    kafka_tools: ModuleType,
):
    good_1 = _record(topic, harness, "1")
    not_json = OutgoingRecord(topic, "test:1", b"\xff\xfe not json")
    bad_schema = harness.requisition_event("2").model_dump(mode="json")
    bad_schema["data"]["title"] = 12345
    invalid = OutgoingRecord(topic, "test:1", __import__("json").dumps(bad_schema).encode())
    unknown = OutgoingRecord(
        topic,
        "test:1",
        b'{"specversion":"1.0","id":"x","source":"/t","type":"com.example.unknown.v1","data":{}}',
    )
    good_2 = _record(topic, harness, "1")
    # One key → one partition: the good record after the poison ones must still be processed.
    await _produce(kafka_settings, [good_1, not_json, invalid, unknown, good_2])
    group = random_id("group")
    handler = harness.Harness(sessions)

    async def done() -> bool:
        return await harness.count(sessions, harness.items) == 2

    await _run_until(kafka_settings, group, topic, handler, done, kafka_tools)

    dead = await kafka_tools.read_all(kafka_settings.bootstrap_servers, f"{topic}.dlq", expect=3)
    assert len(dead) == 3
    classes = sorted(dict(r.headers)["dlq.exception.class"].decode() for r in dead)
    assert classes == ["UndecodableRecord"] * 3
    for record in dead:
        headers = dict(record.headers)
        assert set(DLQ_HEADERS) <= set(headers)
        assert headers["dlq.original.topic"].decode() == topic
        assert headers["dlq.service"] == b"test"
        assert int(headers["dlq.original.offset"]) in {1, 2, 3}
    assert {r.value for r in dead} >= {b"\xff\xfe not json"}
    assert await kafka_tools.committed_offsets(kafka_settings.bootstrap_servers, group, topic) == 5


async def test_transient_failures_are_retried_and_never_dead_lettered(
    kafka_settings: KafkaSettings,
    topic: str,
    random_id,
    harness: ModuleType,
    sessions: async_sessionmaker[AsyncSession],
    kafka_tools: ModuleType,
):
    await _produce(kafka_settings, [_record(topic, harness, "7")])
    handler = harness.Harness(sessions, fail_transient=3)

    async def done() -> bool:
        return await harness.count(sessions, harness.items) == 1

    await _run_until(kafka_settings, random_id("group"), topic, handler, done, kafka_tools)
    assert handler.calls == 4
    dead = await kafka_tools.read_all(
        kafka_settings.bootstrap_servers, f"{topic}.dlq", expect=0, seconds=0.5
    )
    assert dead == []


async def test_a_record_that_keeps_failing_unexpectedly_is_isolated_and_dead_lettered(
    kafka_settings: KafkaSettings,
    topic: str,
    random_id,
    harness: ModuleType,
    sessions: async_sessionmaker[AsyncSession],
    kafka_tools: ModuleType,
):
    records = [_record(topic, harness, "9") for _ in range(4)]
    await _produce(kafka_settings, records)
    inner = harness.Harness(sessions)
    bad_id = __import__("json").loads(records[2].value)["id"]

    async def handler(events):
        if any(e.event.id == bad_id for e in events):
            raise KeyError("a bug triggered by one record")
        await inner(events)

    async def done() -> bool:
        return await harness.count(sessions, harness.items) == 3

    await _run_until(kafka_settings, random_id("group"), topic, handler, done, kafka_tools)
    dead = await kafka_tools.read_all(kafka_settings.bootstrap_servers, f"{topic}.dlq", expect=1)
    assert len(dead) == 1
    assert dict(dead[0].headers)["dlq.exception.class"] == b"KeyError"
    assert __import__("json").loads(dead[0].value)["id"] == bad_id


async def test_a_crash_after_the_db_commit_redelivers_and_the_inbox_makes_it_a_no_op(
    kafka_settings: KafkaSettings,
    topic: str,
    random_id,
    harness: ModuleType,
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    kafka_tools: ModuleType,
    tmp_path: Path,
):
    await _produce(kafka_settings, [_record(topic, harness, "42")])
    group = random_id("group")
    common = ["--bootstrap", kafka_settings.bootstrap_servers, "--db", database_url]
    common += ["--topic", topic, "--group", group]
    marker = tmp_path / "crashed"
    crashing = _spawn(Path(harness.__file__), *common, "--crash-after-db-commit", str(marker))
    assert crashing.wait(timeout=60) == -signal.SIGKILL
    assert marker.exists()
    # The database has the effect, the broker has no committed offset: redelivery is due.
    assert await harness.count(sessions, harness.items) == 1
    assert await kafka_tools.committed_offsets(kafka_settings.bootstrap_servers, group, topic) == 0

    survivor = _spawn(Path(harness.__file__), *common)
    try:

        async def redelivered_and_committed() -> bool:
            committed = await kafka_tools.committed_offsets(
                kafka_settings.bootstrap_servers, group, topic
            )
            return committed == 1 and await harness.count(sessions, harness.attempts) == 2

        await kafka_tools.eventually(redelivered_and_committed, seconds=40, what="redelivery")
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=30)
    assert await harness.count(sessions, harness.items) == 1


async def test_sigterm_finishes_the_batch_commits_and_leaves(
    kafka_settings: KafkaSettings,
    topic: str,
    random_id,
    harness: ModuleType,
    sqlite_url: str,
    sessions_for,
    kafka_tools: ModuleType,
    tmp_path: Path,
):
    sessions = sessions_for(sqlite_url)
    await harness.create_schema(sessions.kw["bind"])
    await _produce(kafka_settings, [_record(topic, harness, str(i % 3)) for i in range(30)])
    group = random_id("group")
    worker = _spawn(
        Path(harness.__file__),
        *["--bootstrap", kafka_settings.bootstrap_servers, "--db", sqlite_url],
        *["--topic", topic, "--group", group, "--slow", "1.5", "--max-batch", "5"],
    )

    async def handling() -> bool:
        return await harness.count(sessions, harness.attempts) > 0

    await kafka_tools.eventually(handling, seconds=40, what="first batch")
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    applied = await harness.count(sessions, harness.items)
    committed = await kafka_tools.committed_offsets(kafka_settings.bootstrap_servers, group, topic)
    # Every applied record is committed and nothing committed is unapplied.
    assert applied == committed
    assert 0 < committed < 30
