"""The catalogue's tables (SQLAlchemy Core). Alembic migrations are written against this."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from leveling_common.db import naming_metadata
from leveling_common.messaging import outbox_table

__all__ = [
    "band_set_baselines",
    "band_set_differentials",
    "band_set_pay_factors",
    "band_sets",
    "bands",
    "catalogue_meta",
    "exchange_rates",
    "job_functions",
    "jurisdictions",
    "level_responsibilities",
    "metadata",
    "outbox",
    "profile_aliases",
    "profile_levels",
    "profile_skills",
    "profile_soc_codes",
    "profile_sources",
    "profiles",
    "title_conventions",
    "zone_cities",
    "zones",
]

metadata = naming_metadata()

catalogue_meta = Table(
    "catalogue_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", BigInteger, nullable=False),
    Column("default_zone", String(32), nullable=True),
)

job_functions = Table(
    "job_functions",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
)

profiles = Table(
    "profiles",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("function_code", String(64), ForeignKey("job_functions.code"), nullable=False),
    Column("description", Text, nullable=False),
    Column("distinguishing", Text, nullable=False),
    Column("differentials", String(64), nullable=False),
    Column("pay_factor", String(16), nullable=True),
    Index("ix_profiles_function_code", "function_code"),
)

profile_levels = Table(
    "profile_levels",
    metadata,
    Column(
        "profile_code",
        String(64),
        ForeignKey("profiles.code", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("code", String(4), primary_key=True),
    Column("track", String(1), nullable=False),
    Column("rank", Integer, nullable=False),
    *(
        Column(name, Text, nullable=False)
        for name in (
            "name",
            "summary",
            "scope",
            "autonomy",
            "complexity",
            "impact",
            "decision_rights",
            "leadership",
            "typical_experience",
            "rubric_knowledge",
            "rubric_complexity",
            "rubric_collaboration",
            "rubric_degree_years",
        )
    ),
    Column("years_low", Float, nullable=True),
    Column("years_high", Float, nullable=True),
)

level_responsibilities = Table(
    "level_responsibilities",
    metadata,
    Column("profile_code", String(64), primary_key=True),
    Column("level_code", String(4), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["profile_code", "level_code"],
        ["profile_levels.profile_code", "profile_levels.code"],
        ondelete="CASCADE",
    ),
)


def _profile_child(name: str, *columns: Column[object]) -> Table:
    return Table(
        name,
        metadata,
        Column(
            "profile_code",
            String(64),
            ForeignKey("profiles.code", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("position", Integer, primary_key=True),
        *columns,
    )


profile_skills = _profile_child(
    "profile_skills",
    Column("name", String(300), nullable=False),
    Column("description", Text, nullable=False),
)
profile_sources = _profile_child(
    "profile_sources",
    Column("title", String(500), nullable=False),
    Column("url", String(2000), nullable=True),
)
profile_aliases = _profile_child("profile_aliases", Column("alias", String(300), nullable=False))
profile_soc_codes = _profile_child(
    "profile_soc_codes",
    Column("code", String(16), nullable=False),
    Column("source", String(200), nullable=False),
)

zones = Table(
    "zones",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(64), nullable=True),
    Column("remote", Boolean, nullable=False),
    Column("differential", String(16), nullable=False),
)

zone_cities = Table(
    "zone_cities",
    metadata,
    Column("zone_code", String(32), ForeignKey("zones.code", ondelete="CASCADE"), primary_key=True),
    Column("city", String(200), primary_key=True),
)

jurisdictions = Table(
    "jurisdictions",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(64), nullable=True),
    Column("city", String(200), nullable=True),
    Column("covers_remote", Boolean, nullable=False),
    Column("forbids_open_ended", Boolean, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date, nullable=True),
    Column("note", Text, nullable=False),
)

# Units of each currency one US dollar buys (a decimal kept as text, like differentials).
exchange_rates = Table(
    "exchange_rates",
    metadata,
    Column("currency", String(3), primary_key=True),
    Column("per_usd", String(32), nullable=False),
)

# A company's seniority words in job titles; `phrase_key` is the phrase case-folded, as
# titles are matched in any case (domain/titles.py).
title_conventions = Table(
    "title_conventions",
    metadata,
    Column("track", String(1), primary_key=True),
    Column("phrase_key", String(160), primary_key=True),
    Column("phrase", String(80), nullable=False),
    Column("rank", Integer, nullable=True),
)

band_sets = Table(
    "band_sets",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("status", String(16), nullable=False),
    Column("effective_from", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=True),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("supersedes", String(64), nullable=True),
    # The pay structure's rounding step for derived amounts, in minor units like amounts.
    Column("round_to_minor", BigInteger, nullable=False, server_default="100"),
    Index("ix_band_sets_status_effective_from", "status", "effective_from"),
)

# Amounts are stored in minor units (cents): exact on every backend without Decimal quirks.
bands = Table(
    "bands",
    metadata,
    Column(
        "band_set_id", String(64), ForeignKey("band_sets.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("function_code", String(64), nullable=False),
    Column("profile_code", String(64), nullable=True),
    Column("level", String(4), nullable=False),
    Column("zone", String(32), nullable=False),
    Column("min_minor", BigInteger, nullable=False),
    Column("mid_minor", BigInteger, nullable=False),
    Column("max_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("interval", String(8), nullable=False),
)

# The pay structure: baselines per function (profile_code NULL) or profile and level ...
band_set_baselines = Table(
    "band_set_baselines",
    metadata,
    Column(
        "band_set_id", String(64), ForeignKey("band_sets.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("function_code", String(64), nullable=False),
    Column("profile_code", String(64), nullable=True),
    Column("level", String(4), nullable=False),
    Column("min_minor", BigInteger, nullable=False),
    Column("mid_minor", BigInteger, nullable=False),
    Column("max_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("interval", String(8), nullable=False),
)

# ... and a differential per zone, a percent kept as exact decimal text like zones' own.
band_set_differentials = Table(
    "band_set_differentials",
    metadata,
    Column(
        "band_set_id", String(64), ForeignKey("band_sets.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("zone", String(32), primary_key=True),
    Column("percent", String(24), nullable=False),
)

# ... and each profile's pay factor, frozen at publication like the differentials. No
# foreign key to profiles: a published set keeps its factors whatever becomes of them.
band_set_pay_factors = Table(
    "band_set_pay_factors",
    metadata,
    Column(
        "band_set_id", String(64), ForeignKey("band_sets.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("profile_code", String(64), primary_key=True),
    Column("factor", String(16), nullable=False),
)

# One row per band set whose coming into force was announced; written in the same
# transaction as the outbox row, so the announcement happens exactly once.
band_set_effective_emissions = Table(
    "band_set_effective_emissions",
    metadata,
    Column("band_set_id", String(64), primary_key=True),
    Column("emitted_at", DateTime(timezone=True), nullable=False),
)

# One row per pay-transparency rule and start date whose coming into force was announced,
# written with the outbox row like the band sets' above.
jurisdiction_effective_emissions = Table(
    "jurisdiction_effective_emissions",
    metadata,
    Column("jurisdiction_code", String(32), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("emitted_at", DateTime(timezone=True), nullable=False),
)

# Every catalogue version with the instant it took effect, so the catalogue as it was at
# any instant can be served again (zlib-compressed snapshot JSON).
snapshot_history = Table(
    "snapshot_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("catalogue_version", String(64), nullable=False),
    Column("valid_from", DateTime(timezone=True), nullable=False, index=True),
    Column("body", LargeBinary, nullable=False),
)

outbox = outbox_table(metadata)
