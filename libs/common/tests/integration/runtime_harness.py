"""A tiny service built on the runtime, used by the runtime's own integration tests.

Run as a script it is a consumer process that tests can SIGKILL or SIGTERM:
    python runtime_harness.py --bootstrap H:P --db URL --topic T --group G
        [--crash-after-db-commit MARKER] [--slow SECONDS] [--fail-transient N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from leveling_common.db import create_engine, create_session_factory, naming_metadata
from leveling_common.events import REQUISITION_OPENED, CloudEvent, RequisitionData
from leveling_common.kafka import (
    ConsumedEvent,
    RetryPolicy,
    TransientError,
    install_stop_signals,
    run_consumer,
)
from leveling_common.messaging import claim, inbox_table, outbox_table
from leveling_common.settings import KafkaSettings

metadata: MetaData = naming_metadata()
items = Table(
    "items",
    metadata,
    Column("event_id", String(200), primary_key=True),
    Column("key", String(200), nullable=False),
)
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(200), nullable=False),
)
inbox = inbox_table(metadata)
outbox = outbox_table(metadata)


async def create_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)


def requisition_event(key_suffix: str, **data: Any) -> CloudEvent[RequisitionData]:
    payload = RequisitionData(
        requisition_key=f"test:{key_suffix}",
        source_system="test",
        external_id=key_suffix,
        title=data.pop("title", "Clinical Project Manager"),
        **data,
    )
    return CloudEvent[RequisitionData](
        source="/tests", type=REQUISITION_OPENED, subject=payload.requisition_key, data=payload
    )


class Harness:
    """A handler that applies each event once (inbox) and records every attempt."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        fail_transient: int = 0,
        slow: float = 0.0,
        crash_marker: Path | None = None,
    ) -> None:
        self.sessions = sessions
        self.fail_transient = fail_transient
        self.slow = slow
        self.crash_marker = crash_marker
        self.calls = 0

    async def __call__(self, events: Sequence[ConsumedEvent]) -> None:
        self.calls += 1
        if self.calls <= self.fail_transient:
            raise TransientError("dependency briefly down")
        if self.slow:
            await asyncio.sleep(self.slow)
        async with self.sessions() as session, session.begin():
            ids = [e.event.id for e in events]
            fresh = await claim(session, inbox, consumer="harness", event_ids=ids)
            await session.execute(insert(attempts), [{"event_id": i} for i in ids])
            rows = [{"event_id": e.event.id, "key": e.key or ""} for e in events]
            new_rows = [row for row in rows if row["event_id"] in fresh]
            if new_rows:
                await session.execute(insert(items), new_rows)
        if self.crash_marker is not None and not self.crash_marker.exists():
            # The database committed; the offset commit has not happened yet.
            self.crash_marker.write_text("crashed")
            os.kill(os.getpid(), signal.SIGKILL)


async def count(sessions: async_sessionmaker[AsyncSession], table: Table) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def _main(args: argparse.Namespace) -> None:
    engine = create_engine(args.db)
    sessions = create_session_factory(engine)
    stop = asyncio.Event()
    install_stop_signals(stop)
    handler = Harness(
        sessions,
        fail_transient=args.fail_transient,
        slow=args.slow,
        crash_marker=Path(args.crash_after_db_commit) if args.crash_after_db_commit else None,
    )
    settings = KafkaSettings(bootstrap_servers=args.bootstrap, max_batch=args.max_batch)
    await run_consumer(
        settings=settings,
        service="harness",
        group_id=args.group,
        topics=[args.topic],
        handler=handler,
        stop=stop,
        retry=RetryPolicy(initial_s=0.05, cap_s=0.5),
    )
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--crash-after-db-commit", default=None)
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("--fail-transient", type=int, default=0)
    parser.add_argument("--max-batch", type=int, default=500)
    asyncio.run(_main(parser.parse_args()))
