"""decisions keep their input and the catalogue version they were made against, for replay

Revision ID: 7a1c3e5b9d20
Revises: 5d7e9f1a2b3c
Create Date: 2026-12-05 05:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a1c3e5b9d20"
down_revision: str | None = "5d7e9f1a2b3c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "decision_inputs",
        sa.Column("decision_id", sa.String(36), nullable=False),
        sa.Column("requisition", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.decision_id"],
            name=op.f("fk_decision_inputs_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decision_inputs")),
    )
    op.create_table(
        "catalogue_snapshots",
        sa.Column("catalogue_version", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("catalogue_version", name=op.f("pk_catalogue_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("catalogue_snapshots")
    op.drop_table("decision_inputs")
