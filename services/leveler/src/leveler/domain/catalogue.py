"""The job architecture the engine decides from: profiles, levels, zones, bands, rules.

Plain immutable values. The catalogue service owns this data; the leveler receives it as a
snapshot and maps it here, so nothing in the engine depends on a wire format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

__all__ = [
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
class Rubric:
    """The level-guidelines row of a level: how scope and experience step up."""

    knowledge: str = ""
    complexity: str = ""
    collaboration: str = ""
    degree_years: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    track: str
    rank: int
    name: str = ""
    scope: str = ""
    autonomy: str = ""
    complexity: str = ""
    impact: str = ""
    decision_rights: str = ""
    leadership: str = ""
    years_min: float | None = None
    years_max: float | None = None
    rubric: Rubric = field(default_factory=Rubric)
    responsibilities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    code: str
    name: str
    function_code: str
    function_name: str = ""
    description: str = ""
    distinguishing: str = ""
    aliases: tuple[str, ...] = ()
    skills: tuple[Skill, ...] = ()
    levels: tuple[Level, ...] = ()

    def tracks(self) -> tuple[str, ...]:
        """The tracks this profile has levels on, in first-seen order."""
        return tuple(dict.fromkeys(level.track for level in self.levels))


@dataclass(frozen=True, slots=True)
class Zone:
    """A pay zone: a metro (cities), a region, a whole country, or remote work in a country."""

    code: str
    name: str
    country: str
    region: str | None = None
    cities: tuple[str, ...] = ()
    remote: bool = False
    differential: float = 1.0


@dataclass(frozen=True, slots=True)
class Band:
    """Pay for one level in one zone; `profile_code` None is the function baseline."""

    profile_code: str | None
    function_code: str
    level: str
    zone: str
    min: Decimal
    mid: Decimal
    max: Decimal
    currency: str
    interval: str = "year"

    def is_ordered(self) -> bool:
        return Decimal(0) <= self.min <= self.mid <= self.max


@dataclass(frozen=True, slots=True)
class BandSet:
    id: str
    name: str
    effective_from: datetime
    effective_to: datetime | None = None
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A pay-transparency rule: postings located (or remote-hireable) here need a range."""

    code: str
    name: str
    country: str
    effective_from: date
    region: str | None = None
    city: str | None = None
    covers_remote: bool = False
    forbids_open_ended: bool = False
    effective_to: date | None = None

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class TitleConvention:
    """A company's own seniority words in job titles and the level rank they name on a
    track ("Member of Technical Staff" is P4); rank None says the words name no level."""

    track: str
    phrase: str
    rank: int | None


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
