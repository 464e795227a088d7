"""Band sets hold their profiles' pay factors, frozen at publication like differentials

Revision ID: d703ba626c7d
Revises: 3d8f1a6b5c27
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d703ba626c7d"
down_revision: str | None = "3d8f1a6b5c27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "band_set_pay_factors",
        sa.Column("band_set_id", sa.String(length=64), nullable=False),
        sa.Column("profile_code", sa.String(length=64), nullable=False),
        sa.Column("factor", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["band_set_id"],
            ["band_sets.id"],
            name=op.f("fk_band_set_pay_factors_band_set_id_band_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "band_set_id", "profile_code", name=op.f("pk_band_set_pay_factors")
        ),
    )
    # Published sets with baselines priced with the profiles' factors until now: freeze
    # today's, so upgrading moves no band. Drafts keep following the profiles.
    op.execute(
        """
        INSERT INTO band_set_pay_factors (band_set_id, profile_code, factor)
        SELECT band_sets.id, profiles.code, profiles.pay_factor
        FROM band_sets CROSS JOIN profiles
        WHERE band_sets.status = 'published'
          AND profiles.pay_factor IS NOT NULL
          AND EXISTS (
            SELECT 1 FROM band_set_baselines
            WHERE band_set_baselines.band_set_id = band_sets.id
          )
        """
    )


def downgrade() -> None:
    op.drop_table("band_set_pay_factors")
