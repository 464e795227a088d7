"""Band sets whose coming into force was announced (bandset.effective.v1, once each).

Revision ID: 9e4b7c1d3a20
Revises: 5c1a0e7d2b91
Create Date: 2026-12-05 02:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e4b7c1d3a20"
down_revision: str | None = "5c1a0e7d2b91"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "band_set_effective_emissions",
        sa.Column("band_set_id", sa.String(length=64), nullable=False),
        sa.Column("emitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("band_set_id", name=op.f("pk_band_set_effective_emissions")),
    )


def downgrade() -> None:
    op.drop_table("band_set_effective_emissions")
