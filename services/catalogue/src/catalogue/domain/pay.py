"""Pay bands and band sets: drafts are edited, published sets are immutable and effective-dated.

At any instant at most one published band set is in force: the latest one whose
`effective_from` is not after that instant. Publication must therefore move forward in
time, so history is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from catalogue.domain.currency import is_currency
from catalogue.domain.exceptions import Conflict, InvalidData
from catalogue.domain.model import RoleProfile, check_pay_factor, level_track
from catalogue.domain.zones import Zone
from leveling_common.effective import latest_in_force

__all__ = [
    "PAY_INTERVALS",
    "Band",
    "BandChange",
    "BandKey",
    "BandSet",
    "BandSetStatus",
    "Baseline",
    "BaselineKey",
    "Differential",
    "PayFactor",
    "effective_to",
    "impact",
    "in_force",
    "publish",
]

PAY_INTERVALS = ("year", "month", "week", "day", "hour")
BandSetStatus = Literal["draft", "published"]
BandKey = tuple[str, str | None, str, str]
BaselineKey = tuple[str, str | None, str]
_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** 12


def _aware(value: datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidData(f"{what} must carry a time zone", field=what)
    # Pay history lives in this range; outside it, time-zone arithmetic can overflow.
    if not 1900 <= value.year <= 2999:
        raise InvalidData(f"{what} must fall between the years 1900 and 2999", field=what)


def _check_pay(
    where: str, amounts: tuple[Decimal, Decimal, Decimal], currency: str, interval: str
) -> None:
    """The rules every amount triple obeys, explicit band or baseline alike."""
    if min(amounts) <= 0:
        raise InvalidData(f"{where}: amounts must be positive", field="min")
    if any(a != a.quantize(_CENT) or a >= _LIMIT for a in amounts):
        raise InvalidData(f"{where}: amounts take at most 2 decimals and 12 digits", field="min")
    low, mid, high = amounts
    if not low <= mid <= high:
        raise InvalidData(f"{where}: expected min <= mid <= max", field="mid")
    if not is_currency(currency):
        raise InvalidData(f"{where}: {currency!r} is not an ISO 4217 code", field="currency")
    if interval not in PAY_INTERVALS:
        raise InvalidData(f"{where}: interval must be one of {PAY_INTERVALS}", field="interval")


def _owner(function_code: str, profile_code: str | None) -> str:
    return profile_code or f"{function_code} baseline"


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
        amounts = (self.min, self.mid, self.max)
        _check_pay(f"band {self.describe()}", amounts, self.currency, self.interval)

    @property
    def key(self) -> BandKey:
        return (self.function_code, self.profile_code, self.level, self.zone)

    def describe(self) -> str:
        return f"{_owner(self.function_code, self.profile_code)}/{self.level}/{self.zone}"


@dataclass(frozen=True, slots=True)
class Baseline:
    """Pay for a function (profile_code None) or a profile at one level, before zones apply."""

    function_code: str
    profile_code: str | None
    level: str
    min: Decimal
    mid: Decimal
    max: Decimal
    currency: str
    interval: str = "year"

    def __post_init__(self) -> None:
        level_track(self.level)
        amounts = (self.min, self.mid, self.max)
        _check_pay(f"baseline {self.describe()}", amounts, self.currency, self.interval)

    @property
    def key(self) -> BaselineKey:
        return (self.function_code, self.profile_code, self.level)

    def describe(self) -> str:
        return f"{_owner(self.function_code, self.profile_code)}/{self.level}"


@dataclass(frozen=True, slots=True)
class Differential:
    """A zone's pay relative to the baselines, in percent (120 = baseline x 1.20)."""

    zone: str
    percent: Decimal

    def __post_init__(self) -> None:
        # The zone table's own range (0.05 to 20 times), in percent.
        if not Decimal(5) <= self.percent <= Decimal(2000):
            raise InvalidData(
                f"differential for zone {self.zone}: percent must be between 5 and 2000",
                field="differentials",
            )


@dataclass(frozen=True, slots=True)
class PayFactor:
    """A profile's pay relative to its function baseline, as the band set prices it."""

    profile_code: str
    factor: Decimal

    def __post_init__(self) -> None:
        if not self.profile_code.strip():
            raise InvalidData("a pay factor needs a profile code", field="pay_factors")
        what = f"pay factor for profile {self.profile_code}"
        check_pay_factor(self.factor, what=what, field="pay_factors")


def _unique(items: Iterable[tuple[object, str]], field: str) -> None:
    seen: set[object] = set()
    for key, description in items:
        if key in seen:
            raise InvalidData(f"{description} appears twice", field=field)
        seen.add(key)


