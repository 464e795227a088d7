"""The decisions consumer: the shared Kafka loop calling the intake use case."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pydantic import BaseModel

from leveling_common.events import DECISION_MADE, DecisionData
from leveling_common.events.envelope import utc_now
from leveling_common.kafka import ConsumedEvent, Handler, PoisonRecord
from notifier.adapters.decision_mapping import decision_from_data
from notifier.domain.planning import Routing
from notifier.service_layer.intake import record_decisions
from notifier.service_layer.ports import DeliveryLedger, IncomingDecision

__all__ = ["CONSUMER", "PAYLOAD_TYPES", "decision_handler"]

CONSUMER = "notifier"
# Only decisions travel on the decisions topic; any other type is dead-lettered.
PAYLOAD_TYPES: dict[str, type[BaseModel]] = {DECISION_MADE: DecisionData}


def _incoming(event: ConsumedEvent) -> IncomingDecision:
    data = event.event.data
    if not isinstance(data, DecisionData):
        raise PoisonRecord(f"{event.event.type} is not a decision")
    return IncomingDecision(
        event_id=event.event.id,
        decision=decision_from_data(data),
        document=data.model_dump_json(),
        traceparent=event.event.traceparent,
    )


def decision_handler(
    *, ledger: DeliveryLedger, routing: Routing, on_recorded: Callable[[], None]
) -> Handler:
    """Records a batch of decisions in one transaction, then wakes the dispatcher."""

    async def handle(events: Sequence[ConsumedEvent]) -> None:
        batch = [_incoming(event) for event in events]
        created = await record_decisions(
            batch, ledger=ledger, routing=routing, consumer=CONSUMER, now=utc_now()
        )
        if created:
            on_recorded()

    return handle
