"""overrides keep before → after of profile, track and band zone too

Revision ID: 5d7e9f1a2b3c
Revises: 14976daeafbf
Create Date: 2026-12-05 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7e9f1a2b3c"
down_revision: str | None = "14976daeafbf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("previous_profile", 100),
    ("profile", 100),
    ("previous_track", 20),
    ("track", 20),
    ("previous_zone", 100),
    ("zone", 100),
)


def upgrade() -> None:
    with op.batch_alter_table("overrides") as batch:
        for name, length in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("overrides") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
