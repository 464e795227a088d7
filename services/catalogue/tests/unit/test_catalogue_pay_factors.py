"""Profiles' pay factors are frozen into a band set at publication, like zone differentials."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.domain import pay
from catalogue.domain.exceptions import InvalidData
from catalogue.domain.model import Level, RoleProfile
from catalogue.domain.pay import Band, BandSet, Baseline, Differential, PayFactor
from catalogue.domain.pay_structure import effective_bands, resolve_band

JAN = datetime(2026, 1, 1, tzinfo=UTC)
PM, CTA = "CLINIC.PM", "CLINIC.CTA"
ZONES = ("US-NYC", "GB")

factors = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(10), places=2)


def profile(code: str, factor: Decimal | None) -> RoleProfile:
    levels = tuple(Level(code=c, name=c) for c in ("M2", "M3"))
    return RoleProfile(code, code, "CLINIC", pay_factor=factor, levels=levels)


def draft(*given: PayFactor, bands: tuple[Band, ...] = ()) -> BandSet:
    amounts = Decimal(100_000), Decimal(120_000), Decimal(140_000)
    return BandSet(
        id="s",
        name="s",
        effective_from=JAN,
        bands=bands,
        baselines=tuple(Baseline("CLINIC", None, lv, *amounts, "USD") for lv in ("M2", "M3")),
        differentials=(Differential("US-NYC", Decimal(120)), Differential("GB", Decimal(75))),
        pay_factors=given,
    )


def mid(band_set: BandSet, profile_code: str, *, current: Decimal | None = None) -> Decimal:
    found = resolve_band(
        band_set,
        function_code="CLINIC",
        profile_code=profile_code,
        level="M2",
        zone="US-NYC",
        pay_factor=current,
    )
    assert found is not None
    return found.mid


def published(band_set: BandSet, profiles: list[RoleProfile]) -> BandSet:
    return pay.publish(band_set, published=[], now=JAN, profiles=profiles)


@given(before=factors, after=st.one_of(st.none(), factors), other=factors)
def test_editing_a_profiles_factor_after_publication_moves_no_band_of_the_set(before, after, other):
    profiles = [profile(PM, before), profile(CTA, other)]
    result = published(draft(), profiles)
    frozen = effective_bands(result, profiles=profiles)
    edited = [profile(PM, after), profile(CTA, other)]
    assert effective_bands(result, profiles=edited) == frozen
    assert mid(result, PM, current=after) == mid(result, PM, current=before)


@given(before=factors, after=factors)
def test_a_draft_follows_the_profiles_factor_until_published(before, after):
    band_set = draft()
    previews = {
        factor: effective_bands(band_set, profiles=[profile(PM, factor)])
        for factor in (before, after)
    }
    assert mid(band_set, PM, current=after) == Decimal(144_000) * after
    published_now = published(band_set, [profile(PM, after)])
    assert effective_bands(published_now, profiles=[profile(PM, before)]) == previews[after]


@given(given_factor=factors, current=st.one_of(st.none(), factors))
def test_a_factor_the_draft_gives_wins_over_the_profiles(given_factor, current):
    band_set = draft(PayFactor(PM, given_factor))
    assert mid(band_set, PM, current=current) == Decimal(144_000) * given_factor
    result = published(band_set, [profile(PM, current)])
    assert result.pay_factor(PM) == given_factor


def test_publication_copies_in_only_the_factors_the_profiles_have():
    profiles = [profile(PM, Decimal("1.06")), profile(CTA, None)]
    result = published(draft(), profiles)
    assert result.pay_factors == (PayFactor(PM, Decimal("1.06")),)
    assert mid(result, CTA, current=Decimal(2)) == Decimal(144_000)  # the function's band
    assert result.with_pay_factors([profile(CTA, Decimal(3))]) == result


def test_a_set_without_baselines_freezes_no_factor():
    explicit = Band("CLINIC", None, "M2", "US-NYC", Decimal(1), Decimal(2), Decimal(3), "USD")
    bands_only = replace(draft(bands=(explicit,)), baselines=())
    result = published(bands_only, [profile(PM, Decimal("1.06"))])
    assert result.pay_factors == ()


def test_effective_bands_price_every_level_of_a_profile_the_set_holds_a_factor_for():
    result = published(draft(PayFactor(PM, Decimal("1.5"))), [profile(PM, None)])
    keys = {b.key for b in effective_bands(result, profiles=[profile(PM, None)])}
    assert {("CLINIC", PM, lv, z) for lv in ("M2", "M3") for z in ZONES} <= keys


@pytest.mark.parametrize("factor", ["0.09", "10.01", "NaN"])
def test_a_factor_outside_the_profiles_range_is_refused(factor):
    with pytest.raises(InvalidData) as error:
        draft(PayFactor(PM, Decimal(factor)))
    assert error.value.field == "pay_factors"


def test_a_profile_given_two_factors_is_refused():
    with pytest.raises(InvalidData, match="appears twice") as error:
        draft(PayFactor(PM, Decimal(1)), PayFactor(PM, Decimal(2)))
    assert error.value.field == "pay_factors"


def test_equal_factors_in_any_order_make_equal_sets():
    one, two = PayFactor(PM, Decimal("1.1")), PayFactor(CTA, Decimal("0.9"))
    assert draft(one, two) == draft(two, one)
    assert draft(one, two).pay_factor(CTA) == Decimal("0.9")
