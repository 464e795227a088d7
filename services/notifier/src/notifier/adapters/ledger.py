"""The delivery ledger on SQLAlchemy (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveling_common.events.envelope import utc_now
from leveling_common.messaging import claim
from notifier.adapters.decision_mapping import decision_from_document
from notifier.adapters.digest_store import add_digest_entries, digest_items_of
from notifier.adapters.ledger_rows import delivery_from_row, delivery_row, state_values
from notifier.adapters.tables import decisions, deliveries, processed_events
from notifier.domain.decision import Decision
from notifier.domain.delivery import (
    DISPATCHABLE,
    SEND_ORDER,
    SUPERSEDABLE,
    Channel,
    Delivery,
    Status,
)
from notifier.domain.exceptions import DeliveryNotFound
from notifier.domain.planning import settle_against_newer
from notifier.service_layer.ports import Dispatch, Page, PlannedDecision

__all__ = ["SqlLedger"]

_d = deliveries.c
_Slot = tuple[str, Channel]


class SqlLedger:
    """Implements the `DeliveryLedger` port; every method is one short transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        bind = sessions.kw.get("bind")
        # SQLite has one writer at a time and makes the others sleep in its busy handler;
        # queueing this process's writes here instead keeps them short and in order.
        self._write_lock = (
            asyncio.Lock() if bind is not None and bind.dialect.name == "sqlite" else None
        )

    def _writing(self) -> contextlib.AbstractAsyncContextManager[object]:
        return self._write_lock if self._write_lock is not None else contextlib.nullcontext()

    # -- intake -------------------------------------------------------------------------
    async def record(self, planned: Sequence[PlannedDecision], *, consumer: str) -> int:
        async with self._writing(), self._sessions() as session, session.begin():
            event_ids = [p.incoming.event_id for p in planned]
            fresh = await claim(session, processed_events, consumer=consumer, event_ids=event_ids)
            todo = await self._unknown_decisions(
                session, [p for p in planned if p.incoming.event_id in fresh]
            )
            if not todo:
                return 0
            in_db = await self._latest_versions(
                session, {p.incoming.decision.requisition_key for p in todo}
            )
            rows = _settle(todo, in_db)
            now = self._clock()
            await session.execute(insert(decisions), [_decision_row(p, now) for p in todo])
            if rows:
                await session.execute(insert(deliveries), [delivery_row(d, now) for d in rows])
            await self._supersede_older(session, todo, in_db, now)
            entries = [
                (entry, p.incoming.decision.requisition_key)
                for p in todo
                for entry in p.digest_entries
            ]
            opened = await add_digest_entries(session, entries, now=now)
            return len(rows) + opened

    async def _unknown_decisions(
        self, session: AsyncSession, planned: list[PlannedDecision]
    ) -> list[PlannedDecision]:
        """Drops decisions already in the ledger (published twice under new event ids)."""
        if not planned:
            return []
        ids = [p.incoming.decision.decision_id for p in planned]
        known = set(
            (
                await session.execute(
                    select(decisions.c.decision_id).where(decisions.c.decision_id.in_(ids))
                )
            ).scalars()
        )
        unique: dict[str, PlannedDecision] = {}
        for item in planned:
            decision_id = item.incoming.decision.decision_id
            if decision_id not in known:
                unique.setdefault(decision_id, item)
        return list(unique.values())

    async def _latest_versions(self, session: AsyncSession, keys: set[str]) -> dict[_Slot, int]:
        rows = await session.execute(
            select(_d.requisition_key, _d.channel, func.max(_d.decision_version))
            .where(_d.requisition_key.in_(sorted(keys)))
            .group_by(_d.requisition_key, _d.channel)
        )
        return {(key, Channel(channel)): int(version) for key, channel, version in rows.all()}

    async def _supersede_older(
        self,
        session: AsyncSession,
        todo: list[PlannedDecision],
        in_db: dict[_Slot, int],
        now: datetime,
    ) -> None:
        newest: dict[_Slot, int] = {}
        for item in todo:
            for delivery in item.deliveries:
                slot = (delivery.requisition_key, delivery.channel)
                if slot in in_db:
                    newest[slot] = max(newest.get(slot, 0), delivery.decision_version)
        for (key, channel), version in newest.items():
            await session.execute(
                update(deliveries)
                .where(
                    _d.requisition_key == key,
                    _d.channel == channel.value,
                    _d.decision_version < version,
                    _d.status.in_([s.value for s in SUPERSEDABLE]),
                )
                .values(status=Status.SUPERSEDED.value, updated_at=now)
            )

    # -- dispatch -------------------------------------------------------------------------
    async def claim_due(self, *, now: datetime, limit: int, lease: timedelta) -> list[Dispatch]:
        token = str(uuid.uuid4())
        async with self._writing(), self._sessions() as session, session.begin():
            # One statement: PostgreSQL locks the chosen rows once (a CTE with FOR UPDATE
            # is evaluated exactly once) and skips rows another process holds; SQLite
            # takes its write lock up front, so no other claimer reads in between.
            due = (
                select(_d.seq)
                .where(_dispatchable(now), ~_sibling_in_flight(now))
                .order_by(_send_order(), _d.next_attempt_at, _d.seq)
                .limit(limit)
                .with_for_update(skip_locked=True, of=deliveries)
                .cte("due")
            )
            await session.execute(
                update(deliveries)
                .where(_d.seq == due.c.seq)
                .values(lease_token=token, lease_expires_at=now + lease)
                .execution_options(synchronize_session=False)
            )
            rows = await session.execute(
                select(deliveries, decisions.c.document, decisions.c.traceparent)
                .join(decisions, decisions.c.decision_id == _d.decision_id)
                .where(_d.lease_token == token)
                .order_by(_send_order(), _d.next_attempt_at, _d.seq)
            )
            claimed = list(rows.mappings())
            digests = [r["id"] for r in claimed if r["channel"] == Channel.DIGEST.value]
            items = await digest_items_of(session, digests)
            return [_dispatch(row, token, items.get(row["id"], ())) for row in claimed]

    async def save_outcomes(self, outcomes: Sequence[tuple[Dispatch, Delivery]]) -> list[bool]:
        async with self._writing(), self._sessions() as session, session.begin():
            return [await self._save(session, d, o) for d, o in outcomes]

    async def save_outcome(self, dispatch: Dispatch, outcome: Delivery) -> bool:
        (kept,) = await self.save_outcomes([(dispatch, outcome)])
        return kept

    async def _save(self, session: AsyncSession, dispatch: Dispatch, outcome: Delivery) -> bool:
        mine = and_(_d.id == outcome.id, _d.lease_token == dispatch.lease_token)
        released = {"lease_token": None, "lease_expires_at": None, "updated_at": self._clock()}
        result = await session.execute(
            update(deliveries)
            .where(mine, _d.status.in_([s.value for s in DISPATCHABLE]))
            .values(**state_values(outcome), **released)
        )
        if _rowcount(result):
            return True
        # Superseded while in flight: a send that happened is still recorded as sent.
        values = state_values(outcome) if outcome.status is Status.SENT else {}
        result = await session.execute(update(deliveries).where(mine).values(**values, **released))
        return _rowcount(result) > 0

    # -- operations ------------------------------------------------------------------------
    async def get(self, delivery_id: str) -> Delivery | None:
        async with self._sessions() as session:
            row = (
                (await session.execute(select(deliveries).where(_d.id == delivery_id)))
                .mappings()
                .first()
            )
        return delivery_from_row(row) if row is not None else None

    async def modify(self, delivery_id: str, change: Callable[[Delivery], Delivery]) -> Delivery:
        async with self._writing(), self._sessions() as session, session.begin():
            row = (
                (
                    await session.execute(
                        select(deliveries).where(_d.id == delivery_id).with_for_update()
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                raise DeliveryNotFound(delivery_id)
            changed = change(delivery_from_row(row))
            await session.execute(
                update(deliveries)
                .where(_d.id == delivery_id)
                .values(**state_values(changed), updated_at=self._clock())
            )
            return changed

    async def page(self, *, status: Status | None, limit: int, after: int | None) -> Page:
        query = select(deliveries).order_by(_d.seq.desc()).limit(limit + 1)
        if status is not None:
            query = query.where(_d.status == status.value)
        if after is not None:
            query = query.where(_d.seq < after)
        async with self._sessions() as session:
            rows = (await session.execute(query)).mappings().all()
        more = len(rows) > limit
        rows = rows[:limit]
        next_after = int(rows[-1]["seq"]) if more and rows else None
        return Page(items=tuple(delivery_from_row(row) for row in rows), next_after=next_after)

    async def counts(self) -> dict[tuple[Status, Channel], int]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(_d.status, _d.channel, func.count()).group_by(_d.status, _d.channel)
            )
            return {(Status(s), Channel(c)): int(n) for s, c, n in rows.all()}


def _send_order() -> Any:
    rank = {channel.value: index for index, channel in enumerate(SEND_ORDER)}
    return case(rank, value=_d.channel, else_=len(rank))


def _dispatchable(now: datetime) -> Any:
    return and_(
        _d.status.in_([s.value for s in DISPATCHABLE]),
        _d.next_attempt_at <= now,
        or_(_d.lease_expires_at.is_(None), _d.lease_expires_at < now),
    )


def _sibling_in_flight(now: datetime) -> Any:
    """Another delivery to the same recipient is being sent: wait, so versions stay in order."""
    other = deliveries.alias("other")
    return exists().where(
        other.c.requisition_key == _d.requisition_key,
        other.c.channel == _d.channel,
        other.c.recipient_key == _d.recipient_key,
        other.c.seq != _d.seq,
        other.c.lease_expires_at >= now,
    )


def _settle(todo: list[PlannedDecision], in_db: dict[_Slot, int]) -> list[Delivery]:
    """Deliveries to insert; within one batch a later version supersedes an earlier one."""
    latest = dict(in_db)
    rows: list[Delivery] = []
    by_slot: dict[_Slot, list[int]] = defaultdict(list)
    for item in todo:
        for delivery in settle_against_newer(item.deliveries, latest):
            slot = (delivery.requisition_key, delivery.channel)
            for index in by_slot[slot]:
                if rows[index].decision_version < delivery.decision_version:
                    rows[index] = rows[index].superseded()
            by_slot[slot].append(len(rows))
            rows.append(delivery)
        for delivery in item.deliveries:
            slot = (delivery.requisition_key, delivery.channel)
            latest[slot] = max(latest.get(slot, 0), delivery.decision_version)
    return rows


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _decision_row(item: PlannedDecision, now: datetime) -> dict[str, Any]:
    decision = item.incoming.decision
    return {
        "decision_id": decision.decision_id,
        "requisition_key": decision.requisition_key,
        "decision_version": decision.decision_version,
        "document": item.incoming.document,
        "decided_at": decision.decided_at,
        "received_at": now,
        "traceparent": item.incoming.traceparent,
    }


def _dispatch(row: Any, token: str, items: tuple[Decision, ...]) -> Dispatch:
    document = str(row["document"])
    return Dispatch(
        delivery=delivery_from_row(row),
        decision=decision_from_document(document),
        document=document,
        lease_token=token,
        traceparent=row["traceparent"],
        items=items,
    )
