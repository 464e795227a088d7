"""The transactional outbox and its relay.

A service writes the events it emits into `outbox` in the same transaction as the state
change (no dual writes). The relay publishes committed rows to Kafka in id order, which
keeps the order per key, and marks them sent. A crash between publish and mark republishes
those rows on the next pass; consumers absorb the duplicates with their inbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveling_common import metrics
from leveling_common.events.envelope import CloudEvent, OutgoingEvent, utc_now
from leveling_common.kafka.records import OutgoingRecord
from leveling_common.logging import get_logger

__all__ = [
    "EventPublisher",
    "OutboxRelay",
    "enqueue",
    "event_headers",
    "outbox_table",
    "record_headers",
]

_log = get_logger(__name__)
# Any constant works; it only has to be the same for every relay of one database.
_RELAY_LOCK_ID = 0x6C65766C


class EventPublisher(Protocol):
    async def send_batch(self, records: Sequence[OutgoingRecord]) -> None: ...


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(300), nullable=False),
        Column("event_id", String(200), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("value", Text, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("sent_at", DateTime(timezone=True), nullable=True),
    )
    Index("ix_outbox_unsent", table.c.sent_at, table.c.id)
    return table


def event_headers(event: CloudEvent[Any]) -> dict[str, str]:
    headers = {"content-type": "application/cloudevents+json", "ce_type": event.type}
    if event.traceparent:
        headers["traceparent"] = event.traceparent
    return headers


def record_headers(headers: dict[str, Any]) -> dict[str, bytes]:
    """Headers as a Kafka record carries them (bytes values)."""
    return {name: str(value).encode() for name, value in headers.items()}


async def enqueue(session: AsyncSession, table: Table, events: Sequence[OutgoingEvent]) -> None:
    """Add events to the outbox inside the caller's transaction, in order (one statement).

    Every service's unit of work buffers what its use cases emit and calls this at commit,
    so the outbox rows and the state change commit together or not at all.
    """
    if not events:
        return
    now = utc_now()
    rows = [
        {
            "topic": item.topic,
            "key": item.key,
            "event_id": item.event.id,
            "event_type": item.event.type,
            "value": item.event.model_dump_json(),
            "headers": event_headers(item.event),
            "created_at": now,
        }
        for item in events
    ]
    await session.execute(insert(table), rows)


class OutboxRelay:
    """Publishes committed outbox rows in order and marks them sent."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        table: Table,
        publisher: EventPublisher,
        *,
        batch_size: int = 500,
        idle_interval: float = 0.1,
        service: str = "unknown",
    ) -> None:
        self._service = service
        self._pending_checked = 0.0
        self._sessions = session_factory
        self._table = table
        self._publisher = publisher
        self._batch_size = batch_size
        self._idle_interval = idle_interval
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a commit that enqueued events, so they leave without waiting a tick."""
        self._wake.set()

    async def run_once(self) -> int:
        """Publish one batch of unsent rows; returns how many were published."""
        async with self._sessions() as session, session.begin():
            if not await self._take_lease(session):
                return 0
            rows = (
                await session.execute(
                    select(self._table)
                    .where(self._table.c.sent_at.is_(None))
                    .order_by(self._table.c.id)
                    .limit(self._batch_size)
                )
            ).all()
            if not rows:
                return 0
            await self._publisher.send_batch([_to_record(row) for row in rows])
            await session.execute(
                update(self._table)
                .where(self._table.c.id.in_([row.id for row in rows]))
                .values(sent_at=utc_now())
            )
        return len(rows)

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; failures are logged and retried, never fatal."""
        delay = self._idle_interval
        while not stop.is_set():
            try:
                published = await self.run_once()
                delay = self._idle_interval
            except Exception as exc:  # the relay must outlive broker and database outages
                _log.warning("outbox_relay_failed", error=type(exc).__name__, detail=str(exc))
                published, delay = 0, min(delay * 2, 5.0)
            await self._report_pending()
            if published:
                metrics.OUTBOX_PUBLISHED.labels(self._service).inc(published)
                continue
            self._wake.clear()
            await _wait_any(stop, self._wake, seconds=delay)

    async def _report_pending(self) -> None:
        # A count per pass would double the relay's queries; every few seconds is enough.
        now = time.monotonic()
        if now - self._pending_checked < 5.0:
            return
        self._pending_checked = now
        with contextlib.suppress(Exception):
            metrics.OUTBOX_PENDING.labels(self._service).set(await self.pending())

    async def pending(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(self._table).where(self._table.c.sent_at.is_(None))
            )
        return int(count or 0)

    async def _take_lease(self, session: AsyncSession) -> bool:
        # One relay at a time per database keeps the per-key order when replicas run.
        if session.get_bind().dialect.name != "postgresql":
            return True
        return bool(await session.scalar(select(func.pg_try_advisory_xact_lock(_RELAY_LOCK_ID))))


def _to_record(row: Any) -> OutgoingRecord:
    headers = row.headers if isinstance(row.headers, dict) else json.loads(row.headers)
    return OutgoingRecord(
        topic=row.topic,
        key=row.key,
        value=row.value.encode(),
        headers=record_headers(headers),
    )


async def _wait_any(stop: asyncio.Event, wake: asyncio.Event, *, seconds: float) -> None:
    waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
