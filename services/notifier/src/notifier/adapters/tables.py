"""The ledger's tables: decisions, deliveries, and the processed-event inbox."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator

from leveling_common.db import naming_metadata
from leveling_common.messaging import inbox_table

__all__ = [
    "UtcDateTime",
    "decisions",
    "deliveries",
    "digest_items",
    "metadata",
    "processed_events",
]


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so values are normalised to UTC on the way in and tagged as
    UTC on the way out; comparisons in SQL then mean the same on both backends.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        converted = value.astimezone(UTC)
        return converted.replace(tzinfo=None) if dialect.name == "sqlite" else converted

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = naming_metadata()

processed_events = inbox_table(metadata)

decisions = Table(
    "decisions",
    metadata,
    Column("decision_id", String(200), primary_key=True),
    Column("requisition_key", String(300), nullable=False),
    Column("decision_version", Integer, nullable=False),
    Column("document", Text, nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    # The trace the decision belongs to, so its deliveries' spans join it when sent.
    Column("traceparent", String(55), nullable=True),
)

_STATUSES = "'pending', 'sent', 'failed', 'dead', 'superseded'"

deliveries = Table(
    "deliveries",
    metadata,
    # A sequence gives a stable order for paging; the public id is the delivery id.
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("id", String(36), nullable=False, unique=True),
    Column(
        "decision_id",
        String(200),
        ForeignKey("decisions.decision_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("requisition_key", String(300), nullable=False),
    Column("decision_version", Integer, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("recipient_key", String(500), nullable=False),
    Column("recipient_role", String(40), nullable=False),
    Column("recipient_name", String(300), nullable=True),
    Column("recipient_email", String(320), nullable=True),
    Column("recipient_user_id", String(100), nullable=True),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("lease_token", String(36), nullable=True),
    Column("lease_expires_at", UtcDateTime, nullable=True),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    CheckConstraint(f"status IN ({_STATUSES})", name="status"),
)
Index("ix_deliveries_due", deliveries.c.status, deliveries.c.next_attempt_at)
Index(
    "ix_deliveries_requisition",
    deliveries.c.requisition_key,
    deliveries.c.channel,
    deliveries.c.decision_version,
)
Index("ix_deliveries_decision_id", deliveries.c.decision_id)

# The jobs a band-set digest lists: one row per (digest delivery, decision).
digest_items = Table(
    "digest_items",
    metadata,
    Column(
        "delivery_id",
        String(36),
        ForeignKey("deliveries.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "decision_id",
        String(200),
        ForeignKey("decisions.decision_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("requisition_key", String(300), nullable=False),
)
