"""The leveler's tables. The Alembic migrations are written against this metadata."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from leveling_common.db import naming_metadata
from leveling_common.messaging import inbox_table, outbox_table

__all__ = [
    "catalogue_snapshots",
    "decision_inputs",
    "decisions",
    "inbox",
    "intake_fingerprints",
    "leases",
    "metadata",
    "outbox",
    "overrides",
    "requisitions",
    "webhook_receipts",
]

metadata = naming_metadata()

# The latest snapshot of every requisition, and a pointer to its current decision.
requisitions = Table(
    "requisitions",
    metadata,
    Column("requisition_key", String(300), primary_key=True),
    Column("source_system", String(64), nullable=False),
    Column("external_id", String(256), nullable=False),
    Column("status", String(16), nullable=False),
    Column("title", String(1000), nullable=False),
    # JSON text written and read by the pydantic models (faster than a JSON column's codec).
    Column("data", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("decision_hash", String(64), nullable=False),
    Column("source_updated_at", DateTime(timezone=True), nullable=True),
    Column("current_decision_id", String(36), nullable=True),
    Column("current_version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_requisitions_status", requisitions.c.status, requisitions.c.requisition_key)

# Immutable: a row is never updated; a new version supersedes the previous one.
decisions = Table(
    "decisions",
    metadata,
    Column("decision_id", String(36), primary_key=True),
    Column(
        "requisition_key",
        String(300),
        ForeignKey("requisitions.requisition_key"),
        nullable=False,
    ),
    Column("decision_version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("profile_code", String(100), nullable=True),
    Column("level", String(20), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("data", Text, nullable=False),
    UniqueConstraint("requisition_key", "decision_version"),
)
Index("ix_decisions_status_decided", decisions.c.status, decisions.c.decided_at)

# The audit trail of human overrides: who changed which level, when and why.
overrides = Table(
    "overrides",
    metadata,
    Column("decision_id", String(36), ForeignKey("decisions.decision_id"), primary_key=True),
    Column("requisition_key", String(300), nullable=False),
    Column("previous_level", String(20), nullable=True),
    Column("level", String(20), nullable=False),
    Column("reason", String(2000), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("principal", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Before → after of what else an override can move: profile, track and band zone.
    Column("previous_profile", String(100), nullable=True),
    Column("profile", String(100), nullable=True),
    Column("previous_track", String(20), nullable=True),
    Column("track", String(20), nullable=True),
    Column("previous_zone", String(100), nullable=True),
    Column("zone", String(100), nullable=True),
)
Index("ix_overrides_requisition", overrides.c.requisition_key, overrides.c.created_at)

# One row per webhook delivery accepted, so a vendor's retry is answered without a repeat.
webhook_receipts = Table(
    "webhook_receipts",
    metadata,
    Column("source", String(32), primary_key=True),
    Column("delivery_id", String(200), primary_key=True),
    Column("requisition_key", String(300), nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# What intake last published per requisition, to tell an ATS echo from a real edit.
intake_fingerprints = Table(
    "intake_fingerprints",
    metadata,
    Column("requisition_key", String(300), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=False),
)

# The requisition each decision was computed from, so the decision can be replayed.
decision_inputs = Table(
    "decision_inputs",
    metadata,
    Column("decision_id", String(36), ForeignKey("decisions.decision_id"), primary_key=True),
    Column("requisition", Text, nullable=False),
)

# Every catalogue version a decision was made against, as the catalogue served it.
catalogue_snapshots = Table(
    "catalogue_snapshots",
    metadata,
    Column("catalogue_version", String(200), primary_key=True),
    Column("snapshot", Text, nullable=False),
    Column("kept_at", DateTime(timezone=True), nullable=False),
)

# Who holds a task one process of the deployment runs (the Lever poller), and until when.
leases = Table(
    "leases",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

inbox = inbox_table(metadata)
outbox = outbox_table(metadata)
