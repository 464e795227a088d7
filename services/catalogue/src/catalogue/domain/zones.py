"""Location zones (pay geography) and pay-transparency jurisdictions (effective-dated law)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from catalogue.domain.exceptions import InvalidData
from leveling_common.zones import ZoneIndex

__all__ = ["Jurisdiction", "Zone", "jurisdictions_in_force", "resolve_zone"]

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


def _check(code: str, country: str) -> None:
    if not _CODE.match(code):
        raise InvalidData(
            f"code {code!r} must be 1-32 upper-case letters, digits, '_' or '-'", field="code"
        )
    if not _COUNTRY.match(country):
        raise InvalidData(f"country {country!r} must be ISO 3166-1 alpha-2", field="country")


@dataclass(frozen=True, slots=True)
class Zone:
    """A pay zone: a metro (cities), a region, a whole country, or a country's remote jobs.

    `differential` is the zone's market level relative to the national baseline (1.0).
    """

    code: str
    name: str
    country: str
    region: str | None = None
    cities: tuple[str, ...] = ()
    remote: bool = False
    differential: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        _check(self.code, self.country)
        if not self.name.strip():
            raise InvalidData("a zone needs a name", field="name")
        if not Decimal("0.05") <= self.differential <= Decimal(20):
            raise InvalidData("differential must be between 0.05 and 20", field="differential")
        if self.remote and self.cities:
            raise InvalidData("a remote zone cannot list metro cities", field="cities")
        cities = tuple(sorted({c.strip().lower() for c in self.cities if c.strip()}))
        object.__setattr__(self, "cities", cities)


def resolve_zone(
    zones: Iterable[Zone],
    *,
    country: str | None,
    region: str | None = None,
    city: str | None = None,
    remote: bool = False,
) -> Zone | None:
    """Remote jobs go to their country's remote zone; others to metro, then region, then
    country (the rule in leveling_common.zones, which the leveler's engine uses too)."""
    return ZoneIndex.build(zones).resolve(country=country, region=region, city=city, remote=remote)


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
    note: str = ""

    def __post_init__(self) -> None:
        _check(self.code, self.country)
        if not self.name.strip():
            raise InvalidData("a jurisdiction needs a name", field="name")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise InvalidData("effective_to must be after effective_from", field="effective_to")

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


def jurisdictions_in_force(rules: Iterable[Jurisdiction], on: date) -> list[Jurisdiction]:
    return [rule for rule in rules if rule.in_force(on)]
