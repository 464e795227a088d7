"""The inbox: which events a consumer has already applied (tracking records).

`claim` runs inside the handler's own transaction, so "event applied" and "event recorded"
commit together; a redelivered event finds its id and is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, DateTime, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    """Record the ids not seen before and return them; the caller applies only those."""
    wanted = list(dict.fromkeys(event_ids))
    if not wanted:
        return set()
    seen: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = await session.execute(
            select(table.c.event_id).where(
                table.c.consumer == consumer, table.c.event_id.in_(chunk)
            )
        )
        seen.update(rows.scalars())
    fresh = [event_id for event_id in wanted if event_id not in seen]
    if fresh:
        now = utc_now()
        await session.execute(
            insert(table),
            [{"consumer": consumer, "event_id": e, "processed_at": now} for e in fresh],
        )
    return set(fresh)
