"""Pay zones and bands: which zone a location falls in, which band is in force at an instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from leveler.domain.catalogue import Band, BandSet, Catalogue, Zone
from leveler.domain.outcome import BandChoice
from leveler.domain.requisition import Location
from leveling_common.effective import latest_in_force
from leveling_common.zones import ZoneIndex, normalise_place

__all__ = ["BandTable", "ZoneTable", "as_utc"]

_BandKey = tuple[str | None, str, str, str]


def as_utc(instant: datetime) -> datetime:
    """Instants without a zone are read as UTC, so naive and aware inputs compare."""
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ZoneTable:
    """The catalogue's zones under the shared rule (leveling_common.zones), plus what a
    requisition's location needs on top: "remote" and the city read from the location's
    name when the ATS gave no fields, and the catalogue's default zone as the last resort."""

    index: ZoneIndex[Zone]
    default: Zone | None

    @classmethod
    def build(cls, catalogue: Catalogue) -> ZoneTable:
        default = next((z for z in catalogue.zones if z.code == catalogue.default_zone), None)
        return cls(ZoneIndex.build(catalogue.zones), default)

    def resolve(self, location: Location) -> Zone | None:
        remote = location.remote or "remote" in normalise_place(location.name).split()
        city = (
            location.city if normalise_place(location.city) else (location.name or "").split(",")[0]
        )
        zone = self.index.resolve(
            country=location.country, region=location.region, city=city, remote=remote
        )
        return zone or self.default


@dataclass(frozen=True, slots=True)
class _IndexedSet:
    band_set: BandSet
    starts: datetime
    ends: datetime | None
    bands: dict[_BandKey, Band]


@dataclass(frozen=True, slots=True)
class BandTable:
    """Published band sets by start instant; the latest started one is in force."""

    sets: tuple[_IndexedSet, ...]
    rejected: tuple[str, ...]

    @classmethod
    def build(cls, catalogue: Catalogue) -> BandTable:
        indexed: list[_IndexedSet] = []
        rejected: list[str] = []
        for band_set in catalogue.band_sets:
            bands: dict[_BandKey, Band] = {}
            for band in band_set.bands:
                if not band.is_ordered():
                    rejected.append(f"{band_set.id}:{band.profile_code}:{band.level}:{band.zone}")
                    continue
                bands.setdefault(
                    (band.profile_code, band.function_code, band.level, band.zone), band
                )
            ends = as_utc(band_set.effective_to) if band_set.effective_to else None
            indexed.append(_IndexedSet(band_set, as_utc(band_set.effective_from), ends, bands))
        indexed.sort(key=lambda item: (item.starts, item.band_set.id))
        return cls(tuple(indexed), tuple(rejected))

    def in_force(self, at: datetime) -> _IndexedSet | None:
        return latest_in_force(
            self.sets, as_utc(at), starts=lambda item: item.starts, ends=lambda item: item.ends
        )

    def lookup(
        self, *, profile_code: str, function_code: str, level: str, zone: str, at: datetime
    ) -> BandChoice | None:
        """The profile's band in the set in force, else the function baseline band."""
        current = self.in_force(at)
        if current is None:
            return None
        band = current.bands.get((profile_code, function_code, level, zone)) or current.bands.get(
            (None, function_code, level, zone)
        )
        if band is None:
            return None
        return BandChoice(
            min=band.min,
            mid=band.mid,
            max=band.max,
            currency=band.currency,
            interval=band.interval,
            zone=zone,
            band_set_id=current.band_set.id,
            effective_from=current.starts.date(),
        )
