"""THE consumer loop: decode → handle a batch → (handler commits its DB tx) → commit offsets.

Offsets are committed only after the handler returned, i.e. after its database transaction
committed; a crash anywhere before that means redelivery, and the handler's inbox makes the
redelivery a no-op. Classification of failures is documented in `kafka.errors`.
"""

from __future__ import annotations

import asyncio
import random
import signal
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata
from pydantic import BaseModel

from leveling_common import metrics
from leveling_common.aio import retry_until_stopped
from leveling_common.kafka.assignment import PartitionGate
from leveling_common.kafka.connection import connection_options
from leveling_common.kafka.dlq import dead_letter
from leveling_common.kafka.errors import PoisonRecord, is_transient
from leveling_common.kafka.producer import Producer
from leveling_common.kafka.records import ConsumedEvent
from leveling_common.kafka.serde import decode_record, default_payload_types
from leveling_common.logging import get_logger
from leveling_common.settings import KafkaSettings

__all__ = ["Handler", "RetryPolicy", "install_stop_signals", "run_consumer"]

Handler = Callable[[Sequence[ConsumedEvent]], Awaitable[None]]
Record: TypeAlias = "ConsumerRecord[bytes, bytes]"
_log = get_logger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter."""

    initial_s: float = 0.2
    cap_s: float = 30.0
    unexpected_attempts: int = 4  # then the failing record is isolated and dead-lettered

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap_s, self.initial_s * 2**attempt))


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGTERM/SIGINT set `stop`: the loop finishes its batch, commits and leaves the group."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, service: str, on_assigned: Callable[[], None]) -> None:
        self._service = service
        self._on_assigned = on_assigned

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        # Offsets are committed synchronously after every batch, so nothing is pending here.
        _log.info("partitions_revoked", partitions=sorted(map(str, revoked)))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        _log.info("partitions_assigned", partitions=sorted(map(str, assigned)))
        self._on_assigned()


class _Loop:
    def __init__(
        self,
        *,
        consumer: AIOKafkaConsumer,
        producer: Producer,
        service: str,
        group_id: str,
        handler: Handler,
        payload_types: Mapping[str, type[BaseModel]],
        stop: asyncio.Event,
        retry: RetryPolicy,
    ) -> None:
        self.consumer, self.producer, self.service = consumer, producer, service
        self.group_id, self.handler, self.payload_types = group_id, handler, payload_types
        self.stop, self.retry = stop, retry
        self._positions: dict[TopicPartition, int] = {}

    async def run(self) -> None:
        while not self.stop.is_set():
            batches = await self.consumer.getmany(timeout_ms=500)
            records = [r for partition in batches.values() for r in partition]
            if not records:
                continue
            started = time.perf_counter()
            if await self._process(records):
                await self._commit(records)
                metrics.CONSUMER_BATCH_SIZE.labels(self.service).observe(len(records))
                metrics.CONSUMER_BATCH_SECONDS.labels(self.service).observe(
                    time.perf_counter() - started
                )
            self._update_lag()

    async def _process(self, records: list[Record]) -> bool:
        """Handle every record or dead-letter it; False when stopped while retrying."""
        decoded: list[tuple[Record, ConsumedEvent]] = []
        for record in records:
            try:
                decoded.append((record, decode_record(record, self.payload_types)))
            except PoisonRecord as error:
                await self._dead_letter(record, error)
        return await self._handle(decoded)

    async def _handle(self, items: list[tuple[Record, ConsumedEvent]]) -> bool:
        attempt = 0
        while items:
            try:
                await self.handler([event for _, event in items])
            except PoisonRecord as error:
                if len(items) == 1:
                    await self._dead_letter(items[0][0], error)
                    return True
                return await self._one_by_one(items)
            except Exception as error:
                transient = is_transient(error)
                if not transient and attempt + 1 >= self.retry.unexpected_attempts:
                    if len(items) == 1:
                        await self._dead_letter(items[0][0], error)
                        return True
                    return await self._one_by_one(items)
                if not await self._back_off(error, attempt, transient=transient):
                    return False
                attempt += 1
                continue
            self._count(items, "processed")
            return True
        return True

    async def _one_by_one(self, items: list[tuple[Record, ConsumedEvent]]) -> bool:
        for item in items:
            if not await self._handle([item]):
                return False
        return True

    async def _back_off(self, error: Exception, attempt: int, *, transient: bool) -> bool:
        kind = "transient" if transient else "unexpected"
        metrics.CONSUMER_RETRIES.labels(self.service, kind).inc()
        delay = self.retry.delay(attempt)
        _log.warning(
            "batch_retry",
            kind=kind,
            attempt=attempt + 1,
            delay_s=round(delay, 3),
            error=type(error).__name__,
            detail=str(error)[:500],
        )
        try:
            await asyncio.wait_for(self.stop.wait(), timeout=delay)
        except TimeoutError:
            return True
        return False

    async def _dead_letter(self, record: Record, error: BaseException) -> None:
        await self.producer.send_batch([dead_letter(record, error, service=self.service)])
        metrics.DLQ_RECORDS.labels(self.service, record.topic).inc()
        metrics.CONSUMER_RECORDS.labels(self.service, record.topic, "dead_lettered").inc()
        _log.error(
            "record_dead_lettered",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            error=type(error).__name__,
            detail=str(error)[:500],
        )

    def _count(self, items: list[tuple[Record, ConsumedEvent]], outcome: str) -> None:
        for record, _ in items:
            metrics.CONSUMER_RECORDS.labels(self.service, record.topic, outcome).inc()

    async def _commit(self, records: list[Record]) -> None:
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for record in records:
            offsets[TopicPartition(record.topic, record.partition)] = OffsetAndMetadata(
                record.offset + 1, ""
            )
        try:
            await self.consumer.commit(offsets)
            self._positions.update({tp: meta.offset for tp, meta in offsets.items()})
        except (CommitFailedError, IllegalStateError) as error:
            # The partitions moved to another member during the batch; it will redeliver
            # from the last committed offset and the inbox absorbs the repeat.
            _log.warning("commit_failed_after_rebalance", error=str(error))

    def _update_lag(self) -> None:
        for partition in self.consumer.assignment():
            highwater = self.consumer.highwater(partition)
            if highwater is None:
                continue
            lag = max(0, highwater - self._positions.get(partition, highwater))
            metrics.CONSUMER_LAG.labels(
                self.service, self.group_id, partition.topic, str(partition.partition)
            ).set(lag)


async def run_consumer(
    *,
    settings: KafkaSettings,
    service: str,
    group_id: str,
    topics: Sequence[str],
    handler: Handler,
    payload_types: Mapping[str, type[BaseModel]] | None = None,
    stop: asyncio.Event | None = None,
    retry: RetryPolicy | None = None,
    gate: PartitionGate | None = None,
) -> None:
    """Consume `topics` in `group_id` until `stop` is set; see the module docstring.

    `gate` learns when the group's partitions are assigned (the process's readiness).
    """
    stop = stop or asyncio.Event()
    gate = gate or PartitionGate()
    gate.expect(group_id)
    consumer = AIOKafkaConsumer(
        **connection_options(settings),
        group_id=group_id,
        client_id=f"{service}-{group_id}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=settings.max_batch,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
        session_timeout_ms=settings.session_timeout_ms,
        heartbeat_interval_ms=settings.heartbeat_interval_ms,
    )
    consumer.subscribe(
        list(topics), listener=_Listener(service, on_assigned=lambda: gate.assigned(group_id))
    )
    producer = Producer(settings, client_id=f"{service}-dlq")
    if not await retry_until_stopped(consumer.start, stop, waiting_for="broker"):
        return
    try:
        if not await retry_until_stopped(producer.start, stop, waiting_for="broker"):
            return
        loop = _Loop(
            consumer=consumer,
            producer=producer,
            service=service,
            group_id=group_id,
            handler=handler,
            payload_types=payload_types or default_payload_types(),
            stop=stop,
            retry=retry or RetryPolicy(),
        )
        _log.info("consumer_started", group=group_id, topics=list(topics))
        await loop.run()
    finally:
        await producer.stop()
        await consumer.stop()
        _log.info("consumer_stopped", group=group_id)
