"""Request and response bodies of the ops API (separate from the ledger's rows)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from pydantic import BaseModel, Field

from notifier.domain.delivery import Delivery

__all__ = [
    "DeliveryOut",
    "DeliveryPage",
    "RecipientOut",
    "ReplayOut",
    "decode_cursor",
    "encode_cursor",
]


class RecipientOut(BaseModel):
    key: str = Field(description="Stable recipient key: email:…, user:…, job:… or url:….")
    role: str
    name: str | None
    email: str | None
    user_id: str | None


class DeliveryOut(BaseModel):
    id: str = Field(description="The delivery id; also the Idempotency-Key and Message-ID.")
    decision_id: str
    requisition_key: str
    decision_version: int
    channel: str
    recipient: RecipientOut
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    decided_at: datetime
    created_at: datetime | None
    sent_at: datetime | None

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryOut:
        r = delivery.recipient
        return cls(
            id=delivery.id,
            decision_id=delivery.decision_id,
            requisition_key=delivery.requisition_key,
            decision_version=delivery.decision_version,
            channel=delivery.channel.value,
            recipient=RecipientOut(
                key=r.key, role=r.role, name=r.name, email=r.email, user_id=r.user_id
            ),
            status=delivery.status.value,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_error=delivery.last_error,
            decided_at=delivery.decided_at,
            created_at=delivery.created_at,
            sent_at=delivery.sent_at,
        )


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


class ReplayOut(BaseModel):
    topic: str
    replayed: int = Field(description="Dead letters re-published to the topic.")


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """ValueError for anything `encode_cursor` did not produce."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ValueError("malformed cursor") from error
    prefix, _, number = raw.partition(":")
    if prefix != "seq" or not number.isdigit():
        raise ValueError("malformed cursor")
    return int(number)
