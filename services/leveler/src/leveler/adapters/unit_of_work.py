"""The SQL unit of work: one session, one transaction, committed only on request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import exists, false, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveler.adapters.repository import (
    SqlDecisionInputRepository,
    SqlDecisionRepository,
    SqlRequisitionRepository,
    execute,
)
from leveler.adapters.tables import (
    inbox,
    intake_fingerprints,
    outbox,
    requisitions,
    webhook_receipts,
)
from leveler.service_layer.errors import ConcurrentUpdate
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, IntakeState, OutgoingEvent
from leveling_common.db import insert_with_conflicts
from leveling_common.events import utc_now
from leveling_common.messaging import claim
from leveling_common.messaging.outbox import enqueue

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork(AbstractUnitOfWork):
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._session

    async def _begin(self) -> None:
        self._pending: list[OutgoingEvent] = []
        self._session = self._sessions()
        self.requisitions = SqlRequisitionRepository(self._session)
        self.decisions = SqlDecisionRepository(self._session)
        self.inputs = SqlDecisionInputRepository(self._session)

    async def _end(self) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        pending, self._pending = self._pending, []
        try:
            await enqueue(self.session, outbox, pending)
            await self.session.commit()
        except IntegrityError as exc:
            raise ConcurrentUpdate(str(exc.orig)[:300]) from exc

    async def claim(self, *, consumer: str, event_ids: Sequence[str]) -> set[str]:
        try:
            return await claim(self.session, inbox, consumer=consumer, event_ids=event_ids)
        except IntegrityError as exc:
            raise ConcurrentUpdate(str(exc.orig)[:300]) from exc

    async def emit(self, events: Sequence[OutgoingEvent]) -> None:
        self._pending.extend(events)

    async def intake_state(
        self, *, source: str, delivery_id: str | None, requisition_key: str
    ) -> IntakeState:
        # One statement of three scalar subqueries: a webhook costs one round trip to learn
        # all intake needs, where three queries cost three.
        r, f, w = requisitions.c, intake_fingerprints.c, webhook_receipts.c
        seen = (
            exists().where(w.source == source, w.delivery_id == delivery_id)
            if delivery_id is not None
            else false()
        )
        stored = select(r.content_hash).where(r.requisition_key == requisition_key)
        accepted = select(f.content_hash).where(f.requisition_key == requisition_key)
        row = (
            await self.session.execute(
                select(
                    seen.label("seen"),
                    stored.scalar_subquery().label("stored"),
                    accepted.scalar_subquery().label("accepted"),
                )
            )
        ).one()
        return IntakeState(
            receipt_seen=bool(row.seen), stored_hash=row.stored, accepted_hash=row.accepted
        )

    async def remember_fingerprint(
        self, requisition_key: str, fingerprint: str, *, at: datetime
    ) -> None:
        values = {"content_hash": fingerprint, "accepted_at": at}
        statement = insert_with_conflicts(self.session, intake_fingerprints).values(
            requisition_key=requisition_key, **values
        )
        await execute(
            self.session,
            statement.on_conflict_do_update(index_elements=["requisition_key"], set_=values),
        )

    async def record_receipt(
        self, *, source: str, delivery_id: str, requisition_key: str | None, outcome: str
    ) -> None:
        await execute(
            self.session,
            insert(webhook_receipts).values(
                source=source,
                delivery_id=delivery_id,
                requisition_key=requisition_key,
                outcome=outcome,
                received_at=utc_now(),
            ),
        )