@dataclass(frozen=True, slots=True)
class BandSet:
    """Explicit bands (overrides) plus a pay structure that derives the rest at look-up.

    The structure is `baselines` per function or profile and level, `differentials` per
    zone, and `round_to`: derived amounts are rounded half up to a multiple of it (see
    pay_structure). Differentials and profiles' `pay_factors` are held by the set, not
    read from the zone table or the profiles, so a published set never changes when zones
    or profiles are edited.
    """

    id: str
    name: str
    effective_from: datetime
    status: BandSetStatus = "draft"
    bands: tuple[Band, ...] = ()
    created_at: datetime | None = None
    published_at: datetime | None = None
    supersedes: str | None = None
    baselines: tuple[Baseline, ...] = ()
    differentials: tuple[Differential, ...] = ()
    round_to: Decimal = Decimal(1)
    pay_factors: tuple[PayFactor, ...] = ()
    # Resolution asks for a factor per profile, level and zone: look it up, never scan.
    _factor_of: dict[str, Decimal] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        if not self.id.strip() or not self.name.strip():
            raise InvalidData("a band set needs an id and a name", field="name")
        _aware(self.effective_from, "effective_from")
        if self.status == "published" and self.published_at is None:
            raise InvalidData("a published band set needs published_at", field="published_at")
        step = self.round_to
        if not Decimal("0.01") <= step < _LIMIT or step != step.quantize(_CENT):
            raise InvalidData("round_to must be positive with at most 2 decimals", field="round_to")
        _unique(((b.key, f"band {b.describe()}") for b in self.bands), "bands")
        _unique(((b.key, f"baseline {b.describe()}") for b in self.baselines), "baselines")
        zones = ((d.zone, f"differential for zone {d.zone}") for d in self.differentials)
        _unique(zones, "differentials")
        factors = (
            (f.profile_code, f"pay factor for profile {f.profile_code}") for f in self.pay_factors
        )
        _unique(factors, "pay_factors")
        # One order for equal content, whatever order differentials and factors came in.
        ordered = tuple(sorted(self.differentials, key=lambda d: d.zone))
        object.__setattr__(self, "differentials", ordered)
        by_profile = tuple(sorted(self.pay_factors, key=lambda f: f.profile_code))
        object.__setattr__(self, "pay_factors", by_profile)
        object.__setattr__(self, "_factor_of", {f.profile_code: f.factor for f in by_profile})

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def revise(
        self,
        *,
        name: str | None = None,
        effective_from: datetime | None = None,
        bands: Iterable[Band] | None = None,
        baselines: Iterable[Baseline] | None = None,
        differentials: Iterable[Differential] | None = None,
        round_to: Decimal | None = None,
        pay_factors: Iterable[PayFactor] | None = None,
    ) -> BandSet:
        """A draft with new content; a published set is never edited (publish a new one)."""
        if self.is_published:
            raise Conflict(f"band set {self.id} is published and cannot change; draft a new one")
        return replace(
            self,
            name=self.name if name is None else name,
            effective_from=self.effective_from if effective_from is None else effective_from,
            bands=self.bands if bands is None else tuple(bands),
            baselines=self.baselines if baselines is None else tuple(baselines),
            differentials=self.differentials if differentials is None else tuple(differentials),
            round_to=self.round_to if round_to is None else round_to,
            pay_factors=self.pay_factors if pay_factors is None else tuple(pay_factors),
        )

    def band(self, key: BandKey) -> Band | None:
        return next((b for b in self.bands if b.key == key), None)

    def baseline(self, key: BaselineKey) -> Baseline | None:
        return next((b for b in self.baselines if b.key == key), None)

    def differential(self, zone: str) -> Decimal | None:
        return next((d.percent for d in self.differentials if d.zone == zone), None)

    def pay_factor(self, profile_code: str) -> Decimal | None:
        return self._factor_of.get(profile_code)

    def with_zone_differentials(self, zones: Iterable[Zone]) -> BandSet:
        """The set with the zone table's differential for every zone it leaves out.

        Publication freezes this, so later zone edits never move a published band. A set
        without baselines derives nothing and is left as it is.
        """
        if not self.baselines or self.is_published:
            return self
        given = {d.zone for d in self.differentials}
        missing = [Differential(z.code, z.differential * 100) for z in zones if z.code not in given]
        return replace(self, differentials=self.differentials + tuple(missing)) if missing else self

    def with_pay_factors(self, profiles: Iterable[RoleProfile]) -> BandSet:
        """The set with each profile's current pay factor for every profile it leaves out.

        Publication freezes this, so later profile edits never re-price a published set;
        until then a draft follows the profiles. A set without baselines derives nothing
        and is left as it is.
        """
        if not self.baselines or self.is_published:
            return self
        given = {f.profile_code for f in self.pay_factors}
        missing = [
            PayFactor(p.code, p.pay_factor)
            for p in profiles
            if p.pay_factor is not None and p.code not in given
        ]
        return replace(self, pay_factors=self.pay_factors + tuple(missing)) if missing else self


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


def publish(
    draft: BandSet,
    *,
    published: Sequence[BandSet],
    now: datetime,
    zones: Iterable[Zone] = (),
    profiles: Iterable[RoleProfile] = (),
) -> BandSet:
    """Publish `draft`; it supersedes the latest published set and must start after it.

    Zones the draft gives no differential take the zone table's, and profiles it gives no
    pay factor take their own, copied in for good.
    """
    if draft.is_published:
        raise Conflict(f"band set {draft.id} is already published")
    if not draft.bands and not draft.baselines:
        raise InvalidData(f"band set {draft.id} has no bands and no baselines", field="bands")
    history = _published(published)
    latest = history[-1] if history else None
    if latest is not None and draft.effective_from <= latest.effective_from:
        raise Conflict(
            f"band set {draft.id} starts {draft.effective_from.isoformat()}, not after the "
            f"latest published set {latest.id} ({latest.effective_from.isoformat()}); "
            "published history cannot be rewritten"
        )
    return replace(
        draft.with_zone_differentials(zones).with_pay_factors(profiles),
        status="published",
        published_at=now,
        supersedes=latest.id if latest else None,
    )


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


def impact(draft: Iterable[Band], current: Iterable[Band]) -> list[BandChange]:
    """The bands a draft adds, removes or changes compared with `current`, in key order.

    Both sides are effective bands (explicit and derived, see pay_structure).
    """
    before = {b.key: b for b in current}
    after = {b.key: b for b in draft}
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
