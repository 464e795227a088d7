"""SQL repositories (SQLAlchemy Core, SQLite and PostgreSQL). Batches are written with
executemany so a consumer batch costs a handful of round trips, not one per requisition."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, and_, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from leveler.adapters.tables import decision_inputs, decisions, overrides, requisitions
from leveler.service_layer.errors import ConcurrentUpdate
from leveler.service_layer.requisitions import document_of
from leveler.service_layer.unit_of_work import (
    DecisionInputRepository,
    DecisionRepository,
    OverrideRecord,
    RequisitionRepository,
    StoredRequisition,
)
from leveling_common.db import insert_with_conflicts
from leveling_common.events import DecisionData, RequisitionData, utc_now

__all__ = [
    "SqlDecisionInputRepository",
    "SqlDecisionRepository",
    "SqlRequisitionRepository",
    "execute",
]

_CHUNK = 500
_MUTABLE = (
    "status",
    "title",
    "data",
    "content_hash",
    "decision_hash",
    "source_updated_at",
    "current_decision_id",
    "current_version",
    "updated_at",
)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def execute(session: AsyncSession, statement: Executable, params: Any = None) -> Any:
    """Execute; a unique-constraint violation becomes ConcurrentUpdate."""
    try:
        return await session.execute(statement, params)
    except IntegrityError as exc:
        raise ConcurrentUpdate(str(exc.orig)[:300]) from exc


def _requisition_row(item: StoredRequisition, now: datetime) -> dict[str, Any]:
    data = item.data
    return {
        "requisition_key": item.key,
        "source_system": data.source_system,
        "external_id": data.external_id,
        "status": data.status,
        "title": data.title,
        "data": item.document if item.document is not None else document_of(data),
        "content_hash": item.content_hash,
        "decision_hash": item.decision_hash,
        "source_updated_at": data.source_updated_at,
        "current_decision_id": item.current_decision_id,
        "current_version": item.current_version,
        "updated_at": now,
    }


def _stored(row: Row[Any]) -> StoredRequisition:
    return StoredRequisition(
        data=RequisitionData.model_validate_json(row.data),
        content_hash=row.content_hash,
        decision_hash=row.decision_hash,
        current_decision_id=row.current_decision_id,
        current_version=row.current_version,
    )


class SqlRequisitionRepository(RequisitionRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, keys: Sequence[str]) -> dict[str, StoredRequisition]:
        found: dict[str, StoredRequisition] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            rows = await self._session.execute(
                select(requisitions).where(requisitions.c.requisition_key.in_(chunk))
            )
            for row in rows:
                found[row.requisition_key] = _stored(row)
        return found

    async def save(self, items: Sequence[StoredRequisition]) -> None:
        """Insert or update each requisition by key in one statement (the last of a key wins)."""
        if not items:
            return
        now = utc_now()
        rows = list({item.key: _requisition_row(item, now) for item in items}.values())
        statement = insert_with_conflicts(self._session, requisitions)
        statement = statement.on_conflict_do_update(
            index_elements=[requisitions.c.requisition_key],
            set_={name: statement.excluded[name] for name in _MUTABLE},
        )
        await execute(self._session, statement, rows)

    async def active_page(self, *, after: str | None, limit: int) -> list[StoredRequisition]:
        statement = (
            select(requisitions)
            .where(
                requisitions.c.status != "closed",
                requisitions.c.current_decision_id.is_not(None),
            )
            .order_by(requisitions.c.requisition_key)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(requisitions.c.requisition_key > after)
        return [_stored(row) for row in await self._session.execute(statement)]


def _decision_row(decision: DecisionData) -> dict[str, Any]:
    return {
        "decision_id": decision.decision_id,
        "requisition_key": decision.requisition_key,
        "decision_version": decision.decision_version,
        "status": decision.status,
        "reason": decision.reason,
        "profile_code": decision.profile.code if decision.profile else None,
        "level": decision.level,
        "decided_at": decision.decided_at,
        "data": decision.model_dump_json(),
    }


class SqlDecisionRepository(DecisionRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, items: Sequence[DecisionData]) -> None:
        if items:
            await execute(self._session, insert(decisions), [_decision_row(d) for d in items])

    async def get_many(self, decision_ids: Sequence[str]) -> dict[str, DecisionData]:
        found: dict[str, DecisionData] = {}
        for chunk in _chunks([i for i in dict.fromkeys(decision_ids) if i]):
            rows = await self._session.execute(
                select(decisions.c.decision_id, decisions.c.data).where(
                    decisions.c.decision_id.in_(chunk)
                )
            )
            for row in rows:
                found[row.decision_id] = DecisionData.model_validate_json(row.data)
        return found

    async def history(self, requisition_key: str) -> list[DecisionData]:
        rows = await self._session.execute(
            select(decisions.c.data)
            .where(decisions.c.requisition_key == requisition_key)
            .order_by(decisions.c.decision_version)
        )
        return [DecisionData.model_validate_json(data) for data in rows.scalars()]

    async def current_with_status(
        self, *, status: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[DecisionData]:
        d, r = decisions.c, requisitions.c
        statement = (
            select(d.data)
            .join_from(decisions, requisitions, r.current_decision_id == d.decision_id)
            .where(d.status == status, r.status != "closed")
            .order_by(d.decided_at, d.decision_id)
            .limit(limit)
        )
        if after is not None:
            at, decision_id = after
            statement = statement.where(
                or_(d.decided_at > at, and_(d.decided_at == at, d.decision_id > decision_id))
            )
        rows = await self._session.execute(statement)
        return [DecisionData.model_validate_json(data) for data in rows.scalars()]

    async def add_override(self, record: OverrideRecord) -> None:
        await execute(
            self._session,
            insert(overrides).values(
                decision_id=record.decision_id,
                requisition_key=record.requisition_key,
                previous_level=record.previous_level,
                level=record.level,
                reason=record.reason,
                actor=record.actor,
                principal=record.principal,
                created_at=record.created_at,
                previous_profile=record.previous_profile,
                profile=record.profile,
                previous_track=record.previous_track,
                track=record.track,
                previous_zone=record.previous_zone,
                zone=record.zone,
            ),
        )

    async def overrides_of(self, requisition_key: str) -> list[OverrideRecord]:
        rows = await self._session.execute(
            select(overrides)
            .where(overrides.c.requisition_key == requisition_key)
            .order_by(overrides.c.created_at, overrides.c.decision_id)
        )
        return [_override(row) for row in rows.mappings()]


def _override(row: Any) -> OverrideRecord:
    created_at = row["created_at"]
    if created_at.tzinfo is None:  # SQLite keeps no offset; the column is written in UTC
        created_at = created_at.replace(tzinfo=UTC)
    return OverrideRecord(**{**row, "created_at": created_at})


class SqlDecisionInputRepository(DecisionInputRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def keep(self, inputs: Mapping[str, RequisitionData]) -> None:
        rows = [
            {"decision_id": decision_id, "requisition": data.model_dump_json()}
            for decision_id, data in inputs.items()
        ]
        if rows:
            await execute(self._session, insert(decision_inputs), rows)

    async def get(self, decision_id: str) -> RequisitionData | None:
        found = await self._session.scalar(
            select(decision_inputs.c.requisition).where(
                decision_inputs.c.decision_id == decision_id
            )
        )
        return RequisitionData.model_validate_json(found) if found is not None else None
