"""Band sets laid out for reading: one row per profile and level, one column per zone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from catalogue.domain.model import level_rank, level_track
from catalogue.domain.pay import Band, BandChange

__all__ = ["Grid", "GridRow", "ImpactSummary", "band_grid", "impact_grid", "summarise"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GridRow(Generic[T]):
    owner: str
    level: str
    cells: tuple[T | None, ...]


@dataclass(frozen=True, slots=True)
class Grid(Generic[T]):
    zones: tuple[str, ...]
    rows: tuple[GridRow[T], ...]


@dataclass(frozen=True, slots=True)
class ImpactSummary:
    added: int
    changed: int
    removed: int
    unchanged: int
    mid_change_low: Decimal | None
    mid_change_high: Decimal | None
    mid_change_mean: Decimal | None


def _owner(band: Band, names: Mapping[str, str]) -> str:
    if band.profile_code is None:
        return f"{band.function_code} baseline"
    return names.get(band.profile_code, band.profile_code)


def _grid(
    items: Iterable[T],
    band_of: Callable[[T], Band],
    *,
    zone_order: Sequence[str],
    names: Mapping[str, str],
) -> Grid[T]:
    by_row: dict[tuple[str, str], dict[str, T]] = {}
    used: set[str] = set()
    for item in items:
        band = band_of(item)
        by_row.setdefault((_owner(band, names), band.level), {})[band.zone] = item
        used.add(band.zone)
    # Zones the catalogue lists come in its order; any others (since deleted) go last.
    zones = [z for z in zone_order if z in used] + sorted(used - set(zone_order))
    keys = sorted(by_row, key=lambda k: (k[0], level_track(k[1]), level_rank(k[1])))
    rows = tuple(
        GridRow(owner, level, tuple(by_row[(owner, level)].get(zone) for zone in zones))
        for owner, level in keys
    )
    return Grid(tuple(zones), rows)


def band_grid(
    bands: Iterable[Band], *, zone_order: Sequence[str], names: Mapping[str, str]
) -> Grid[Band]:
    """The bands of a set, each in its (profile or baseline, level) row and zone column."""
    return _grid(bands, lambda band: band, zone_order=zone_order, names=names)


def _changed_band(change: BandChange) -> Band:
    band = change.after or change.before
    if band is None:
        raise ValueError("a band change names a band before or after it")
    return band


def impact_grid(
    changes: Iterable[BandChange], *, zone_order: Sequence[str], names: Mapping[str, str]
) -> Grid[BandChange]:
    """The same layout for an impact report: empty cells are bands that stay as they are."""
    return _grid(changes, _changed_band, zone_order=zone_order, names=names)


def summarise(changes: Sequence[BandChange], *, unchanged: int) -> ImpactSummary:
    """How many bands a draft adds, changes and removes, and the spread of the mid changes."""
    percents = [p for c in changes if (p := c.percent("mid")) is not None]
    mean = sum(percents, Decimal(0)) / len(percents) if percents else None
    return ImpactSummary(
        added=sum(1 for c in changes if c.change == "added"),
        changed=sum(1 for c in changes if c.change == "changed"),
        removed=sum(1 for c in changes if c.change == "removed"),
        unchanged=unchanged,
        mid_change_low=min(percents, default=None),
        mid_change_high=max(percents, default=None),
        mid_change_mean=mean.quantize(Decimal("0.01")) if mean is not None else None,
    )
