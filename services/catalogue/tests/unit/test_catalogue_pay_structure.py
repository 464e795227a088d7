"""How a band is resolved from a band set's explicit bands and its pay structure."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.domain import pay
from catalogue.domain.exceptions import InvalidData
from catalogue.domain.pay import Band, BandSet, Baseline, Differential
from catalogue.domain.pay_structure import effective_bands, resolve_band
from catalogue.domain.zones import Zone

JAN = datetime(2026, 1, 1, tzinfo=UTC)
PM = "CLINIC.PM"


def baseline(mid: int, *, profile: str | None = None, level: str = "M2") -> Baseline:
    return Baseline(
        "CLINIC", profile, level, Decimal(mid - 20), Decimal(mid), Decimal(mid + 20), "USD"
    )


def band(mid: int, *, profile: str | None = None, zone: str = "US-NYC") -> Band:
    amounts = Decimal(mid - 20), Decimal(mid), Decimal(mid + 20)
    return Band("CLINIC", profile, "M2", zone, *amounts, "USD")


def structure(*baselines: Baseline, bands: tuple[Band, ...] = (), **percent: int) -> BandSet:
    differentials = tuple(Differential(z.replace("_", "-"), Decimal(p)) for z, p in percent.items())
    return BandSet(
        id="s",
        name="s",
        effective_from=JAN,
        bands=bands,
        baselines=baselines,
        differentials=differentials,
    )


def resolve(
    band_set: BandSet, *, profile: str | None = PM, zone: str = "US-NYC", factor: str | None = None
) -> Band | None:
    return resolve_band(
        band_set,
        function_code="CLINIC",
        profile_code=profile,
        level="M2",
        zone=zone,
        pay_factor=None if factor is None else Decimal(factor),
    )


def mids(found: Band | None) -> tuple[str | None, Decimal] | None:
    return None if found is None else (found.profile_code, found.mid)


def test_an_explicit_profile_band_wins_over_everything_derived():
    band_set = structure(
        baseline(100), baseline(200, profile=PM), bands=(band(999, profile=PM),), US_NYC=120
    )
    assert mids(resolve(band_set, factor="1.5")) == (PM, Decimal(999))


def test_an_explicit_function_band_for_the_zone_wins_over_derived_profile_pay():
    band_set = structure(baseline(100), baseline(200, profile=PM), bands=(band(500),), US_NYC=120)
    assert mids(resolve(band_set, factor="1.5")) == (None, Decimal(500))


def test_a_profile_baseline_beats_the_function_baseline_and_ignores_the_pay_factor():
    band_set = structure(baseline(100), baseline(200, profile=PM), US_NYC=120)
    assert mids(resolve(band_set, factor="1.5")) == (PM, Decimal(240))


def test_the_pay_factor_applies_to_the_function_baseline_and_makes_the_band_the_profiles():
    band_set = structure(baseline(100), US_NYC=120)
    assert mids(resolve(band_set, factor="1.5")) == (PM, Decimal(180))
    assert mids(resolve(band_set)) == (None, Decimal(120))
    assert mids(resolve(band_set, profile=None, factor="1.5")) == (None, Decimal(120))


def test_a_derived_band_keeps_the_baselines_currency_and_interval_and_rounds_half_up():
    base = Baseline(
        "CLINIC", None, "M2", Decimal(1001), Decimal(1250), Decimal(1999), "EUR", "hour"
    )
    band_set = pay.BandSet(
        id="s",
        name="s",
        effective_from=JAN,
        baselines=(base,),
        differentials=(Differential("DE", Decimal(110)),),
        round_to=Decimal(5),
    )
    found = resolve(band_set, zone="DE")
    assert found is not None
    # 1101.1 -> 1100, 1375 -> 1375, 2198.9 -> 2200
    assert (found.min, found.mid, found.max) == (Decimal(1100), Decimal(1375), Decimal(2200))
    assert (found.currency, found.interval, found.zone) == ("EUR", "hour", "DE")


def test_missing_pieces_resolve_to_no_band():
    assert resolve(structure(baseline(100))) is None  # no differential for the zone
    assert resolve(structure(US_NYC=120)) is None  # no baseline
    assert resolve(structure(baseline(100, level="M3"), US_NYC=120)) is None  # other level
    assert resolve(structure(baseline(100), US_NYC=120), zone="GB") is None


@given(
    mid=st.integers(min_value=1_000, max_value=10_000_000),
    percent=st.integers(min_value=5, max_value=2000),
    factor=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(10), places=2),
)
def test_a_derived_band_is_the_baseline_times_differential_and_factor_rounded(mid, percent, factor):
    band_set = structure(baseline(mid), US_NYC=percent)
    found = resolve(band_set, factor=str(factor))
    assert found is not None
    exact = Decimal(mid) * percent / 100 * factor
    assert abs(found.mid - exact) <= Decimal("0.5")
    assert found.min <= found.mid <= found.max


@given(
    explicit=st.sets(st.sampled_from(["US-NYC", "GB"])),
    percents=st.dictionaries(st.sampled_from(["US-NYC", "GB", "DE"]), st.integers(50, 200)),
)
def test_effective_bands_list_exactly_what_resolution_answers(explicit, percents):
    band_set = BandSet(
        id="s",
        name="s",
        effective_from=JAN,
        bands=tuple(band(300, zone=z) for z in sorted(explicit)),
        baselines=(baseline(100), baseline(200, profile=PM)),
        differentials=tuple(Differential(z, Decimal(p)) for z, p in percents.items()),
    )
    listed = {b.key: b for b in effective_bands(band_set, profiles=[])}
    for zone in ("US-NYC", "GB", "DE"):
        for profile in (None, PM):
            found = resolve(band_set, profile=profile, zone=zone)
            # Readers look the profile up, then fall back to the function band.
            seen = listed.get(("CLINIC", profile, "M2", zone)) or listed.get(
                ("CLINIC", None, "M2", zone)
            )
            assert seen == found


def test_a_published_set_keeps_the_differentials_it_had_even_when_zones_change():
    zones = [Zone("US-NYC", "NYC", "US", differential=Decimal("1.20")), Zone("GB", "UK", "GB")]
    draft = structure(baseline(100), US_NYC=125)
    result = pay.publish(draft, published=[], now=JAN, zones=zones)
    assert {d.zone: d.percent for d in result.differentials} == {
        "US-NYC": Decimal(125),
        "GB": Decimal(100),
    }
    moved = [Zone("GB", "UK", "GB", differential=Decimal("0.5")), Zone("DE", "DE", "DE")]
    assert result.with_zone_differentials(moved) == result


def test_a_band_set_refuses_a_duplicate_baseline_or_differential_and_a_bad_rounding_step():
    with pytest.raises(InvalidData, match="appears twice") as error:
        structure(baseline(100), baseline(120))
    assert error.value.field == "baselines"
    with pytest.raises(InvalidData, match="appears twice") as error:
        BandSet(
            id="s",
            name="s",
            effective_from=JAN,
            differentials=(Differential("GB", Decimal(90)), Differential("GB", Decimal(95))),
        )
    assert error.value.field == "differentials"
    with pytest.raises(InvalidData, match="round_to"):
        BandSet(id="s", name="s", effective_from=JAN, round_to=Decimal("0.001"))


@pytest.mark.parametrize(
    ("amounts", "currency", "message"),
    [
        ((Decimal(130), Decimal(100), Decimal(120)), "USD", "min <= mid <= max"),
        ((Decimal(-1), Decimal(100), Decimal(120)), "USD", "positive"),
        ((Decimal(90), Decimal(100), Decimal(120)), "XYZ", "ISO 4217"),
    ],
)
def test_a_baseline_is_validated_like_a_band(amounts, currency, message):
    with pytest.raises(InvalidData, match=message):
        Baseline("CLINIC", None, "M2", *amounts, currency)


def test_a_differential_outside_the_zone_tables_range_is_refused():
    with pytest.raises(InvalidData, match="between 5 and 2000"):
        Differential("GB", Decimal(4))
