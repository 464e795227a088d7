"""Deliveries to and from rows of the `deliveries` table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from notifier.domain.delivery import Channel, Delivery, Recipient, Status

__all__ = ["delivery_from_row", "delivery_row", "state_values"]


def state_values(delivery: Delivery) -> dict[str, Any]:
    return {
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_error": delivery.last_error[:4000] if delivery.last_error else None,
        "sent_at": delivery.sent_at,
    }


def delivery_row(delivery: Delivery, now: datetime) -> dict[str, Any]:
    recipient = delivery.recipient
    return {
        "id": delivery.id,
        "decision_id": delivery.decision_id,
        "requisition_key": delivery.requisition_key,
        "decision_version": delivery.decision_version,
        "channel": delivery.channel.value,
        "recipient_key": recipient.key,
        "recipient_role": recipient.role,
        "recipient_name": recipient.name,
        "recipient_email": recipient.email,
        "recipient_user_id": recipient.user_id,
        "decided_at": delivery.decided_at,
        "created_at": now,
        "updated_at": now,
        "lease_token": None,
        "lease_expires_at": None,
        **state_values(delivery),
    }


def delivery_from_row(row: Any) -> Delivery:
    return Delivery(
        id=row["id"],
        decision_id=row["decision_id"],
        requisition_key=row["requisition_key"],
        decision_version=row["decision_version"],
        channel=Channel(row["channel"]),
        recipient=Recipient(
            key=row["recipient_key"],
            role=row["recipient_role"],
            name=row["recipient_name"],
            email=row["recipient_email"],
            user_id=row["recipient_user_id"],
        ),
        decided_at=row["decided_at"],
        next_attempt_at=row["next_attempt_at"],
        status=Status(row["status"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        sent_at=row["sent_at"],
        created_at=row["created_at"],
    )
