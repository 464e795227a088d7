"""Use cases for operators: look at deliveries, retry one, replay dead letters."""

from __future__ import annotations

from datetime import datetime

from notifier.domain.delivery import Delivery, Status
from notifier.domain.exceptions import DeliveryNotFound
from notifier.service_layer.ports import DeliveryLedger, DlqReplayer, Page

__all__ = ["get_delivery", "list_deliveries", "replay_dead_letters", "retry_delivery"]


async def list_deliveries(
    ledger: DeliveryLedger, *, status: Status | None, limit: int, after: int | None
) -> Page:
    """Newest first, `limit` at a time; `after` continues a previous page."""
    return await ledger.page(status=status, limit=limit, after=after)


async def get_delivery(ledger: DeliveryLedger, *, delivery_id: str) -> Delivery:
    delivery = await ledger.get(delivery_id)
    if delivery is None:
        raise DeliveryNotFound(delivery_id)
    return delivery


async def retry_delivery(ledger: DeliveryLedger, *, delivery_id: str, now: datetime) -> Delivery:
    """A failed or dead delivery becomes pending and due now, with a fresh attempt budget."""
    return await ledger.modify(delivery_id, lambda d: d.retried_by_hand(now=now))


async def replay_dead_letters(replayer: DlqReplayer, *, topic: str, limit: int) -> int:
    """Send the dead letters of `topic` back to it, oldest first; returns how many."""
    return await replayer.replay(topic, limit=limit)
