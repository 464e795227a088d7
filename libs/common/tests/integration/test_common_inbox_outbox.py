"""Inbox and outbox on SQLite and PostgreSQL, the outbox relay against a real broker."""

from __future__ import annotations

import json
from collections.abc import Sequence
from types import ModuleType

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveling_common.events import OutgoingEvent
from leveling_common.kafka import OutgoingRecord, Producer
from leveling_common.messaging import OutboxRelay, claim, enqueue
from leveling_common.settings import KafkaSettings

pytestmark = pytest.mark.integration


async def test_claim_returns_only_ids_never_seen_and_records_them(
    sessions: async_sessionmaker[AsyncSession], harness: ModuleType
):
    async with sessions() as session, session.begin():
        first = await claim(session, harness.inbox, consumer="a", event_ids=["e1", "e2", "e1"])
    async with sessions() as session, session.begin():
        second = await claim(session, harness.inbox, consumer="a", event_ids=["e2", "e3"])
        other_consumer = await claim(session, harness.inbox, consumer="b", event_ids=["e1"])
    assert first == {"e1", "e2"}
    assert second == {"e3"}
    assert other_consumer == {"e1"}


async def test_a_rolled_back_claim_leaves_the_event_unprocessed(
    sessions: async_sessionmaker[AsyncSession], harness: ModuleType
):
    async with sessions() as session:
        await session.begin()
        assert await claim(session, harness.inbox, consumer="a", event_ids=["e9"]) == {"e9"}
        await session.rollback()
    async with sessions() as session, session.begin():
        assert await claim(session, harness.inbox, consumer="a", event_ids=["e9"]) == {"e9"}


class _CrashAfterPublish:
    """Publishes for real, then fails before the relay can mark the rows sent."""

    def __init__(self, producer: Producer) -> None:
        self.producer = producer

    async def send_batch(self, records: Sequence[OutgoingRecord]) -> None:
        await self.producer.send_batch(records)
        raise ConnectionError("process died between publish and mark")


async def _enqueue(sessions, harness, topic: str, keys: list[str]) -> list[str]:
    made = [harness.requisition_event(key, title=f"Job {index}") for index, key in enumerate(keys)]
    events = [OutgoingEvent(topic, event.subject, event) for event in made]
    async with sessions() as session, session.begin():
        await enqueue(session, harness.outbox, events)
    return [item.event.id for item in events]


async def test_committed_outbox_rows_are_published_once_in_order_after_a_restart(
    sessions: async_sessionmaker[AsyncSession],
    harness: ModuleType,
    kafka_settings: KafkaSettings,
    topic: str,
    kafka_tools: ModuleType,
):
    # Rows committed by a process that died before its relay ran.
    ids = await _enqueue(sessions, harness, topic, ["a", "b", "a", "a", "b"])
    async with Producer(kafka_settings) as producer:
        relay = OutboxRelay(sessions, harness.outbox, producer)
        assert await relay.run_once() == 5
        assert await relay.run_once() == 0
        assert await relay.pending() == 0
    records = await kafka_tools.read_all(kafka_settings.bootstrap_servers, topic, expect=5)
    assert sorted(json.loads(r.value)["id"] for r in records) == sorted(ids)
    by_key: dict[bytes, list[str]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key, []).append(json.loads(record.value)["id"])
    assert by_key[b"test:a"] == [ids[0], ids[2], ids[3]]
    assert by_key[b"test:b"] == [ids[1], ids[4]]
    assert all(dict(r.headers)["ce_type"] == b"com.leveling.requisition.opened.v1" for r in records)


async def test_a_crash_between_publish_and_mark_republishes_and_the_inbox_absorbs_it(
    sessions: async_sessionmaker[AsyncSession],
    harness: ModuleType,
    kafka_settings: KafkaSettings,
    topic: str,
    kafka_tools: ModuleType,
):
    ids = await _enqueue(sessions, harness, topic, ["x", "y"])
    async with Producer(kafka_settings) as producer:
        with pytest.raises(ConnectionError):
            await OutboxRelay(sessions, harness.outbox, _CrashAfterPublish(producer)).run_once()
        assert await OutboxRelay(sessions, harness.outbox, producer).run_once() == 2
    records = await kafka_tools.read_all(kafka_settings.bootstrap_servers, topic, expect=4)
    published = [json.loads(r.value)["id"] for r in records]
    assert sorted(published) == sorted(ids * 2)
    async with sessions() as session, session.begin():
        applied = await claim(session, harness.inbox, consumer="downstream", event_ids=published)
    assert applied == set(ids)
    async with sessions() as session:
        unsent = await session.execute(
            select(harness.outbox.c.id).where(harness.outbox.c.sent_at.is_(None))
        )
        assert unsent.all() == []
