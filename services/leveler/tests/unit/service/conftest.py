"""Fakes of the service layer's ports (in-memory unit of work, catalogue source) and
builders of requisitions and catalogues for the leveler service's unit tests."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from leveler.adapters.catalogue_client import load_snapshot
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import CatalogueUnavailable, ConcurrentUpdate
from leveler.service_layer.unit_of_work import (
    AbstractUnitOfWork,
    DecisionRepository,
    IntakeState,
    OutgoingEvent,
    OverrideRecord,
    RequisitionRepository,
    StoredRequisition,
)
from leveling_common.events import DecisionData, RequisitionData
from leveling_common.snapshot import BandSetSnapshot, CatalogueSnapshot

SEED_CATALOGUE = Path(__file__).resolve().parents[3] / "evaluation" / "seed_catalogue.json"
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@dataclasses.dataclass
class FakeState:
    requisitions: dict[str, StoredRequisition] = dataclasses.field(default_factory=dict)
    decisions: dict[str, DecisionData] = dataclasses.field(default_factory=dict)
    overrides: list[OverrideRecord] = dataclasses.field(default_factory=list)
    inbox: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    outbox: list[OutgoingEvent] = dataclasses.field(default_factory=list)
    receipts: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    fingerprints: dict[str, str] = dataclasses.field(default_factory=dict)


class FakeRequisitions(RequisitionRepository):
    def __init__(self, state: FakeState) -> None:
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


class FakeDecisions(DecisionRepository):
    def __init__(self, state: FakeState) -> None:
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


class FakeUnitOfWork(AbstractUnitOfWork):
    """Works on a copy of the state and swaps it in on commit, so an uncommitted block
    leaves nothing behind — the same all-or-nothing contract as the SQL unit of work."""

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self.committed = False

    async def _begin(self) -> None:
        self._work = copy.deepcopy(self._database.state)
        self.requisitions = FakeRequisitions(self._work)
        self.decisions = FakeDecisions(self._work)

    async def _end(self) -> None:
        del self._work

    async def commit(self) -> None:
        self._database.state = self._work
        self._database.commits += 1
        self._work = copy.deepcopy(self._work)
        self.requisitions = FakeRequisitions(self._work)
        self.decisions = FakeDecisions(self._work)

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
        self._work.receipts[(source, delivery_id)] = outcome


class FakeDatabase:
    def __init__(self) -> None:
        self.state = FakeState()
        self.commits = 0

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeCatalogue:
    """A catalogue source whose content and availability the test controls."""

    def __init__(self, loaded: LoadedCatalogue | None) -> None:
        self.loaded = loaded
        self.available = True
        self.refreshes = 0

    async def current(self) -> LoadedCatalogue:
        if self.loaded is None:
            raise CatalogueUnavailable("no snapshot")
        return self.loaded

    async def refresh(self) -> LoadedCatalogue:
        self.refreshes += 1
        if not self.available or self.loaded is None:
            raise CatalogueUnavailable("catalogue down")
        return self.loaded


@pytest.fixture(scope="session")
def seed_snapshot() -> CatalogueSnapshot:
    return CatalogueSnapshot.model_validate_json(SEED_CATALOGUE.read_text())


@pytest.fixture(scope="session")
def seed_catalogue(seed_snapshot: CatalogueSnapshot) -> LoadedCatalogue:
    return load_snapshot(seed_snapshot)


@pytest.fixture
def database() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def now() -> datetime:
    return NOW


def raised_band_set(
    snapshot: CatalogueSnapshot, *, zone: str, percent: int, band_set_id: str
) -> CatalogueSnapshot:
    """The snapshot plus a newer band set where only `zone`'s bands rise by `percent`."""
    current = snapshot.band_sets[-1]
    factor = Decimal(100 + percent) / 100
    bands = [
        band.model_copy(
            update={"min": band.min * factor, "mid": band.mid * factor, "max": band.max * factor}
        )
        if band.zone == zone
        else band
        for band in current.bands
    ]
    newer = BandSetSnapshot(
        id=band_set_id,
        name=f"{band_set_id} ({zone} +{percent}%)",
        effective_from=NOW - timedelta(hours=1),
        bands=bands,
    )
    return snapshot.model_copy(
        update={
            "catalogue_version": f"{snapshot.catalogue_version}+{band_set_id}",
            "band_sets": [*snapshot.band_sets, newer],
        }
    )


@pytest.fixture
def with_raised_band_set() -> Callable[..., CatalogueSnapshot]:
    return raised_band_set


_LOCATIONS: dict[str, dict[str, Any]] = {
    "nyc": {"name": "New York, NY, United States", "city": "New York", "region": "NY",
            "country": "US"},
    "boston": {"name": "Boston, MA, United States", "city": "Boston", "region": "MA",
               "country": "US"},
    "raleigh": {"name": "Raleigh, NC, United States", "city": "Raleigh", "region": "NC",
                "country": "US"},
}  # fmt: skip

DESCRIPTION = (
    "<p>Lead a team of 4 clinical project managers across multiple studies; own timelines, "
    "budgets and vendor oversight. 7+ years of clinical trial management experience.</p>"
)


def make_requisition(external_id: str, **changes: Any) -> RequisitionData:
    document: dict[str, Any] = {
        "requisition_key": f"greenhouse:{external_id}",
        "source_system": "greenhouse",
        "external_id": external_id,
        "title": "Senior Clinical Project Manager",
        "description": DESCRIPTION,
        "location": _LOCATIONS["nyc"],
        "hiring_team": {"recruiters": [{"external_user_id": "4080001"}]},
    }
    where = changes.pop("where", None)
    if where is not None:
        document["location"] = _LOCATIONS[where]
    document.update(changes)
    return RequisitionData.model_validate(document)


@pytest.fixture
def requisition() -> Callable[..., RequisitionData]:
    return make_requisition


@pytest.fixture
def fake_catalogue() -> type[FakeCatalogue]:
    return FakeCatalogue
