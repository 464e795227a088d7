"""Pay-transparency rules whose coming into force was announced (jurisdiction.effective.v1).

Revision ID: 3d8f1a6b5c27
Revises: 7a3e5b9c2d14
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3d8f1a6b5c27"
down_revision: str | None = "7a3e5b9c2d14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jurisdiction_effective_emissions",
        sa.Column("jurisdiction_code", sa.String(length=32), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("emitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "jurisdiction_code", "effective_from", name=op.f("pk_jurisdiction_effective_emissions")
        ),
    )


def downgrade() -> None:
    op.drop_table("jurisdiction_effective_emissions")
