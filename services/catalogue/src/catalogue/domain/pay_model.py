"""Deriving an illustrative band set from a few observed salary ranges.

The anchor level's band comes from the average of the observed postings' minimums and
maximums; other levels step the midpoint by a constant factor per rank and keep the
anchor's spread around the midpoint; zones multiply by their differential and convert
at a fixed planning rate; a profile with a pay factor multiplies the baseline.

`derive_structure` states that as a pay structure, which resolves at look-up to the same
bands `derive_bands` lists: baselines in the model's home currency (to the cent, so the
one rounding to `round_to` happens after the zone and pay factor, as here), every zone's
differential, and explicit bands for zones paid in another currency (a structure keeps
its baseline's currency, and the planning rate is fixed here, not in the catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalogue.domain.exceptions import InvalidData
from catalogue.domain.model import RoleProfile, level_rank
from catalogue.domain.pay import Band, Baseline, Differential
from catalogue.domain.zones import Zone

__all__ = ["PayModel", "PayStructure", "derive_bands", "derive_structure"]


@dataclass(frozen=True, slots=True)
class PayModel:
    function_code: str
    levels: tuple[str, ...]
    anchor_level: str
    anchor_ranges: tuple[tuple[Decimal, Decimal], ...]
    level_step: Decimal
    round_to: Decimal
    interval: str
    currency_by_country: Mapping[str, str]
    usd_to: Mapping[str, Decimal]

    def __post_init__(self) -> None:
        if not self.anchor_ranges:
            raise InvalidData("a pay model needs at least one observed range")
        if self.level_step <= 0 or self.round_to <= 0:
            raise InvalidData("level_step and round_to must be positive")

    @property
    def anchor(self) -> tuple[Decimal, Decimal, Decimal]:
        """(min, mid, max) of the anchor level in USD, from the observed ranges."""
        count = Decimal(len(self.anchor_ranges))
        low = sum((r[0] for r in self.anchor_ranges), Decimal(0)) / count
        high = sum((r[1] for r in self.anchor_ranges), Decimal(0)) / count
        return low, (low + high) / 2, high

    def baseline_usd(self, level: str) -> tuple[Decimal, Decimal, Decimal]:
        low, mid, high = self.anchor
        steps = level_rank(level) - level_rank(self.anchor_level)
        new_mid = mid * self.level_step**steps
        return new_mid * low / mid, new_mid, new_mid * high / mid


def _round(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _band(
    model: PayModel, *, zone: Zone, level: str, factor: Decimal, profile_code: str | None
) -> Band:
    currency = model.currency_by_country[zone.country]
    scale = zone.differential * model.usd_to[currency] * factor
    low, mid, high = (_round(v * scale, model.round_to) for v in model.baseline_usd(level))
    return Band(
        function_code=model.function_code,
        profile_code=profile_code,
        level=level,
        zone=zone.code,
        min=low,
        mid=mid,
        max=high,
        currency=currency,
        interval=model.interval,
    )


def derive_bands(
    model: PayModel, *, profiles: Iterable[RoleProfile], zones: Sequence[Zone]
) -> tuple[Band, ...]:
    """Baseline bands for every level and zone, plus a band per profile with a pay factor."""
    bands = [
        _band(model, zone=zone, level=level, factor=Decimal(1), profile_code=None)
        for level in model.levels
        for zone in zones
    ]
    for profile in profiles:
        if profile.function_code != model.function_code or profile.pay_factor is None:
            continue
        bands.extend(
            _band(
                model,
                zone=zone,
                level=lv.code,
                factor=profile.pay_factor,
                profile_code=profile.code,
            )
            for lv in profile.levels
            for zone in zones
        )
    return tuple(bands)


@dataclass(frozen=True, slots=True)
class PayStructure:
    baselines: tuple[Baseline, ...]
    differentials: tuple[Differential, ...]
    round_to: Decimal
    overrides: tuple[Band, ...]


def _home_currency(model: PayModel) -> str:
    return next(c for c, rate in model.usd_to.items() if rate == 1)


def derive_structure(
    model: PayModel, *, profiles: Iterable[RoleProfile], zones: Sequence[Zone]
) -> PayStructure:
    """The model as baselines, differentials and explicit bands for foreign-currency zones."""
    home = _home_currency(model)
    cent = Decimal("0.01")
    baselines = []
    for level in model.levels:
        low, mid, high = (_round(v, cent) for v in model.baseline_usd(level))
        baselines.append(
            Baseline(model.function_code, None, level, low, mid, high, home, model.interval)
        )
    foreign = [z for z in zones if model.currency_by_country[z.country] != home]
    return PayStructure(
        baselines=tuple(baselines),
        differentials=tuple(Differential(z.code, z.differential * 100) for z in zones),
        round_to=model.round_to,
        overrides=derive_bands(model, profiles=profiles, zones=foreign),
    )
