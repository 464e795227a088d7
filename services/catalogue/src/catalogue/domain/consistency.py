"""Rules that span aggregates: every band must point at something that exists."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.domain.exceptions import InvalidData
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import Band
from catalogue.domain.zones import Zone

__all__ = ["band_problems", "check_bands"]


def band_problems(
    bands: Iterable[Band],
    *,
    functions: Iterable[JobFunction],
    profiles: Iterable[RoleProfile],
    zones: Iterable[Zone],
) -> list[str]:
    """One message per band whose function, profile, level or zone is unknown."""
    function_codes = {f.code for f in functions}
    by_code = {p.code: p for p in profiles}
    zone_codes = {z.code for z in zones}
    problems: list[str] = []
    for band in bands:
        where = band.describe()
        if band.function_code not in function_codes:
            problems.append(f"{where}: unknown job function {band.function_code!r}")
        if band.zone not in zone_codes:
            problems.append(f"{where}: unknown zone {band.zone!r}")
        if band.profile_code is None:
            continue
        profile = by_code.get(band.profile_code)
        if profile is None:
            problems.append(f"{where}: unknown profile {band.profile_code!r}")
        elif profile.function_code != band.function_code:
            problems.append(f"{where}: profile belongs to {profile.function_code!r}")
        elif not profile.has_level(band.level):
            problems.append(f"{where}: profile has no level {band.level!r}")
    return problems


def check_bands(
    bands: Iterable[Band],
    *,
    functions: Iterable[JobFunction],
    profiles: Iterable[RoleProfile],
    zones: Iterable[Zone],
) -> None:
    problems = band_problems(bands, functions=functions, profiles=profiles, zones=zones)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidData("; ".join(problems[:5]) + more, field="bands")
