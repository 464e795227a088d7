"""The SQL unit of work: one session and transaction; events go to the outbox on commit."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from catalogue.adapters import tables
from catalogue.adapters.repository import SqlRepository
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.events import OutgoingEvent
from leveling_common.messaging import enqueue

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork(UnitOfWork):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        on_events: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._factory = session_factory
        self._session: AsyncSession | None = None
        self._on_events = on_events

    async def _begin(self) -> None:
        self._session = self._factory()
        await self._session.begin()
        self.repo = SqlRepository(self._session)

    async def _commit(self, events: list[OutgoingEvent]) -> None:
        session = self._require_session()
        await enqueue(session, tables.outbox, events)
        await session.commit()
        if events and self._on_events is not None:
            self._on_events()

    async def rollback(self) -> None:
        if self._session is None:
            return
        session, self._session = self._session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    def _require_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use 'async with uow:'")
        return self._session
