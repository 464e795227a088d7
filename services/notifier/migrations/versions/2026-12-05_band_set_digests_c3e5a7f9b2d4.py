"""band-set digests list the decisions they report

Revision ID: c3e5a7f9b2d4
Revises: 8b2d4e6f1a03
Create Date: 2026-12-05 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3e5a7f9b2d4"
down_revision: str | None = "8b2d4e6f1a03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digest_items",
        sa.Column("delivery_id", sa.String(length=36), nullable=False),
        sa.Column("decision_id", sa.String(length=200), nullable=False),
        sa.Column("requisition_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["deliveries.id"],
            name=op.f("fk_digest_items_delivery_id_deliveries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.decision_id"],
            name=op.f("fk_digest_items_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("delivery_id", "decision_id", name=op.f("pk_digest_items")),
    )


def downgrade() -> None:
    op.drop_table("digest_items")
