"""Initial schema: job architecture, zones, jurisdictions, band sets, outbox.

Revision ID: 5c1a0e7d2b91
Revises:
Create Date: 2026-11-22 02:14:39.776921
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5c1a0e7d2b91'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('band_sets',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supersedes', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_band_sets'))
    )
    with op.batch_alter_table('band_sets', schema=None) as batch_op:
        batch_op.create_index('ix_band_sets_status_effective_from', ['status', 'effective_from'], unique=False)

    meta = op.create_table('catalogue_meta',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('default_zone', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_meta'))
    )
    # The one state row: the revision counter every change bumps, and the default zone.
    op.bulk_insert(meta, [{'id': 1, 'revision': 0, 'default_zone': None}])
    op.create_table('job_functions',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_job_functions'))
    )
    op.create_table('jurisdictions',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=True),
    sa.Column('city', sa.String(length=200), nullable=True),
    sa.Column('covers_remote', sa.Boolean(), nullable=False),
    sa.Column('forbids_open_ended', sa.Boolean(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_jurisdictions'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_unsent', ['sent_at', 'id'], unique=False)

    op.create_table('zones',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=True),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('differential', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_zones'))
    )
    op.create_table('bands',
    sa.Column('band_set_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('function_code', sa.String(length=64), nullable=False),
    sa.Column('profile_code', sa.String(length=64), nullable=True),
    sa.Column('level', sa.String(length=4), nullable=False),
    sa.Column('zone', sa.String(length=32), nullable=False),
    sa.Column('min_minor', sa.BigInteger(), nullable=False),
    sa.Column('mid_minor', sa.BigInteger(), nullable=False),
    sa.Column('max_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('interval', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['band_set_id'], ['band_sets.id'], name=op.f('fk_bands_band_set_id_band_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band_set_id', 'position', name=op.f('pk_bands'))
    )
    op.create_table('profiles',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('function_code', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('distinguishing', sa.Text(), nullable=False),
    sa.Column('differentials', sa.String(length=64), nullable=False),
    sa.Column('pay_factor', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['function_code'], ['job_functions.code'], name=op.f('fk_profiles_function_code_job_functions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_profiles'))
    )
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.create_index('ix_profiles_function_code', ['function_code'], unique=False)

    op.create_table('zone_cities',
    sa.Column('zone_code', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['zone_code'], ['zones.code'], name=op.f('fk_zone_cities_zone_code_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('zone_code', 'city', name=op.f('pk_zone_cities'))
    )
    op.create_table('profile_aliases',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['profile_code'], ['profiles.code'], name=op.f('fk_profile_aliases_profile_code_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'position', name=op.f('pk_profile_aliases'))
    )
    op.create_table('profile_levels',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('track', sa.String(length=1), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('autonomy', sa.Text(), nullable=False),
    sa.Column('complexity', sa.Text(), nullable=False),
    sa.Column('impact', sa.Text(), nullable=False),
    sa.Column('decision_rights', sa.Text(), nullable=False),
    sa.Column('leadership', sa.Text(), nullable=False),
    sa.Column('typical_experience', sa.Text(), nullable=False),
    sa.Column('rubric_knowledge', sa.Text(), nullable=False),
    sa.Column('rubric_complexity', sa.Text(), nullable=False),
    sa.Column('rubric_collaboration', sa.Text(), nullable=False),
    sa.Column('rubric_degree_years', sa.Text(), nullable=False),
    sa.Column('years_low', sa.Float(), nullable=True),
    sa.Column('years_high', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['profile_code'], ['profiles.code'], name=op.f('fk_profile_levels_profile_code_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'code', name=op.f('pk_profile_levels'))
    )
    op.create_table('profile_skills',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['profile_code'], ['profiles.code'], name=op.f('fk_profile_skills_profile_code_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'position', name=op.f('pk_profile_skills'))
    )
    op.create_table('profile_soc_codes',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['profile_code'], ['profiles.code'], name=op.f('fk_profile_soc_codes_profile_code_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'position', name=op.f('pk_profile_soc_codes'))
    )
    op.create_table('profile_sources',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['profile_code'], ['profiles.code'], name=op.f('fk_profile_sources_profile_code_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'position', name=op.f('pk_profile_sources'))
    )
    op.create_table('level_responsibilities',
    sa.Column('profile_code', sa.String(length=64), nullable=False),
    sa.Column('level_code', sa.String(length=4), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['profile_code', 'level_code'], ['profile_levels.profile_code', 'profile_levels.code'], name=op.f('fk_level_responsibilities_profile_code_profile_levels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_code', 'level_code', 'position', name=op.f('pk_level_responsibilities'))
    )


def downgrade() -> None:
    op.drop_table('level_responsibilities')
    op.drop_table('profile_sources')
    op.drop_table('profile_soc_codes')
    op.drop_table('profile_skills')
    op.drop_table('profile_levels')
    op.drop_table('profile_aliases')
    op.drop_table('zone_cities')
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_profiles_function_code')

    op.drop_table('profiles')
    op.drop_table('bands')
    op.drop_table('zones')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unsent')

    op.drop_table('outbox')
    op.drop_table('jurisdictions')
    op.drop_table('job_functions')
    op.drop_table('catalogue_meta')
    with op.batch_alter_table('band_sets', schema=None) as batch_op:
        batch_op.drop_index('ix_band_sets_status_effective_from')

    op.drop_table('band_sets')
