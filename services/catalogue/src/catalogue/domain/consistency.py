"""Rules that span aggregates: every band must point at something that exists."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.domain.exceptions import InvalidData
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import Band, BandSet, Baseline
from catalogue.domain.pay_structure import effective_bands
from catalogue.domain.zones import Zone

__all__ = ["band_problems", "check_band_set", "check_bands"]


def _owner_problems(
    item: Band | Baseline, function_codes: set[str], by_code: dict[str, RoleProfile]
) -> list[str]:
    where = item.describe()
    problems: list[str] = []
    if item.function_code not in function_codes:
        problems.append(f"{where}: unknown job function {item.function_code!r}")
    if item.profile_code is None:
        return problems
    profile = by_code.get(item.profile_code)
    if profile is None:
        problems.append(f"{where}: unknown profile {item.profile_code!r}")
    elif profile.function_code != item.function_code:
        problems.append(f"{where}: profile belongs to {profile.function_code!r}")
    elif not profile.has_level(item.level):
        problems.append(f"{where}: profile has no level {item.level!r}")
    return problems


def band_problems(
    bands: Iterable[Band | Baseline],
    *,
    functions: Iterable[JobFunction],
    profiles: Iterable[RoleProfile],
    zones: Iterable[Zone],
) -> list[str]:
    """One message per band (or baseline) whose function, profile, level or zone is unknown."""
    function_codes = {f.code for f in functions}
    by_code = {p.code: p for p in profiles}
    zone_codes = {z.code for z in zones}
    problems: list[str] = []
    for band in bands:
        if isinstance(band, Band) and band.zone not in zone_codes:
            problems.append(f"{band.describe()}: unknown zone {band.zone!r}")
        problems.extend(_owner_problems(band, function_codes, by_code))
    return problems


def _raise(problems: list[str], field: str) -> None:
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidData("; ".join(problems[:5]) + more, field=field)


def check_bands(
    bands: Iterable[Band],
    *,
    functions: Iterable[JobFunction],
    profiles: Iterable[RoleProfile],
    zones: Iterable[Zone],
) -> None:
    _raise(band_problems(bands, functions=functions, profiles=profiles, zones=zones), "bands")


def check_band_set(
    band_set: BandSet,
    *,
    functions: Iterable[JobFunction],
    profiles: Iterable[RoleProfile],
    zones: Iterable[Zone],
) -> None:
    """Explicit bands, baselines, differentials and pay factors point at what exists, and every band
    the structure derives (with the zone table filling gaps, as publication will) is valid."""
    functions, profiles, zones = list(functions), list(profiles), list(zones)
    check_bands(band_set.bands, functions=functions, profiles=profiles, zones=zones)
    baselines = band_problems(
        band_set.baselines, functions=functions, profiles=profiles, zones=zones
    )
    _raise(baselines, "baselines")
    zone_codes = {z.code for z in zones}
    unknown = [d.zone for d in band_set.differentials if d.zone not in zone_codes]
    _raise([f"differential for unknown zone {code!r}" for code in unknown], "differentials")
    profile_codes = {p.code for p in profiles}
    strangers = [
        f.profile_code for f in band_set.pay_factors if f.profile_code not in profile_codes
    ]
    _raise([f"pay factor for unknown profile {code!r}" for code in strangers], "pay_factors")
    try:
        effective_bands(band_set.with_zone_differentials(zones), profiles=profiles)
    except InvalidData as error:
        raise InvalidData(f"a derived {error}", field="baselines") from error
