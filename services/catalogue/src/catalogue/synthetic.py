"""A synthetic company architecture: the shape of a large catalogue, for the workbook round
trip's test and benchmark.

`architecture(200)` is 200 role profiles over ten functions, half on each track, five
levels each, six zones, a published band set with a band for every profile, level and zone,
and a draft pay structure (baselines, US differentials, pay factors, one override).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from catalogue.domain.model import JobFunction, Level, RoleProfile, Rubric, YearsRange
from catalogue.domain.pay import Band, BandSet, Baseline, Differential, PayFactor
from catalogue.domain.zones import Zone
from catalogue.service_layer.exchange import CatalogueContent

__all__ = ["ZONES", "architecture", "structured"]

ZONES = (
    Zone("US-NYC", "New York City", "US", "NY", ("new york",), differential=Decimal("1.2")),
    Zone("US-SFO", "San Francisco", "US", "CA", ("san francisco",), differential=Decimal("1.25")),
    Zone("US-OTHER", "US other states", "US"),
    Zone("US-REMOTE", "US remote", "US", remote=True, differential=Decimal("0.95")),
    Zone("GB", "United Kingdom", "GB", differential=Decimal("0.62")),
    Zone("DE", "Germany", "DE", differential=Decimal("0.7")),
)
_CURRENCY = {"GB": "GBP", "DE": "EUR"}


def _level(track: str, rank: int) -> Level:
    return Level(
        code=f"{track}{rank}",
        name=f"Level {rank}",
        scope=f"scope step {rank}",
        years=YearsRange(float(2 * rank - 2), float(2 * rank + 1)),
        rubric=Rubric(f"knows step {rank}", f"solves step {rank}", f"works with step {rank}"),
        responsibilities=tuple(f"Does duty {duty} at step {rank}" for duty in range(5)),
    )


def architecture(profiles: int = 200) -> CatalogueContent:
    """`profiles` role profiles over ten functions, half on each track, with a published
    band set for every profile, level and zone."""
    functions = tuple(JobFunction(f"FN{n}", f"Function {n}") for n in range(10))
    roles = tuple(
        RoleProfile(
            code=f"FN{n % 10}.ROLE{n:03d}",
            name=f"Role {n}",
            function_code=f"FN{n % 10}",
            description=f"What role {n} does, in a sentence or two.",
            aliases=(f"Role {n} Specialist", f"Role {n} Lead"),
            levels=tuple(_level("P" if n % 2 else "M", rank) for rank in range(1, 6)),
        )
        for n in range(profiles)
    )
    bands = tuple(
        Band(
            function_code=role.function_code,
            profile_code=role.code,
            level=level.code,
            zone=zone.code,
            min=Decimal(60_000 + 10_000 * level.rank),
            mid=Decimal(75_000 + 10_000 * level.rank),
            max=Decimal(90_000 + 10_000 * level.rank),
            currency=_CURRENCY.get(zone.country, "USD"),
        )
        for role in roles
        for level in role.levels
        for zone in ZONES
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    band_set = BandSet(
        "bs-2026", "2026 bands", start, "published", bands, created_at=start, published_at=start
    )
    return CatalogueContent(
        functions=functions,
        profiles=roles,
        zones=ZONES,
        default_zone="US-OTHER",
        band_sets=(band_set, structured(functions, roles[:3])),
    )


def structured(functions: tuple[JobFunction, ...], roles: tuple[RoleProfile, ...]) -> BandSet:
    """A draft pay structure: function baselines per level, US differentials, the first
    roles' pay factors, an override for the first role."""
    role = roles[0]
    baselines = tuple(
        Baseline(
            f.code,
            None,
            f"{track}{rank}",
            Decimal(60_000 + 10_000 * rank),
            Decimal("75000.50") + 10_000 * rank,
            Decimal(90_000 + 10_000 * rank),
            "USD",
        )
        for f in functions
        for track in "MP"
        for rank in range(1, 6)
    )
    override = Band(
        role.function_code, role.code, role.levels[0].code, "GB",
        Decimal(40_000), Decimal(50_000), Decimal(60_000), "GBP",
    )  # fmt: skip
    return BandSet(
        "bs-2027",
        "2027 structure",
        datetime(2027, 1, 1, tzinfo=UTC),
        bands=(override,),
        baselines=baselines,
        differentials=tuple(
            Differential(z.code, z.differential * 100) for z in ZONES if z.country == "US"
        ),
        round_to=Decimal(500),
        created_at=datetime(2026, 6, 1, tzinfo=UTC),
        pay_factors=tuple(
            PayFactor(r.code, Decimal("1.0625") + Decimal("0.1") * n) for n, r in enumerate(roles)
        ),
    )
