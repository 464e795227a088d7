"""The job architecture the engine decides from: profiles, levels, zones, bands, rules.

The catalogue service owns this data and declares its shape once, in the snapshot contract
it serves (`leveling_common.snapshot`). The engine reads those values as they are, under
the names it thinks in; only the assembled `Catalogue`, one version of everything, is its
own. Plain frozen values: nothing here depends on how they reached the leveler.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from leveling_common.snapshot import EXECUTIVE_TRACK, IC_TRACK, MANAGEMENT_TRACK, TRACK_CODES
from leveling_common.snapshot import BandSetSnapshot as BandSet
from leveling_common.snapshot import BandSnapshot as Band
from leveling_common.snapshot import JurisdictionSnapshot as Jurisdiction
from leveling_common.snapshot import LevelSnapshot as Level
from leveling_common.snapshot import ProfileSnapshot as Profile
from leveling_common.snapshot import RubricSnapshot as Rubric
from leveling_common.snapshot import SkillSnapshot as Skill
from leveling_common.snapshot import TitleConventionSnapshot as TitleConvention
from leveling_common.snapshot import ZoneSnapshot as Zone

__all__ = [
    "EXECUTIVE_TRACK",
    "IC_TRACK",
    "MANAGEMENT_TRACK",
    "TRACK_CODES",
    "Band",
    "BandSet",
    "Catalogue",
    "Jurisdiction",
    "Level",
    "Profile",
    "Rubric",
    "Skill",
    "TitleConvention",
    "Zone",
]


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    profiles: tuple[Profile, ...] = ()
    zones: tuple[Zone, ...] = ()
    band_sets: tuple[BandSet, ...] = ()
    jurisdictions: tuple[Jurisdiction, ...] = ()
    default_zone: str | None = None
    # Units of each currency one US dollar buys; a posted range in another currency than
    # its band's is converted at these before it is compared.
    exchange_rates: Mapping[str, Decimal] = field(default_factory=dict)
    # Read before the engine's generic seniority words in titles; the rule is in the
    # `title_conventions` module.
    title_conventions: tuple[TitleConvention, ...] = ()
