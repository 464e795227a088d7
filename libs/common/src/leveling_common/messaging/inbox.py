"""The inbox: which events a consumer has already applied (tracking records).

`claim` runs inside the handler's own transaction, so "event applied" and "event recorded"
commit together; a redelivered event finds its id and is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, DateTime, MetaData, String, Table
from sqlalchemy.ext.asyncio import AsyncSession

from leveling_common.db import insert_with_conflicts
from leveling_common.events.envelope import utc_now

__all__ = ["claim", "inbox_table"]


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "processed_events",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(200), primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )


async def claim(
    session: AsyncSession, table: Table, *, consumer: str, event_ids: Sequence[str]
) -> set[str]:
    """Record the ids not seen before and return them; the caller applies only those.

    One statement per chunk: the insert skips ids already there and returns the ones it
    added. An id another transaction is inserting at the same moment waits for it; if that
    one commits, the id counts as seen here, so the event is applied once either way.
    """
    wanted = list(dict.fromkeys(event_ids))
    fresh: set[str] = set()
    now = utc_now()
    for start in range(0, len(wanted), 500):
        rows = [
            {"consumer": consumer, "event_id": event_id, "processed_at": now}
            for event_id in wanted[start : start + 500]
        ]
        statement = (
            insert_with_conflicts(session, table)
            .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
            .returning(table.c.event_id)
        )
        fresh.update((await session.execute(statement, rows)).scalars())
    return fresh
