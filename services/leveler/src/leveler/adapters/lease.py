"""A named lease in the database: at most one holder at a time, lapsing unless renewed.

Tasks a deployment must run once whatever its number of replicas (the Lever poller: two
pollers would list the same requisitions twice and double the load on Lever's API) run
only while their process holds the lease. A process that dies stops renewing; after the
lease's time another takes over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveler.adapters.tables import leases
from leveling_common.db import insert_with_conflicts

__all__ = ["SqlLease"]


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class SqlLease:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        name: str,
        holder: str,
        ttl: timedelta,
        clock: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self.name = name
        self.holder = holder
        self._ttl = ttl
        self._clock = clock

    async def hold(self) -> bool:
        """Take the lease if it is free or lapsed, or renew it if this holder has it."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            insert = insert_with_conflicts(session, leases).values(
                name=self.name, holder=self.holder, expires_at=now + self._ttl
            )
            taken = insert.on_conflict_do_update(
                index_elements=[leases.c.name],
                set_={"holder": insert.excluded.holder, "expires_at": insert.excluded.expires_at},
                where=(leases.c.holder == self.holder) | (leases.c.expires_at < now),
            )
            return _rowcount(await session.execute(taken)) == 1

    async def release(self) -> None:
        """Give the lease up at once (a clean stop), so another process need not wait."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(leases).where(leases.c.name == self.name, leases.c.holder == self.holder)
            )
