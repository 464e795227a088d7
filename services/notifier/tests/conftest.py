"""Shared test support for the notifier: decision builders and an in-memory ledger.

The in-memory ledger is a fake of the `DeliveryLedger` port for unit tests; the ledger
contract suite (tests/integration/test_notifier_ledger_contract.py) runs the same checks
against it and against the SQL ledger, so the fake is known to behave like the real one.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from leveling_common.events import DecisionData
from notifier.adapters.decision_mapping import decision_from_data
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
from notifier.service_layer.ports import Dispatch, IncomingDecision, Page, PlannedDecision

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def decision_payload(**overrides: Any) -> dict[str, Any]:
    """A realistic decision `data` for a Greenhouse job, as the leveler publishes it."""
    external_id = str(overrides.pop("external_id", "4012001"))
    payload: dict[str, Any] = {
        "decision_id": str(uuid.uuid4()),
        "requisition_key": f"greenhouse:{external_id}",
        "decision_version": 1,
        "status": "auto_approved",
        "profile": {"code": "CPM", "name": "Clinical Project Management"},
        "track": "M",
        "level": "M3",
        "confidence": 0.82,
        "boundary_with": None,
        "band": {
            "min": 120000,
            "mid": 140000,
            "max": 160000,
            "currency": "USD",
            "interval": "year",
            "zone": "New York City",
            "band_set_id": "bs-2026-01",
            "effective_from": "2026-01-01",
        },
        "flags": [],
        "explanation": [
            {
                "signal": "experience",
                "weight": 0.30,
                "points_to": "M3",
                "evidence": "7+ years of clinical project management",
            },
            {
                "signal": "responsibilities",
                "weight": 0.45,
                "points_to": "M3",
                "evidence": "leads cross-functional study teams across multiple studies",
            },
            {"signal": "title", "weight": 0.05, "points_to": "M3", "evidence": "Senior"},
            {
                "signal": "people_leadership",
                "weight": 0.20,
                "points_to": "M3",
                "evidence": "manages 4 direct reports",
            },
        ],
        "alternatives": [],
        "catalogue_version": "cat-7",
        "engine_version": "engine-2026.11.1",
        "supersedes": None,
        "reason": "new",
        "decided_at": T0.isoformat(),
        "requisition_title": "Senior Clinical Project Manager",
        "source_system": "greenhouse",
        "external_id": external_id,
        "location_name": "New York, NY, United States",
        "hiring_team": {
            "recruiters": [{"external_user_id": "4080001", "name": None, "email": None}],
            "hiring_managers": [
                {
                    "external_user_id": "4080011",
                    "name": "Elena Vasquez",
                    "email": "elena.vasquez@meridianbio.example.com",
                }
            ],
        },
    }
    payload.update(overrides)
    return payload


def make_decision_data(**overrides: Any) -> DecisionData:
    return DecisionData.model_validate(decision_payload(**overrides))


def make_decision(**overrides: Any) -> Decision:
    return decision_from_data(make_decision_data(**overrides))


def incoming(data: DecisionData, event_id: str | None = None) -> IncomingDecision:
    return IncomingDecision(
        event_id=event_id or str(uuid.uuid4()),
        decision=decision_from_data(data),
        document=data.model_dump_json(),
    )


class FakeLedger:
    """The `DeliveryLedger` port in memory, with the SQL ledger's observable behaviour."""

    def __init__(self) -> None:
        self.inbox: set[tuple[str, str]] = set()
        self.documents: dict[str, IncomingDecision] = {}
        self.rows: dict[str, Delivery] = {}
        self.seq: dict[str, int] = {}
        self.leases: dict[str, tuple[str, datetime]] = {}
        self.fail_next_saves = 0
        self.transactions = 0

    async def record(self, planned: Sequence[PlannedDecision], *, consumer: str) -> int:
        created = 0
        for item in planned:
            key = (consumer, item.incoming.event_id)
            decision = item.incoming.decision
            if key in self.inbox or decision.decision_id in self.documents:
                self.inbox.add(key)
                continue
            self.inbox.add(key)
            self.documents[decision.decision_id] = item.incoming
            for delivery in settle_against_newer(item.deliveries, self._latest()):
                self._supersede_older(delivery)
                self.rows[delivery.id] = replace(delivery, created_at=delivery.next_attempt_at)
                self.seq[delivery.id] = len(self.seq) + 1
                created += 1
        return created

    def _latest(self) -> dict[tuple[str, Channel], int]:
        latest: dict[tuple[str, Channel], int] = {}
        for d in self.rows.values():
            slot = (d.requisition_key, d.channel)
            latest[slot] = max(latest.get(slot, 0), d.decision_version)
        return latest

    def _supersede_older(self, new: Delivery) -> None:
        for key, old in self.rows.items():
            same_slot = (old.requisition_key, old.channel) == (new.requisition_key, new.channel)
            older = same_slot and old.decision_version < new.decision_version
            if older and old.status in SUPERSEDABLE:
                self.rows[key] = old.superseded()

    def _leased(self, delivery_id: str, now: datetime) -> bool:
        lease = self.leases.get(delivery_id)
        return lease is not None and lease[1] >= now

    def _sibling_in_flight(self, d: Delivery, now: datetime) -> bool:
        return any(
            self._leased(o.id, now)
            for o in self.rows.values()
            if o.id != d.id
            and (o.requisition_key, o.channel, o.recipient.key)
            == (d.requisition_key, d.channel, d.recipient.key)
        )

    async def claim_due(self, *, now: datetime, limit: int, lease: timedelta) -> list[Dispatch]:
        due = sorted(
            (
                d
                for d in self.rows.values()
                if d.status in DISPATCHABLE
                and d.next_attempt_at <= now
                and not (d.id in self.leases and self.leases[d.id][1] >= now)
                and not self._sibling_in_flight(d, now)
            ),
            key=lambda d: (SEND_ORDER.index(d.channel), d.next_attempt_at, self.seq[d.id]),
        )[:limit]
        token = str(uuid.uuid4())
        claimed = []
        for d in due:
            self.leases[d.id] = (token, now + lease)
            source = self.documents[d.decision_id]
            claimed.append(Dispatch(d, source.decision, source.document, token, source.traceparent))
        return claimed

    async def save_outcomes(self, outcomes: Sequence[tuple[Dispatch, Delivery]]) -> list[bool]:
        if self.fail_next_saves:
            self.fail_next_saves -= 1
            raise ConnectionError("database unavailable")
        await asyncio.sleep(0)  # like a database round trip, give other tasks a turn
        self.transactions += 1
        return [self._save(dispatch, outcome) for dispatch, outcome in outcomes]

    async def save_outcome(self, dispatch: Dispatch, outcome: Delivery) -> bool:
        (kept,) = await self.save_outcomes([(dispatch, outcome)])
        return kept

    def _save(self, dispatch: Dispatch, outcome: Delivery) -> bool:
        lease = self.leases.get(outcome.id)
        if lease is None or lease[0] != dispatch.lease_token:
            return False
        del self.leases[outcome.id]
        current = self.rows[outcome.id]
        if current.status in DISPATCHABLE or outcome.status is Status.SENT:
            self.rows[outcome.id] = replace(outcome, created_at=current.created_at)
        return True

    async def get(self, delivery_id: str) -> Delivery | None:
        return self.rows.get(delivery_id)

    async def modify(self, delivery_id: str, change: Callable[[Delivery], Delivery]) -> Delivery:
        if delivery_id not in self.rows:
            raise DeliveryNotFound(delivery_id)
        self.rows[delivery_id] = change(self.rows[delivery_id])
        return self.rows[delivery_id]

    async def page(self, *, status: Status | None, limit: int, after: int | None) -> Page:
        ordered = sorted(self.rows.values(), key=lambda d: -self.seq[d.id])
        chosen = [
            d
            for d in ordered
            if (status is None or d.status is status) and (after is None or self.seq[d.id] < after)
        ]
        items = chosen[:limit]
        more = len(chosen) > limit
        return Page(tuple(items), self.seq[items[-1].id] if more and items else None)

    async def counts(self) -> dict[tuple[Status, Channel], int]:
        counts: dict[tuple[Status, Channel], int] = {}
        for d in self.rows.values():
            counts[(d.status, d.channel)] = counts.get((d.status, d.channel), 0) + 1
        return counts


@pytest.fixture
def fake_ledger() -> FakeLedger:
    """An empty in-memory ledger."""
    return FakeLedger()


@pytest.fixture
def t0() -> datetime:
    """The decision time the builders use."""
    return T0


@pytest.fixture
def decision_data() -> Callable[..., DecisionData]:
    """Build a decision event's data; keyword arguments override fields."""
    return make_decision_data


@pytest.fixture
def decision() -> Callable[..., Decision]:
    """Build a domain decision; keyword arguments override the event's fields."""
    return make_decision


@pytest.fixture
def incoming_decision() -> Callable[..., IncomingDecision]:
    """Wrap decision data as a consumed event (fresh event id unless given)."""
    return incoming
