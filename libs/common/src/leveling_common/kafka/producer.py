"""The one producer: acks=all, batched, order kept per key."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import TracebackType

from aiokafka import AIOKafkaProducer

from leveling_common.kafka.connection import connection_options
from leveling_common.kafka.records import OutgoingRecord
from leveling_common.settings import KafkaSettings

__all__ = ["Producer"]


class Producer:
    """`send_batch` returns only when the broker acknowledged every record (acks=all)."""

    def __init__(self, settings: KafkaSettings, *, client_id: str = "leveling") -> None:
        # Idempotent producers are not used: the local broker rejects InitProducerId, and
        # the consumers' inbox absorbs duplicates anyway (DESIGN.md section 3).
        self._producer = AIOKafkaProducer(
            **connection_options(settings),
            client_id=client_id,
            acks="all",
            linger_ms=5,
            max_batch_size=256 * 1024,
            max_request_size=5 * 1024 * 1024,
            request_timeout_ms=15_000,
            enable_idempotence=False,
        )
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self._producer.start()
            self._started = True

    async def stop(self) -> None:
        if self._started:
            self._started = False
            await self._producer.stop()

    async def __aenter__(self) -> Producer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def send_batch(self, records: Sequence[OutgoingRecord]) -> None:
        await self.start()
        pending = [
            await self._producer.send(
                record.topic,
                value=record.value,
                key=record.key.encode() if record.key is not None else None,
                headers=list(record.headers.items()),
            )
            for record in records
        ]
        await asyncio.gather(*pending)
