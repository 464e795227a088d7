"""The ports the use cases depend on; adapters implement them, unit tests fake them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from notifier.domain.decision import Decision
from notifier.domain.delivery import Channel, Delivery, Status
from notifier.domain.digest import DigestEntry

__all__ = [
    "ChannelSender",
    "DeliveryLedger",
    "DeliveryObserver",
    "Dispatch",
    "DlqReplayer",
    "IncomingDecision",
    "Page",
    "PlannedDecision",
]


@dataclass(frozen=True)
class IncomingDecision:
    """A decision event as consumed: its event id, the decision, and its JSON document."""

    event_id: str
    decision: Decision
    document: str
    traceparent: str | None = None


@dataclass(frozen=True)
class PlannedDecision:
    incoming: IncomingDecision
    deliveries: tuple[Delivery, ...]
    digest_entries: tuple[DigestEntry, ...] = ()


@dataclass(frozen=True)
class Dispatch:
    """A delivery leased to this process, with what its channel needs to send it."""

    delivery: Delivery
    decision: Decision
    document: str
    lease_token: str
    traceparent: str | None = None
    # A digest's jobs, by requisition key; empty for a delivery about one decision.
    items: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class Page:
    items: tuple[Delivery, ...]
    next_after: int | None


class DeliveryLedger(Protocol):
    async def record(self, planned: Sequence[PlannedDecision], *, consumer: str) -> int:
        """In one transaction: skip events already seen (inbox), store the decisions and
        their deliveries, supersede older pending ones; returns deliveries created."""
        ...

    async def claim_due(self, *, now: datetime, limit: int, lease: timedelta) -> list[Dispatch]:
        """Lease up to `limit` due deliveries that no live lease holds: channels in
        `SEND_ORDER`, then the longest due first."""
        ...

    async def save_outcomes(self, outcomes: Sequence[tuple[Dispatch, Delivery]]) -> list[bool]:
        """In one transaction, store the results of sends and release their leases; each
        answer is False where the lease had been lost (the outcome is then not stored)."""
        ...

    async def get(self, delivery_id: str) -> Delivery | None: ...

    async def modify(self, delivery_id: str, change: Callable[[Delivery], Delivery]) -> Delivery:
        """Apply `change` to the stored delivery in one transaction (DeliveryNotFound)."""
        ...

    async def page(self, *, status: Status | None, limit: int, after: int | None) -> Page: ...

    async def counts(self) -> dict[tuple[Status, Channel], int]: ...


class ChannelSender(Protocol):
    async def send(self, dispatch: Dispatch) -> None:
        """Deliver once; raise DeliveryFailed with a transient or permanent Failure."""
        ...


class DeliveryObserver(Protocol):
    def on_outcome(self, delivery: Delivery, *, now: datetime) -> None: ...


class DlqReplayer(Protocol):
    async def replay(self, topic: str, *, limit: int) -> int:
        """Re-publish up to `limit` records of `<topic>.dlq` to `topic`; returns how many."""
        ...
