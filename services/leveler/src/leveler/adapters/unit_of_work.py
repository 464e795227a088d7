"""The SQL unit of work: one session, one transaction, committed only on request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveler.adapters.repository import SqlDecisionRepository, SqlRequisitionRepository, execute
from leveler.adapters.tables import inbox, intake_fingerprints, outbox, webhook_receipts
from leveler.service_layer.errors import ConcurrentUpdate
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, OutgoingEvent
from leveling_common.events import utc_now
from leveling_common.messaging import claim
from leveling_common.messaging.outbox import event_headers

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
        self._session = self._sessions()
        self.requisitions = SqlRequisitionRepository(self._session)
        self.decisions = SqlDecisionRepository(self._session)

    async def _end(self) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as exc:
            raise ConcurrentUpdate(str(exc.orig)[:300]) from exc

    async def claim(self, *, consumer: str, event_ids: Sequence[str]) -> set[str]:
        try:
            return await claim(self.session, inbox, consumer=consumer, event_ids=event_ids)
        except IntegrityError as exc:
            raise ConcurrentUpdate(str(exc.orig)[:300]) from exc

    async def emit(self, events: Sequence[OutgoingEvent]) -> None:
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
        await self.session.execute(insert(outbox), rows)

    async def accepted_fingerprint(self, requisition_key: str) -> str | None:
        found = await self.session.scalar(
            select(intake_fingerprints.c.content_hash).where(
                intake_fingerprints.c.requisition_key == requisition_key
            )
        )
        return str(found) if found is not None else None

    async def remember_fingerprint(
        self, requisition_key: str, fingerprint: str, *, at: datetime
    ) -> None:
        t = intake_fingerprints
        result = await execute(
            self.session,
            update(t)
            .where(t.c.requisition_key == requisition_key)
            .values(content_hash=fingerprint, accepted_at=at),
        )
        if result.rowcount == 0:
            await execute(
                self.session,
                insert(t).values(
                    requisition_key=requisition_key, content_hash=fingerprint, accepted_at=at
                ),
            )

    async def receipt_seen(self, *, source: str, delivery_id: str) -> bool:
        found = await self.session.scalar(
            select(webhook_receipts.c.delivery_id).where(
                webhook_receipts.c.source == source,
                webhook_receipts.c.delivery_id == delivery_id,
            )
        )
        return found is not None

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
