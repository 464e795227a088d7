"""The leveler's unit of work in memory: the service layer's unit tests run on it, and the
repository contract tests hold it to the same guarantees as the SQL adapter."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime

from leveler.service_layer.errors import ConcurrentUpdate
from leveler.service_layer.unit_of_work import (
    AbstractUnitOfWork,
    DecisionInputRepository,
    DecisionRepository,
    IntakeState,
    OutgoingEvent,
    OverrideRecord,
    RequisitionRepository,
    StoredRequisition,
)
from leveling_common.events import DecisionData, RequisitionData

__all__ = ["InMemoryDatabase", "InMemoryState", "InMemoryUnitOfWork"]


@dataclasses.dataclass
class InMemoryState:
    requisitions: dict[str, StoredRequisition] = dataclasses.field(default_factory=dict)
    decisions: dict[str, DecisionData] = dataclasses.field(default_factory=dict)
    overrides: list[OverrideRecord] = dataclasses.field(default_factory=list)
    inbox: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    outbox: list[OutgoingEvent] = dataclasses.field(default_factory=list)
    receipts: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    fingerprints: dict[str, str] = dataclasses.field(default_factory=dict)
    inputs: dict[str, RequisitionData] = dataclasses.field(default_factory=dict)


class InMemoryRequisitions(RequisitionRepository):
    def __init__(self, state: InMemoryState) -> None:
        self._state = state

    async def get_many(self, keys: Sequence[str]) -> dict[str, StoredRequisition]:
        found = {k: self._state.requisitions[k] for k in keys if k in self._state.requisitions}
        return {k: dataclasses.replace(v) for k, v in found.items()}

    async def save(self, items: Sequence[StoredRequisition]) -> None:
        for item in items:
            self._state.requisitions[item.key] = dataclasses.replace(item)

    async def active_page(self, *, after: str | None, limit: int) -> list[StoredRequisition]:
        keys = sorted(
            k
            for k, r in self._state.requisitions.items()
            if r.is_active and r.current_decision_id and (after is None or k > after)
        )
        return [dataclasses.replace(self._state.requisitions[k]) for k in keys[:limit]]


class InMemoryDecisions(DecisionRepository):
    def __init__(self, state: InMemoryState) -> None:
        self._state = state

    async def add(self, decisions: Sequence[DecisionData]) -> None:
        taken = {(d.requisition_key, d.decision_version) for d in self._state.decisions.values()}
        for decision in decisions:
            if (decision.requisition_key, decision.decision_version) in taken:
                raise ConcurrentUpdate(decision.requisition_key)
            self._state.decisions[decision.decision_id] = decision

    async def get_many(self, decision_ids: Sequence[str]) -> dict[str, DecisionData]:
        return {i: self._state.decisions[i] for i in decision_ids if i in self._state.decisions}

    async def history(self, requisition_key: str) -> list[DecisionData]:
        found = [d for d in self._state.decisions.values() if d.requisition_key == requisition_key]
        return sorted(found, key=lambda d: d.decision_version)

    async def current_with_status(
        self, *, status: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[DecisionData]:
        current = [
            self._state.decisions[r.current_decision_id]
            for r in self._state.requisitions.values()
            if r.is_active and r.current_decision_id
        ]
        found = sorted(
            (d for d in current if d.status == status), key=lambda d: (d.decided_at, d.decision_id)
        )
        if after is not None:
            found = [d for d in found if (d.decided_at, d.decision_id) > after]
        return found[:limit]

    async def add_override(self, record: OverrideRecord) -> None:
        self._state.overrides.append(record)

    async def overrides_of(self, requisition_key: str) -> list[OverrideRecord]:
        found = [o for o in self._state.overrides if o.requisition_key == requisition_key]
        return sorted(found, key=lambda o: (o.created_at, o.decision_id))


class InMemoryDecisionInputs(DecisionInputRepository):
    def __init__(self, state: InMemoryState) -> None:
        self._state = state

    async def keep(self, inputs: Mapping[str, RequisitionData]) -> None:
        if any(decision_id in self._state.inputs for decision_id in inputs):
            raise ConcurrentUpdate("a decision's input is kept once")
        self._state.inputs.update(inputs)

    async def get(self, decision_id: str) -> RequisitionData | None:
        return self._state.inputs.get(decision_id)


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Works on a copy of the state and swaps it in on commit, so an uncommitted block
    leaves nothing behind — the same all-or-nothing contract as the SQL unit of work."""

    def __init__(self, database: InMemoryDatabase) -> None:
        self._database = database
        self.committed = False

    async def _begin(self) -> None:
        self._work = copy.deepcopy(self._database.state)
        self.requisitions = InMemoryRequisitions(self._work)
        self.decisions = InMemoryDecisions(self._work)
        self.inputs = InMemoryDecisionInputs(self._work)

    async def _end(self) -> None:
        del self._work

    async def commit(self) -> None:
        self._database.state = self._work
        self._database.commits += 1
        self._work = copy.deepcopy(self._work)
        self.requisitions = InMemoryRequisitions(self._work)
        self.decisions = InMemoryDecisions(self._work)
        self.inputs = InMemoryDecisionInputs(self._work)

    async def claim(self, *, consumer: str, event_ids: Sequence[str]) -> set[str]:
        fresh = {i for i in event_ids if (consumer, i) not in self._work.inbox}
        self._work.inbox.update((consumer, i) for i in fresh)
        return fresh

    async def emit(self, events: Sequence[OutgoingEvent]) -> None:
        self._work.outbox.extend(events)

    async def intake_state(
        self, *, source: str, delivery_id: str | None, requisition_key: str
    ) -> IntakeState:
        stored = self._work.requisitions.get(requisition_key)
        return IntakeState(
            receipt_seen=(source, delivery_id) in self._work.receipts,
            stored_hash=stored.content_hash if stored is not None else None,
            accepted_hash=self._work.fingerprints.get(requisition_key),
        )

    async def remember_fingerprint(
        self, requisition_key: str, fingerprint: str, *, at: datetime
    ) -> None:
        self._work.fingerprints[requisition_key] = fingerprint

    async def record_receipt(
        self, *, source: str, delivery_id: str, requisition_key: str | None, outcome: str
    ) -> None:
        if (source, delivery_id) in self._work.receipts:
            raise ConcurrentUpdate(f"{source} delivery {delivery_id}")
        self._work.receipts[(source, delivery_id)] = outcome


class InMemoryDatabase:
    def __init__(self) -> None:
        self.state = InMemoryState()
        self.commits = 0

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)
