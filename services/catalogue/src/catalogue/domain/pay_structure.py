"""Pay structures: the band for a profile, level and zone, resolved at look-up.

A band set holds explicit bands (overrides) and a structure: baselines per function or
profile and level, a differential per zone, and a rounding step. The band for
(function, profile, level, zone) is the first of:

1. the explicit band for that profile, level and zone;
2. the explicit function band for that level and zone;
3. derived: the profile's own baseline, else the function baseline times the profile's
   pay factor (when it has one), times the zone's differential; amounts are rounded half
   up to a multiple of the set's `round_to`; currency and interval are the baseline's;
4. none.

The pay factor is the set's own: a published set prices with the factors frozen into it
at publication, whatever the profiles say now. A draft takes the factors it gives, else
each profile's current one, so it previews exactly what publication would freeze.

A derived band belongs to the profile when it came from the profile's baseline or pay
factor, and to the function otherwise, like an explicit one. `effective_bands` lists
every band a set yields, so readers that only know bands (the snapshot the leveler
decides from, impact reports) see exactly what `resolve_band` answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from catalogue.domain.model import RoleProfile
from catalogue.domain.pay import Band, BandKey, BandSet, Baseline

__all__ = ["derive_band", "effective_bands", "resolve_band"]

_HUNDRED = Decimal(100)


def _rounded(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _scaled(
    baseline: Baseline, *, scale: Decimal, step: Decimal, profile_code: str | None, zone: str
) -> Band:
    low, mid, high = (_rounded(a * scale, step) for a in (baseline.min, baseline.mid, baseline.max))
    return Band(
        function_code=baseline.function_code,
        profile_code=profile_code,
        level=baseline.level,
        zone=zone,
        min=low,
        mid=mid,
        max=high,
        currency=baseline.currency,
        interval=baseline.interval,
    )


def _factor(band_set: BandSet, profile_code: str, current: Decimal | None) -> Decimal | None:
    frozen = band_set.pay_factor(profile_code)
    return frozen if frozen is not None or band_set.is_published else current


def derive_band(
    band_set: BandSet,
    *,
    function_code: str,
    profile_code: str | None,
    level: str,
    zone: str,
    pay_factor: Decimal | None = None,
) -> Band | None:
    """The band the structure alone gives (steps 3 and 4 above), ignoring explicit bands.

    `pay_factor` is the profile's current factor: only a draft that gives none uses it.
    """
    percent = band_set.differential(zone)
    if percent is None:
        return None
    zone_scale = percent / _HUNDRED
    step = band_set.round_to
    own = band_set.baseline((function_code, profile_code, level)) if profile_code else None
    if own is not None:
        return _scaled(own, scale=zone_scale, step=step, profile_code=profile_code, zone=zone)
    base = band_set.baseline((function_code, None, level))
    if base is None:
        return None
    factor = None if profile_code is None else _factor(band_set, profile_code, pay_factor)
    if factor is None:
        return _scaled(base, scale=zone_scale, step=step, profile_code=None, zone=zone)
    # One rounding, after both multiplications, so a factor never compounds a rounding.
    scale = zone_scale * factor
    return _scaled(base, scale=scale, step=step, profile_code=profile_code, zone=zone)


def resolve_band(
    band_set: BandSet,
    *,
    function_code: str,
    profile_code: str | None,
    level: str,
    zone: str,
    pay_factor: Decimal | None = None,
) -> Band | None:
    """The band in `band_set` for a profile (or the function when None), level and zone.

    `pay_factor` is the profile's current factor: only a draft that gives none uses it.
    """
    if profile_code is not None:
        own = band_set.band((function_code, profile_code, level, zone))
        if own is not None:
            return own
    explicit = band_set.band((function_code, None, level, zone))
    if explicit is not None:
        return explicit
    return derive_band(
        band_set,
        function_code=function_code,
        profile_code=profile_code,
        level=level,
        zone=zone,
        pay_factor=pay_factor,
    )


def _owners(
    band_set: BandSet, profiles: Iterable[RoleProfile]
) -> list[tuple[str, str | None, str]]:
    """(function, profile, level) for everyone the structure may price: the baselines'
    owners, and every level of each profile the set holds a pay factor for."""
    owners = [(b.function_code, b.profile_code, b.level) for b in band_set.baselines]
    owners.extend(
        (p.function_code, p.code, level.code)
        for p in profiles
        if band_set.pay_factor(p.code) is not None
        for level in p.levels
    )
    return owners


def effective_bands(band_set: BandSet, *, profiles: Iterable[RoleProfile]) -> tuple[Band, ...]:
    """Every band the set yields: its explicit bands, then the derived ones in key order.

    A derived band is listed under its own key only, so a profile that would get the
    function's band adds nothing: readers fall back to the function band, as they do for
    explicit bands.
    """
    profiles = list(profiles)
    # A draft as publication would freeze it; a published set as it was frozen.
    band_set = band_set.with_pay_factors(profiles)
    explicit = {b.key for b in band_set.bands}
    derived: dict[BandKey, Band] = {}
    zones = [d.zone for d in band_set.differentials]
    for function_code, profile_code, level in _owners(band_set, profiles):
        for zone in zones:
            key = (function_code, profile_code, level, zone)
            if key in explicit or key in derived:
                continue
            band = resolve_band(
                band_set,
                function_code=function_code,
                profile_code=profile_code,
                level=level,
                zone=zone,
            )
            if band is not None and band.key == key:
                derived[key] = band
    ordered = sorted(derived.values(), key=lambda b: tuple(part or "" for part in b.key))
    return band_set.bands + tuple(ordered)
