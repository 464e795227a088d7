"""One contract for the unit of work, held by the in-memory one and the SQL one on SQLite and
PostgreSQL: the guarantees the use cases rely on."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from leveler.adapters.catalogue_client import load_snapshot
from leveler.adapters.memory import InMemoryDatabase
from leveler.adapters.migrations import migrate
from leveler.adapters.tables import outbox
from leveler.adapters.unit_of_work import SqlUnitOfWork
from leveler.service_layer import queries
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.decisions import decision_event
from leveler.service_layer.errors import ConcurrentUpdate
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.service_layer.requisitions import content_hash, snapshot_of
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, IntakeState, StoredRequisition
from leveler.testing import seed_snapshot
from leveling_common.db import create_engine, create_session_factory
from leveling_common.events import REQUISITION_OPENED, DecisionData, RequisitionData

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Backend:
    """A unit-of-work factory and a way to count what waits in its outbox."""

    uow: Callable[[], AbstractUnitOfWork]
    outbox_size: Callable[[], Awaitable[int]]


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """The same contract on the in-memory twin and on the SQL adapter over both databases."""
    if request.param == "memory":
        database = InMemoryDatabase()

        async def memory_outbox_size() -> int:
            return len(database.state.outbox)

        yield Backend(database.uow, memory_outbox_size)
        return
    url = request.getfixturevalue(
        {"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param]
    )
    await asyncio.to_thread(migrate, url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)

    async def sql_outbox_size() -> int:
        async with sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(outbox)) or 0)

    yield Backend(lambda: SqlUnitOfWork(sessions), sql_outbox_size)
    await engine.dispose()


@pytest.fixture(scope="module")
def loaded():
    return load_snapshot(seed_snapshot())


def _data(external_id: str, **changes: Any) -> RequisitionData:
    document = {
        "requisition_key": f"greenhouse:{external_id}",
        "source_system": "greenhouse",
        "external_id": external_id,
        "title": "Clinical Trial Manager",
        "description": "Manage two CRAs on a single study. 3+ years of clinical trial experience.",
        "location": {"city": "Raleigh", "region": "NC", "country": "US"},
    }
    document.update(changes)
    return RequisitionData.model_validate(document)


async def _decide(
    backend: Backend, loaded: LoadedCatalogue, *data: RequisitionData, at: datetime = NOW
) -> list[DecisionData]:
    async with backend.uow() as uow:
        result = await apply_requisitions(
            uow, [IncomingRequisition(REQUISITION_OPENED, d) for d in data], loaded, at=at
        )
        await uow.emit([decision_event(d, topic="decisions") for d in result.decided])
        await uow.commit()
    return result.decided


async def test_snapshots_and_decisions_round_trip_and_update_in_place(backend, loaded):
    [first] = await _decide(backend, loaded, _data("1"))
    [second] = await _decide(backend, loaded, _data("1", title="Clinical Project Manager"))

    async with backend.uow() as uow:
        stored = await uow.requisitions.get("greenhouse:1")
        history = await uow.decisions.history("greenhouse:1")
    assert stored is not None
    assert stored.data.title == "Clinical Project Manager"
    assert (stored.current_decision_id, stored.current_version) == (second.decision_id, 2)
    assert history == [first, second]


async def test_nothing_is_written_unless_the_unit_of_work_commits(backend, loaded):
    async with backend.uow() as uow:
        await apply_requisitions(
            uow, [IncomingRequisition(REQUISITION_OPENED, _data("1"))], loaded, at=NOW
        )
        await uow.claim(consumer="leveler", event_ids=["e1"])

    async with backend.uow() as uow:
        assert await uow.requisitions.get("greenhouse:1") is None
        assert await uow.claim(consumer="leveler", event_ids=["e1"]) == {"e1"}


async def test_a_decision_version_taken_by_another_writer_is_a_concurrent_update(backend, loaded):
    [first] = await _decide(backend, loaded, _data("1"))

    async with backend.uow() as uow:
        clash = first.model_copy(update={"decision_id": "another-id"})
        with pytest.raises(ConcurrentUpdate):
            await uow.decisions.add([clash])


async def test_the_inbox_claims_each_event_id_once(backend):
    async with backend.uow() as uow:
        assert await uow.claim(consumer="leveler", event_ids=["a", "b", "a"]) == {"a", "b"}
        await uow.commit()
    async with backend.uow() as uow:
        assert await uow.claim(consumer="leveler", event_ids=["a", "c"]) == {"c"}
        assert await uow.claim(consumer="other", event_ids=["a"]) == {"a"}


async def test_receipts_and_fingerprints_are_remembered(backend):
    async with backend.uow() as uow:
        await uow.record_receipt(
            source="greenhouse", delivery_id="d1", requisition_key="greenhouse:1", outcome="x"
        )
        await uow.remember_fingerprint("greenhouse:1", "h1", at=NOW)
        await uow.remember_fingerprint("greenhouse:1", "h2", at=NOW)
        await uow.commit()
    async with backend.uow() as uow:
        seen = await uow.intake_state(
            source="greenhouse", delivery_id="d1", requisition_key="greenhouse:1"
        )
        assert seen == IntakeState(receipt_seen=True, stored_hash=None, accepted_hash="h2")
        other = await uow.intake_state(
            source="ashby", delivery_id="d1", requisition_key="greenhouse:2"
        )
        assert other == IntakeState(receipt_seen=False, stored_hash=None, accepted_hash=None)
        unnamed = await uow.intake_state(
            source="greenhouse", delivery_id=None, requisition_key="greenhouse:1"
        )
        assert not unnamed.receipt_seen
        with pytest.raises(ConcurrentUpdate):
            await uow.record_receipt(
                source="greenhouse", delivery_id="d1", requisition_key=None, outcome="x"
            )


async def test_intake_state_reads_the_stored_snapshots_hash(backend, loaded):
    await _decide(backend, loaded, _data("7"))

    async with backend.uow() as uow:
        state = await uow.intake_state(
            source="greenhouse", delivery_id="d7", requisition_key="greenhouse:7"
        )
    assert state == IntakeState(
        receipt_seen=False, stored_hash=content_hash(_data("7")), accepted_hash=None
    )


async def test_decisions_leave_through_the_outbox_in_the_same_transaction(backend, loaded):
    await _decide(backend, loaded, _data("1"), _data("2"))

    assert await backend.outbox_size() == 2


async def test_the_review_queue_pages_through_current_decisions_oldest_first(backend, loaded):
    decided = []
    for minute in range(5):
        decided += await _decide(
            backend, loaded, _data(f"r{minute}"), at=NOW + timedelta(minutes=minute)
        )
    status = decided[0].status  # same text for every key, so the same status
    assert {d.status for d in decided} == {status}

    first = await queries.decisions_with_status(backend.uow(), status=status, limit=3, cursor=None)
    assert first.next_cursor is not None
    rest = await queries.decisions_with_status(
        backend.uow(), status=status, limit=3, cursor=first.next_cursor
    )

    keys = [d.requisition_key for d in first.items + rest.items]
    assert keys == [f"greenhouse:r{minute}" for minute in range(5)]
    assert rest.next_cursor is None


async def test_active_pages_skip_closed_and_undecided_requisitions(backend, loaded):
    await _decide(backend, loaded, _data("a"), _data("b"))
    closed = _data("c", status="closed")
    async with backend.uow() as uow:
        await uow.requisitions.save([StoredRequisition(closed, *snapshot_of(closed))])
        await uow.commit()

    async with backend.uow() as uow:
        page = await uow.requisitions.active_page(after=None, limit=1)
        after = await uow.requisitions.active_page(after=page[-1].key, limit=10)
    assert [r.key for r in page + after] == ["greenhouse:a", "greenhouse:b"]
