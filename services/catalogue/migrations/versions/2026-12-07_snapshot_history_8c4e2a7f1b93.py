"""Every catalogue version with the instant it took effect (GET /v1/snapshot?at=).

Revision ID: 8c4e2a7f1b93
Revises: d703ba626c7d
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8c4e2a7f1b93"
down_revision: str | None = "d703ba626c7d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snapshot_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("catalogue_version", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_history")),
    )
    op.create_index(
        op.f("ix_snapshot_history_valid_from"), "snapshot_history", ["valid_from"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_snapshot_history_valid_from"), table_name="snapshot_history")
    op.drop_table("snapshot_history")
