"""title_conventions: a company's seniority words in job titles, per track

Revision ID: b5e1c9d04a72
Revises: 8c4e2a7f1b93
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5e1c9d04a72"
down_revision: str | None = "8c4e2a7f1b93"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "title_conventions",
        sa.Column("track", sa.String(length=1), nullable=False),
        sa.Column("phrase_key", sa.String(length=160), nullable=False),
        sa.Column("phrase", sa.String(length=80), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("track", "phrase_key", name=op.f("pk_title_conventions")),
    )


def downgrade() -> None:
    op.drop_table("title_conventions")
