"""Which pay zone a place falls in: one rule for the catalogue's resolve endpoint and the engine.

A remote job pays in its country's remote zone when there is one; any other job in the zone
naming its city, else the zone of its region, else its country's zone. Without a country,
a city alone still finds its metro. Place names compare case-, dot- and space-insensitively
("St. Louis" is "st louis"). When two zones claim the same place, the first one listed wins,
so the catalogue's order decides. Pure standard library: both services' domains use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = ["ZoneIndex", "ZoneLike", "normalise_place"]


class ZoneLike(Protocol):
    @property
    def country(self) -> str: ...
    @property
    def region(self) -> str | None: ...
    @property
    def cities(self) -> tuple[str, ...]: ...
    @property
    def remote(self) -> bool: ...


ZoneT = TypeVar("ZoneT", bound=ZoneLike)


def normalise_place(value: str | None) -> str:
    """Lower case, dots read as spaces, runs of white space as one."""
    return " ".join(value.lower().replace(".", " ").split()) if value else ""


@dataclass(frozen=True, slots=True)
class ZoneIndex(Generic[ZoneT]):
    by_city: dict[tuple[str, str], ZoneT]
    by_any_city: dict[str, ZoneT]
    by_region: dict[tuple[str, str], ZoneT]
    by_country: dict[str, ZoneT]
    remote_by_country: dict[str, ZoneT]

    @classmethod
    def build(cls, zones: Iterable[ZoneT]) -> ZoneIndex[ZoneT]:
        index: ZoneIndex[ZoneT] = cls({}, {}, {}, {}, {})
        for zone in zones:
            country = zone.country.upper()
            if zone.remote:
                index.remote_by_country.setdefault(country, zone)
            elif zone.cities:
                for city in zone.cities:
                    index.by_city.setdefault((country, normalise_place(city)), zone)
                    index.by_any_city.setdefault(normalise_place(city), zone)
            elif zone.region:
                index.by_region.setdefault((country, normalise_place(zone.region)), zone)
            else:
                index.by_country.setdefault(country, zone)
        return index

    def resolve(
        self,
        *,
        country: str | None,
        region: str | None = None,
        city: str | None = None,
        remote: bool = False,
    ) -> ZoneT | None:
        country_code = (country or "").strip().upper()
        if remote and country_code in self.remote_by_country:
            return self.remote_by_country[country_code]
        city_key = normalise_place(city)
        if not country_code:
            return self.by_any_city.get(city_key)
        return (
            self.by_city.get((country_code, city_key))
            or self.by_region.get((country_code, normalise_place(region)))
            or self.by_country.get(country_code)
        )
