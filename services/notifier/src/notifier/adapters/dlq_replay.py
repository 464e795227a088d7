"""Re-publishing dead letters: `<topic>.dlq` back to `<topic>`, each record once."""

from __future__ import annotations

from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from leveling_common.kafka import OutgoingRecord, Producer, dlq_topic
from leveling_common.kafka.connection import connection_options
from leveling_common.settings import KafkaSettings

__all__ = ["KafkaDlqReplayer", "UnknownTopic"]


class UnknownTopic(LookupError):
    """The dead-letter topic does not exist on the broker."""


def _replayed(record: ConsumerRecord[bytes, bytes], topic: str) -> OutgoingRecord:
    headers = {
        name: bytes(value) for name, value in (record.headers or ()) if not name.startswith("dlq.")
    }
    return OutgoingRecord(
        topic=topic,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        value=record.value or b"",
        headers=headers,
    )


class KafkaDlqReplayer:
    """Reads from the replay group's committed position and commits what it re-published,
    so replaying twice never sends the same dead letter twice."""

    def __init__(self, settings: KafkaSettings, *, group_id: str = "notifier-dlq-replay") -> None:
        self._settings = settings
        self._group_id = group_id

    async def replay(self, topic: str, *, limit: int) -> int:
        source = dlq_topic(topic)
        consumer = AIOKafkaConsumer(
            **connection_options(self._settings),
            group_id=f"{self._group_id}.{topic}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            partitions = await self._partitions(consumer, source)
            records = await self._read(consumer, partitions, limit)
            if records:
                async with Producer(self._settings, client_id="notifier-dlq-replay") as producer:
                    await producer.send_batch([_replayed(r, topic) for r in records])
                await consumer.commit(_next_offsets(records))
            return len(records)
        finally:
            await consumer.stop()

    async def _partitions(self, consumer: AIOKafkaConsumer, source: str) -> list[TopicPartition]:
        if source not in await consumer.topics():
            raise UnknownTopic(source)
        numbers = consumer.partitions_for_topic(source) or set()
        partitions = [TopicPartition(source, n) for n in sorted(numbers)]
        consumer.assign(partitions)
        for partition in partitions:
            committed = await consumer.committed(partition)
            if committed is None:
                await consumer.seek_to_beginning(partition)
            else:
                consumer.seek(partition, committed)
        return partitions

    async def _read(
        self, consumer: AIOKafkaConsumer, partitions: Sequence[TopicPartition], limit: int
    ) -> list[ConsumerRecord[bytes, bytes]]:
        records: list[ConsumerRecord[bytes, bytes]] = []
        quiet_polls = 0
        # The end is taken from the fetch responses' high watermarks rather than from
        # end_offsets(): the local broker (Tansu) answers ListOffsets with the base offset
        # of the last batch, short of the true end. Two empty polls also end the read.
        while len(records) < limit and quiet_polls < 2:
            batches = await consumer.getmany(
                *partitions, timeout_ms=500, max_records=limit - len(records)
            )
            fetched = [record for batch in batches.values() for record in batch]
            quiet_polls = 0 if fetched else quiet_polls + 1
            records.extend(fetched)
            if await _caught_up(consumer, partitions):
                break
        # Each partition's records are a prefix from its position, and so is any cut of
        # this order: committing the last offset taken per partition leaves no gaps.
        records.sort(key=lambda r: (r.partition, r.offset))
        return records[:limit]


async def _caught_up(consumer: AIOKafkaConsumer, partitions: Sequence[TopicPartition]) -> bool:
    for partition in partitions:
        highwater = consumer.highwater(partition)
        if highwater is None or await consumer.position(partition) < highwater:
            return False
    return True


def _next_offsets(
    records: Sequence[ConsumerRecord[bytes, bytes]],
) -> dict[TopicPartition, OffsetAndMetadata]:
    offsets: dict[TopicPartition, OffsetAndMetadata] = {}
    for record in records:
        partition = TopicPartition(record.topic, record.partition)
        current = offsets.get(partition)
        if current is None or record.offset + 1 > current.offset:
            offsets[partition] = OffsetAndMetadata(record.offset + 1, "")
    return offsets
