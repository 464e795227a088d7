"""Reads of the notifier's own ledger that only the console needs.

Deliveries themselves are still read through the ledger port (`operations.get_delivery`);
this adapter only finds which ones belong to a requisition, the decisions they carry,
and when decisions arrived and deliveries went out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifier.adapters.decision_mapping import decision_from_document
from notifier.adapters.tables import decisions, deliveries
from notifier.domain.decision import Decision

__all__ = ["Activity", "LedgerReads"]


@dataclass(frozen=True)
class Activity:
    decided: list[datetime]
    """When each decision recorded in the window was made."""
    sent: list[datetime]
    """When each delivery sent in the window went out."""


class LedgerReads:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def delivery_ids(self, requisition_key: str) -> list[str]:
        """The requisition's deliveries, newest first."""
        query = (
            select(deliveries.c.id)
            .where(deliveries.c.requisition_key == requisition_key)
            .order_by(deliveries.c.seq.desc())
        )
        async with self._sessions() as session:
            return [str(value) for value in (await session.execute(query)).scalars()]

    async def decisions_of(self, requisition_key: str) -> list[Decision]:
        """The decision versions the notifier received for a requisition, newest first."""
        query = (
            select(decisions.c.document)
            .where(decisions.c.requisition_key == requisition_key)
            .order_by(decisions.c.decision_version.desc())
        )
        async with self._sessions() as session:
            documents = list((await session.execute(query)).scalars())
        return [decision_from_document(str(document)) for document in documents]

    async def decisions_by_id(self, decision_ids: Sequence[str]) -> dict[str, Decision]:
        if not decision_ids:
            return {}
        query = select(decisions.c.decision_id, decisions.c.document).where(
            decisions.c.decision_id.in_(sorted(set(decision_ids)))
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return {str(row[0]): decision_from_document(str(row[1])) for row in rows}

    async def activity(self, *, since: datetime) -> Activity:
        decided = select(decisions.c.decided_at).where(decisions.c.decided_at >= since)
        sent = select(deliveries.c.sent_at).where(deliveries.c.sent_at >= since)
        async with self._sessions() as session:
            decided_at = list((await session.execute(decided)).scalars())
            sent_at = list((await session.execute(sent)).scalars())
        return Activity(
            decided=[moment for moment in decided_at if moment is not None],
            sent=[moment for moment in sent_at if moment is not None],
        )
