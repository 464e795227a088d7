"""Pay bands and band sets: drafts are edited, published sets are immutable and effective-dated.

At any instant at most one published band set is in force: the latest one whose
`effective_from` is not after that instant. Publication must therefore move forward in
time, so history is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from catalogue.domain.currency import is_currency
from catalogue.domain.exceptions import Conflict, InvalidData
from catalogue.domain.model import level_track
from leveling_common.effective import latest_in_force

__all__ = [
    "PAY_INTERVALS",
    "Band",
    "BandChange",
    "BandKey",
    "BandSet",
    "BandSetStatus",
    "effective_to",
    "find_band",
    "impact",
    "in_force",
    "publish",
]

PAY_INTERVALS = ("year", "month", "week", "day", "hour")
BandSetStatus = Literal["draft", "published"]
BandKey = tuple[str, str | None, str, str]
_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** 12


def _aware(value: datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidData(f"{what} must carry a time zone", field=what)
    # Pay history lives in this range; outside it, time-zone arithmetic can overflow.
    if not 1900 <= value.year <= 2999:
        raise InvalidData(f"{what} must fall between the years 1900 and 2999", field=what)


@dataclass(frozen=True, slots=True)
class Band:
    """Pay for one (profile, or function baseline when profile_code is None; level; zone)."""

    function_code: str
    profile_code: str | None
    level: str
    zone: str
    min: Decimal
    mid: Decimal
    max: Decimal
    currency: str
    interval: str = "year"

    def __post_init__(self) -> None:
        level_track(self.level)
        where = f"band {self.describe()}"
        if min(self.min, self.mid, self.max) <= 0:
            raise InvalidData(f"{where}: amounts must be positive", field="min")
        if any(a != a.quantize(_CENT) or a >= _LIMIT for a in (self.min, self.mid, self.max)):
            raise InvalidData(
                f"{where}: amounts take at most 2 decimals and 12 digits", field="min"
            )
        if not self.min <= self.mid <= self.max:
            raise InvalidData(f"{where}: expected min <= mid <= max", field="mid")
        if not is_currency(self.currency):
            raise InvalidData(
                f"{where}: {self.currency!r} is not an ISO 4217 code", field="currency"
            )
        if self.interval not in PAY_INTERVALS:
            raise InvalidData(f"{where}: interval must be one of {PAY_INTERVALS}", field="interval")

    @property
    def key(self) -> BandKey:
        return (self.function_code, self.profile_code, self.level, self.zone)

    def describe(self) -> str:
        owner = self.profile_code or f"{self.function_code} baseline"
        return f"{owner}/{self.level}/{self.zone}"


@dataclass(frozen=True, slots=True)
class BandSet:
    id: str
    name: str
    effective_from: datetime
    status: BandSetStatus = "draft"
    bands: tuple[Band, ...] = ()
    created_at: datetime | None = None
    published_at: datetime | None = None
    supersedes: str | None = None

    def __post_init__(self) -> None:
        if not self.id.strip() or not self.name.strip():
            raise InvalidData("a band set needs an id and a name", field="name")
        _aware(self.effective_from, "effective_from")
        if self.status == "published" and self.published_at is None:
            raise InvalidData("a published band set needs published_at", field="published_at")
        seen: set[BandKey] = set()
        for band in self.bands:
            if band.key in seen:
                raise InvalidData(f"band {band.describe()} appears twice", field="bands")
            seen.add(band.key)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def revise(
        self,
        *,
        name: str | None = None,
        effective_from: datetime | None = None,
        bands: Iterable[Band] | None = None,
    ) -> BandSet:
        """A draft with new content; a published set is never edited (publish a new one)."""
        if self.is_published:
            raise Conflict(f"band set {self.id} is published and cannot change; draft a new one")
        return replace(
            self,
            name=self.name if name is None else name,
            effective_from=self.effective_from if effective_from is None else effective_from,
            bands=self.bands if bands is None else tuple(bands),
        )

    def band(self, key: BandKey) -> Band | None:
        for band in self.bands:
            if band.key == key:
                return band
        return None


def _published(band_sets: Iterable[BandSet]) -> list[BandSet]:
    return sorted((b for b in band_sets if b.is_published), key=lambda b: b.effective_from)


def in_force(band_sets: Iterable[BandSet], at: datetime) -> BandSet | None:
    """The published set in force at `at`: the latest one effective on or before it."""
    _aware(at, "at")
    return latest_in_force(_published(band_sets), at, starts=lambda b: b.effective_from)


def effective_to(band_set: BandSet, band_sets: Iterable[BandSet]) -> datetime | None:
    """When `band_set` stops being in force: the next publication's start, if any."""
    later = [
        b.effective_from
        for b in _published(band_sets)
        if b.effective_from > band_set.effective_from
    ]
    return min(later) if later else None


def publish(draft: BandSet, *, published: Sequence[BandSet], now: datetime) -> BandSet:
    """Publish `draft`; it supersedes the latest published set and must start after it."""
    if draft.is_published:
        raise Conflict(f"band set {draft.id} is already published")
    if not draft.bands:
        raise InvalidData(f"band set {draft.id} has no bands", field="bands")
    history = _published(published)
    latest = history[-1] if history else None
    if latest is not None and draft.effective_from <= latest.effective_from:
        raise Conflict(
            f"band set {draft.id} starts {draft.effective_from.isoformat()}, not after the "
            f"latest published set {latest.id} ({latest.effective_from.isoformat()}); "
            "published history cannot be rewritten"
        )
    return replace(
        draft,
        status="published",
        published_at=now,
        supersedes=latest.id if latest else None,
    )


def find_band(
    band_set: BandSet, *, function_code: str, profile_code: str | None, level: str, zone: str
) -> Band | None:
    """The profile's own band, else its function's baseline band."""
    own = band_set.band((function_code, profile_code, level, zone)) if profile_code else None
    return own or band_set.band((function_code, None, level, zone))


@dataclass(frozen=True, slots=True)
class BandChange:
    """How one band differs between the set in force and a draft."""

    key: BandKey
    change: Literal["added", "removed", "changed"]
    before: Band | None
    after: Band | None

    def delta(self, attribute: Literal["min", "mid", "max"]) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return Decimal(getattr(self.after, attribute)) - Decimal(getattr(self.before, attribute))

    def percent(self, attribute: Literal["min", "mid", "max"]) -> Decimal | None:
        delta = self.delta(attribute)
        if delta is None or self.before is None:
            return None
        base = Decimal(getattr(self.before, attribute))
        return (delta * 100 / base).quantize(Decimal("0.01"))


def _differs(before: Band, after: Band) -> bool:
    return (before.min, before.mid, before.max, before.currency, before.interval) != (
        after.min,
        after.mid,
        after.max,
        after.currency,
        after.interval,
    )


def impact(draft: BandSet, current: BandSet | None) -> list[BandChange]:
    """The bands a draft adds, removes or changes compared with `current`, in key order."""
    before = {b.key: b for b in current.bands} if current else {}
    after = {b.key: b for b in draft.bands}
    changes: list[BandChange] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: tuple(p or "" for p in k)):
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(BandChange(key, "added", None, new))
        elif new is None:
            changes.append(BandChange(key, "removed", old, None))
        elif _differs(old, new):
            changes.append(BandChange(key, "changed", old, new))
    return changes
