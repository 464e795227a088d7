"""Ports of the service layer: repositories and the unit of work that commits them together.

Everything a use case writes inside one `async with uow:` block — requisition snapshots,
decisions, the inbox claim, webhook receipts and outbox events — commits atomically or not
at all (the block rolls back unless `commit()` was awaited).
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from leveling_common.events import DecisionData, OutgoingEvent, RequisitionData

__all__ = [
    "AbstractUnitOfWork",
    "DecisionInputRepository",
    "DecisionRepository",
    "IntakeState",
    "OutgoingEvent",
    "OverrideRecord",
    "RequisitionRepository",
    "StoredRequisition",
]


@dataclass
class StoredRequisition:
    """The latest snapshot of one requisition and where its decision history stands."""

    data: RequisitionData
    content_hash: str
    decision_hash: str
    current_decision_id: str | None = None
    current_version: int = 0
    document: str | None = field(default=None, repr=False, compare=False)
    """`data` in its stored JSON form, when already computed (saves serialising twice)."""

    @property
    def key(self) -> str:
        return self.data.requisition_key

    @property
    def is_active(self) -> bool:
        return self.data.status != "closed"

    def advance_to(self, decision: DecisionData) -> None:
        """Make `decision` the current one (it must be the next version)."""
        self.current_decision_id = decision.decision_id
        self.current_version = decision.decision_version


@dataclass(frozen=True)
class OverrideRecord:
    decision_id: str
    requisition_key: str
    previous_level: str | None
    level: str
    reason: str
    actor: str
    principal: str
    created_at: datetime
    previous_profile: str | None = None
    profile: str | None = None
    previous_track: str | None = None
    track: str | None = None
    previous_zone: str | None = None
    zone: str | None = None


@dataclass(frozen=True)
class IntakeState:
    """What intake knows of one delivery and its requisition, read in one round trip."""

    receipt_seen: bool
    """The same delivery (source and delivery id) was taken in before."""
    stored_hash: str | None
    """Content hash of the snapshot the worker last stored, if any."""
    accepted_hash: str | None
    """Content hash of the last version intake published, if any."""


class RequisitionRepository(abc.ABC):
    @abc.abstractmethod
    async def get_many(self, keys: Sequence[str]) -> dict[str, StoredRequisition]: ...

    async def get(self, key: str) -> StoredRequisition | None:
        return (await self.get_many([key])).get(key)

    @abc.abstractmethod
    async def save(self, items: Sequence[StoredRequisition]) -> None:
        """Insert new snapshots and replace existing ones (by requisition key)."""

    @abc.abstractmethod
    async def active_page(self, *, after: str | None, limit: int) -> list[StoredRequisition]:
        """Requisitions not closed that have a decision, ordered by key, after `after`."""


class DecisionRepository(abc.ABC):
    @abc.abstractmethod
    async def add(self, decisions: Sequence[DecisionData]) -> None:
        """Store new decision versions; an existing (key, version) raises ConcurrentUpdate."""

    @abc.abstractmethod
    async def get_many(self, decision_ids: Sequence[str]) -> dict[str, DecisionData]: ...

    @abc.abstractmethod
    async def history(self, requisition_key: str) -> list[DecisionData]:
        """Every version of one requisition, oldest first."""

    @abc.abstractmethod
    async def current_with_status(
        self, *, status: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[DecisionData]:
        """Current decisions of requisitions not closed with `status`, oldest first."""

    @abc.abstractmethod
    async def add_override(self, record: OverrideRecord) -> None: ...

    @abc.abstractmethod
    async def overrides_of(self, requisition_key: str) -> list[OverrideRecord]:
        """The requisition's overrides, oldest first."""


class DecisionInputRepository(abc.ABC):
    """The requisition each decision was computed from, kept so it can be replayed."""

    @abc.abstractmethod
    async def keep(self, inputs: Mapping[str, RequisitionData]) -> None:
        """Store the input of each new decision, by decision id."""

    @abc.abstractmethod
    async def get(self, decision_id: str) -> RequisitionData | None: ...


class AbstractUnitOfWork(abc.ABC):
    requisitions: RequisitionRepository
    decisions: DecisionRepository
    inputs: DecisionInputRepository

    async def __aenter__(self) -> AbstractUnitOfWork:
        await self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._end()

    @abc.abstractmethod
    async def _begin(self) -> None: ...

    @abc.abstractmethod
    async def _end(self) -> None:
        """Roll back whatever was not committed and release the connection."""

    @abc.abstractmethod
    async def commit(self) -> None:
        """Commit; a unique-constraint violation raises ConcurrentUpdate."""

    @abc.abstractmethod
    async def claim(self, *, consumer: str, event_ids: Sequence[str]) -> set[str]:
        """Record event ids in the inbox; returns those not seen before."""

    @abc.abstractmethod
    async def emit(self, events: Sequence[OutgoingEvent]) -> None:
        """Write events to the outbox, published after commit by the relay."""

    @abc.abstractmethod
    async def intake_state(
        self, *, source: str, delivery_id: str | None, requisition_key: str
    ) -> IntakeState:
        """Whether this delivery was seen, and the stored and last accepted content hashes."""

    @abc.abstractmethod
    async def remember_fingerprint(
        self, requisition_key: str, fingerprint: str, *, at: datetime
    ) -> None:
        """Record the content hash of the version intake just published for this key."""

    @abc.abstractmethod
    async def record_receipt(
        self, *, source: str, delivery_id: str, requisition_key: str | None, outcome: str
    ) -> None: ...
