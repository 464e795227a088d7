"""Requisitions, decisions, overrides, webhook receipts, intake fingerprints, inbox, outbox.

Revision ID: 14976daeafbf
Revises:
Create Date: 2026-11-22 02:14:21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "14976daeafbf"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "requisitions",
        sa.Column("requisition_key", sa.String(300), nullable=False),
        sa.Column("source_system", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(256), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("decision_hash", sa.String(64), nullable=False),
        sa.Column("source_updated_at", _TS, nullable=True),
        sa.Column("current_decision_id", sa.String(36), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("requisition_key", name=op.f("pk_requisitions")),
    )
    op.create_index("ix_requisitions_status", "requisitions", ["status", "requisition_key"])

    op.create_table(
        "decisions",
        sa.Column("decision_id", sa.String(36), nullable=False),
        sa.Column("requisition_key", sa.String(300), nullable=False),
        sa.Column("decision_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("profile_code", sa.String(100), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("decided_at", _TS, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requisition_key"],
            ["requisitions.requisition_key"],
            name=op.f("fk_decisions_requisition_key_requisitions"),
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "requisition_key",
            "decision_version",
            name=op.f("uq_decisions_requisition_key_decision_version"),
        ),
    )
    op.create_index("ix_decisions_status_decided", "decisions", ["status", "decided_at"])

    op.create_table(
        "overrides",
        sa.Column("decision_id", sa.String(36), nullable=False),
        sa.Column("requisition_key", sa.String(300), nullable=False),
        sa.Column("previous_level", sa.String(20), nullable=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("principal", sa.String(200), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.decision_id"], name=op.f("fk_overrides_decision_id_decisions")
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_overrides")),
    )
    op.create_index("ix_overrides_requisition", "overrides", ["requisition_key", "created_at"])

    op.create_table(
        "webhook_receipts",
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("requisition_key", sa.String(300), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("received_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("source", "delivery_id", name=op.f("pk_webhook_receipts")),
    )
    op.create_table(
        "intake_fingerprints",
        sa.Column("requisition_key", sa.String(300), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("accepted_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("requisition_key", name=op.f("pk_intake_fingerprints")),
    )

    # leveling_common.messaging.inbox_table
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("processed_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_processed_events")),
    )
    # leveling_common.messaging.outbox_table
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("sent_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["sent_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("processed_events")
    op.drop_table("intake_fingerprints")
    op.drop_table("webhook_receipts")
    op.drop_index("ix_overrides_requisition", table_name="overrides")
    op.drop_table("overrides")
    op.drop_index("ix_decisions_status_decided", table_name="decisions")
    op.drop_table("decisions")
    op.drop_index("ix_requisitions_status", table_name="requisitions")
    op.drop_table("requisitions")
