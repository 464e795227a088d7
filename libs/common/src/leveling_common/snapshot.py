"""The catalogue snapshot: everything the leveler needs to decide, in one HTTP response.

Served by the catalogue at `GET /v1/snapshot` (ETag = catalogue_version) and read by the
leveler. It is a contract between the two services, so it lives here; changes are additive.
The shape of the job architecture is declared here once: the leveler's engine decides from
these values as they are (frozen, with tuples, so a level can key a dict), and the few rules
that belong to the data itself sit on them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from leveling_common.events.common import Money, PayInterval

__all__ = [
    "EXECUTIVE_TRACK",
    "IC_TRACK",
    "MANAGEMENT_TRACK",
    "TRACK_CODES",
    "BandSetSnapshot",
    "BandSnapshot",
    "CatalogueSnapshot",
    "JurisdictionSnapshot",
    "LevelSnapshot",
    "ProfileSnapshot",
    "RubricSnapshot",
    "SkillSnapshot",
    "TitleConventionSnapshot",
    "ZoneSnapshot",
]


# The tracks a level (and a title convention) can be on: M management, P professional
# (individual contributor), S support, E executive.
TRACK_CODES = ("M", "P", "S", "E")
MANAGEMENT_TRACK = "M"
IC_TRACK = "P"
EXECUTIVE_TRACK = "E"
_TRACK_PATTERN = f"^[{''.join(TRACK_CODES)}]$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RubricSnapshot(_Model):
    knowledge: str = ""
    complexity: str = ""
    collaboration: str = ""
    degree_years: str = ""


class LevelSnapshot(_Model):
    code: str = Field(description="e.g. M3")
    track: str = Field(pattern=_TRACK_PATTERN, description="M management, P professional, ...")
    rank: int = Field(ge=1, description="Order on the track, 1 = lowest.")
    name: str = ""
    scope: str = ""
    autonomy: str = ""
    complexity: str = ""
    impact: str = ""
    decision_rights: str = ""
    leadership: str = ""
    years_min: float | None = None
    years_max: float | None = None
    rubric: RubricSnapshot = Field(default_factory=RubricSnapshot)
    responsibilities: tuple[str, ...] = Field(default_factory=tuple)


class SkillSnapshot(_Model):
    name: str
    description: str = ""


class ProfileSnapshot(_Model):
    code: str
    name: str
    function_code: str
    function_name: str = ""
    description: str = ""
    distinguishing: str = ""
    aliases: tuple[str, ...] = Field(default_factory=tuple)
    skills: tuple[SkillSnapshot, ...] = Field(default_factory=tuple)
    soc_codes: tuple[str, ...] = Field(default_factory=tuple)
    levels: tuple[LevelSnapshot, ...] = Field(default_factory=tuple)

    def tracks(self) -> tuple[str, ...]:
        """The tracks this profile has levels on, in first-seen order."""
        return tuple(dict.fromkeys(level.track for level in self.levels))


class ZoneSnapshot(_Model):
    code: str
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    region: str | None = None
    cities: tuple[str, ...] = Field(
        default_factory=tuple, description="Metro city names, lower-case."
    )
    remote: bool = False
    differential: float = Field(default=1.0, gt=0)


class BandSnapshot(_Model):
    profile_code: str | None = Field(description="null = the function baseline band")
    function_code: str
    level: str
    zone: str
    min: Money
    mid: Money
    max: Money
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    interval: PayInterval = "year"

    def is_ordered(self) -> bool:
        return Decimal(0) <= self.min <= self.mid <= self.max


class BandSetSnapshot(_Model):
    id: str
    name: str
    effective_from: datetime
    effective_to: datetime | None = None
    bands: tuple[BandSnapshot, ...] = Field(default_factory=tuple)


class JurisdictionSnapshot(_Model):
    """A pay-transparency rule: postings located (or remote-hireable) here need a range."""

    code: str
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    region: str | None = None
    city: str | None = None
    covers_remote: bool = False
    forbids_open_ended: bool = False
    effective_from: date
    effective_to: date | None = None

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class TitleConventionSnapshot(_Model):
    """A company's own seniority word in job titles and the level rank it names on a track
    ("Member of Technical Staff" → P4). The engine reads the catalogue's conventions before
    its generic table of seniority words, so a convention extends the table, and overrides
    it where both name the same words; a null rank says the words name no level."""

    track: str = Field(pattern=_TRACK_PATTERN, description="M management, P professional, ...")
    phrase: str = Field(
        min_length=1,
        max_length=80,
        description="Words as titles use them, matched whole and in any case ('SDE II').",
    )
    rank: int | None = Field(
        ge=1, le=12, description="The level rank on the track the words name; null for none."
    )


class CatalogueSnapshot(_Model):
    catalogue_version: str
    generated_at: datetime
    profiles: tuple[ProfileSnapshot, ...]
    zones: tuple[ZoneSnapshot, ...]
    band_sets: tuple[BandSetSnapshot, ...] = Field(
        description="Every published band set, oldest first, so any instant can be resolved."
    )
    jurisdictions: tuple[JurisdictionSnapshot, ...] = Field(default_factory=tuple)
    default_zone: str | None = Field(default=None, description="Zone when none matches.")
    exchange_rates: dict[str, Decimal] = Field(
        default_factory=dict,
        description="Units of each currency one US dollar buys (USD is 1): a posted range in "
        "another currency than its band's is converted at these rates before comparison.",
    )
    title_conventions: tuple[TitleConventionSnapshot, ...] = Field(
        default_factory=tuple,
        description="The company's seniority words in job titles, per track; the longest "
        "phrase a title contains wins, before the engine's generic seniority words.",
    )
