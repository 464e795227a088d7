"""Band set pay structures: baselines, zone differentials and a rounding step

Revision ID: 7a3e5b9c2d14
Revises: 4f2d8a6c1e35
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a3e5b9c2d14"
down_revision: str | None = "4f2d8a6c1e35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing sets derive nothing, so whole units is as good a step as any for them.
    with op.batch_alter_table("band_sets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("round_to_minor", sa.BigInteger(), nullable=False, server_default="100")
        )
    op.create_table(
        "band_set_baselines",
        sa.Column("band_set_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("function_code", sa.String(length=64), nullable=False),
        sa.Column("profile_code", sa.String(length=64), nullable=True),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("min_minor", sa.BigInteger(), nullable=False),
        sa.Column("mid_minor", sa.BigInteger(), nullable=False),
        sa.Column("max_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["band_set_id"],
            ["band_sets.id"],
            name=op.f("fk_band_set_baselines_band_set_id_band_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_set_id", "position", name=op.f("pk_band_set_baselines")),
    )
    op.create_table(
        "band_set_differentials",
        sa.Column("band_set_id", sa.String(length=64), nullable=False),
        sa.Column("zone", sa.String(length=32), nullable=False),
        sa.Column("percent", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["band_set_id"],
            ["band_sets.id"],
            name=op.f("fk_band_set_differentials_band_set_id_band_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_set_id", "zone", name=op.f("pk_band_set_differentials")),
    )


def downgrade() -> None:
    op.drop_table("band_set_differentials")
    op.drop_table("band_set_baselines")
    with op.batch_alter_table("band_sets", schema=None) as batch_op:
        batch_op.drop_column("round_to_minor")
