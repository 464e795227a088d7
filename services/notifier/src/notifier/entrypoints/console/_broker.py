"""What the broker knows about the pipeline: consumer lag and the dead-letter topics.

High watermarks come from fetch responses, not from ListOffsets: the local broker (Tansu)
answers ListOffsets with the base offset of the last batch, short of the true end. Group
positions are read with OffsetFetch from a client that never joins the group, so looking
never disturbs the consumers.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeAlias, TypeVar

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from leveling_common.kafka import DLQ_HEADERS, dlq_topic
from leveling_common.kafka.connection import connection_options
from leveling_common.settings import KafkaSettings

__all__ = [
    "BrokerProbe",
    "BrokerUnavailable",
    "DeadLetter",
    "DeadLetterTopic",
    "PartitionLag",
]

# The group the DLQ replayer commits under, per topic: `<prefix>.<original topic>`.
REPLAY_GROUP_PREFIX = "notifier-dlq-replay"

Record: TypeAlias = "ConsumerRecord[bytes, bytes]"
T = TypeVar("T")


class BrokerUnavailable(Exception):
    """The broker could not be asked in time."""


@dataclass(frozen=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    committed: int | None
    end: int
    lag: int


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    key: str | None
    timestamp: datetime | None
    headers: dict[str, str]


@dataclass(frozen=True)
class DeadLetterTopic:
    topic: str
    dlq: str
    exists: bool
    count: int
    awaiting_replay: int
    newest: tuple[DeadLetter, ...]


@dataclass
class _Tails:
    starts: dict[TopicPartition, int]
    ends: dict[TopicPartition, int]
    records: dict[TopicPartition, deque[Record]]


class BrokerProbe:
    """Reads offsets and the newest dead letters; every call gives up after `timeout_s`."""

    def __init__(self, settings: KafkaSettings, *, timeout_s: float = 5.0) -> None:
        self._settings = settings
        self._timeout_s = timeout_s

    async def consumer_lag(self, groups: Mapping[str, Sequence[str]]) -> list[PartitionLag]:
        """Per group and partition: committed offset, high watermark and the difference."""
        return await self._bounded(self._lag(groups))

    async def dead_letters(
        self, topics: Sequence[str], *, newest: int = 5
    ) -> list[DeadLetterTopic]:
        """Per original topic: how many dead letters, how many not yet replayed, the newest."""
        return await self._bounded(self._dead_letters(topics, newest))

    async def _bounded(self, work: Coroutine[Any, Any, T]) -> T:
        try:
            return await asyncio.wait_for(work, timeout=self._timeout_s)
        except (KafkaError, OSError, TimeoutError) as error:
            raise BrokerUnavailable(f"{type(error).__name__}: {error}") from error

    @asynccontextmanager
    async def _consumer(self, group_id: str) -> AsyncIterator[AIOKafkaConsumer]:
        consumer = AIOKafkaConsumer(
            **connection_options(self._settings),
            group_id=group_id,
            enable_auto_commit=False,
            client_id="notifier-console",
            request_timeout_ms=int(self._timeout_s * 1000),
        )
        try:
            await consumer.start()
            yield consumer
        finally:
            await consumer.stop()

    async def _lag(self, groups: Mapping[str, Sequence[str]]) -> list[PartitionLag]:
        found = await asyncio.gather(*(self._group_lag(g, t) for g, t in groups.items()))
        return [row for rows in found for row in rows]

    async def _group_lag(self, group: str, topics: Sequence[str]) -> list[PartitionLag]:
        async with self._consumer(group) as consumer:
            partitions = await _partitions(consumer, topics)
            if not partitions:
                return []
            tails = await self._tails(consumer, partitions, newest=0)
            rows = []
            for tp in partitions:
                committed = await consumer.committed(tp)
                position = tails.starts[tp] if committed is None else committed
                end = tails.ends[tp]
                lag = max(end - position, 0)
                rows.append(PartitionLag(group, tp.topic, tp.partition, committed, end, lag))
            return rows

    async def _dead_letters(self, topics: Sequence[str], newest: int) -> list[DeadLetterTopic]:
        return list(await asyncio.gather(*(self._dead_letter_topic(t, newest) for t in topics)))

    async def _dead_letter_topic(self, topic: str, newest: int) -> DeadLetterTopic:
        source = dlq_topic(topic)
        async with self._consumer(f"{REPLAY_GROUP_PREFIX}.{topic}") as consumer:
            partitions = await _partitions(consumer, [source])
            if not partitions:
                return DeadLetterTopic(topic, source, False, 0, 0, ())
            tails = await self._tails(consumer, partitions, newest=newest)
            replayed = {tp: await consumer.committed(tp) for tp in partitions}
        return _summary(topic, source, tails, replayed, newest)

    async def _tails(
        self, consumer: AIOKafkaConsumer, partitions: list[TopicPartition], *, newest: int
    ) -> _Tails:
        """Each partition's first offset, true end, and its last `newest` records."""
        consumer.assign(partitions)
        starts = await consumer.beginning_offsets(partitions)
        reported = await consumer.end_offsets(partitions)
        for tp in partitions:
            # At least one record back, so the fetch answers with the high watermark.
            consumer.seek(tp, max(starts[tp], reported[tp] - max(newest, 1)))
        records: dict[TopicPartition, deque[Record]] = {
            tp: deque(maxlen=newest) for tp in partitions
        }
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout_s / 2
        while not await _caught_up(consumer, partitions) and loop.time() < deadline:
            batches = await consumer.getmany(*partitions, timeout_ms=200, max_records=1000)
            for tp, batch in batches.items():
                records[tp].extend(batch)
        ends = {tp: max(consumer.highwater(tp) or 0, reported[tp]) for tp in partitions}
        return _Tails(starts, ends, records)


async def _partitions(consumer: AIOKafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    existing = await consumer.topics()
    return [
        TopicPartition(topic, number)
        for topic in topics
        if topic in existing
        for number in sorted(consumer.partitions_for_topic(topic) or ())
    ]


async def _caught_up(consumer: AIOKafkaConsumer, partitions: Sequence[TopicPartition]) -> bool:
    for tp in partitions:
        highwater = consumer.highwater(tp)
        if highwater is None or await consumer.position(tp) < highwater:
            return False
    return True


def _letter(record: Record) -> DeadLetter:
    headers = {
        name: bytes(value).decode(errors="replace")
        for name, value in (record.headers or ())
        if name in DLQ_HEADERS
    }
    return DeadLetter(
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        timestamp=datetime.fromtimestamp(record.timestamp / 1000, UTC)
        if record.timestamp
        else None,
        headers=headers,
    )


def _summary(
    topic: str,
    source: str,
    tails: _Tails,
    replayed: Mapping[TopicPartition, int | None],
    newest: int,
) -> DeadLetterTopic:
    count = sum(tails.ends[tp] - tails.starts[tp] for tp in tails.ends)
    awaiting = sum(
        max(tails.ends[tp] - (replayed.get(tp) or tails.starts[tp]), 0) for tp in tails.ends
    )
    letters = [record for batch in tails.records.values() for record in batch]
    letters.sort(key=lambda r: (r.timestamp or 0, r.partition, r.offset), reverse=True)
    return DeadLetterTopic(
        topic=topic,
        dlq=source,
        exists=True,
        count=count,
        awaiting_replay=awaiting,
        newest=tuple(_letter(record) for record in letters[:newest]),
    )
