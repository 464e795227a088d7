"""Use case: turn consumed decisions into deliveries in the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from notifier.domain.digest import plan_digest_entries
from notifier.domain.planning import Routing, plan_deliveries
from notifier.service_layer.ports import DeliveryLedger, IncomingDecision, PlannedDecision

__all__ = ["record_decisions"]


async def record_decisions(
    batch: Sequence[IncomingDecision],
    *,
    ledger: DeliveryLedger,
    routing: Routing,
    consumer: str,
    now: datetime,
) -> int:
    """Plan every decision's deliveries and store them with the inbox rows, atomically."""
    ordered = sorted(
        batch, key=lambda item: (item.decision.requisition_key, item.decision.decision_version)
    )
    planned = [
        PlannedDecision(
            item,
            tuple(plan_deliveries(item.decision, routing, now=now)),
            tuple(plan_digest_entries(item.decision, routing, now=now)),
        )
        for item in ordered
    ]
    return await ledger.record(planned, consumer=consumer)
