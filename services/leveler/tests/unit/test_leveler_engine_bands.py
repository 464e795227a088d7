"""Pay zones from locations, and the band in force at an instant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from leveler.domain.catalogue import Band, BandSet, Catalogue
from leveler.domain.engine import band_for, build_index
from leveler.domain.requisition import Location

AT = datetime(2026, 6, 1, tzinfo=UTC)


def _zone(catalogue: Catalogue, location: Location) -> str | None:
    zone = build_index(catalogue).zones.resolve(location)
    return zone.code if zone else None


@pytest.mark.parametrize(
    ("location", "zone"),
    [
        (Location(city="New York", region="NY", country="US"), "US-NYC"),
        (Location(city="new  york", country="us"), "US-NYC"),
        (Location(city="Buffalo", region="NY", country="US"), "US-OTHER"),
        (Location(city="San Diego", region="CA", country="US"), "US-CA"),
        (Location(city="Austin", region="TX", country="US"), "US-OTHER"),
        (Location(city="New York", region="NY", country="US", remote=True), "US-REMOTE"),
        (Location(name="Remote - United States", country="US"), "US-REMOTE"),
        (Location(city="Berlin", country="DE"), "DE"),
        (Location(name="New York, NY, United States"), "US-NYC"),
        (Location(city="Paris", country="FR"), "US-OTHER"),
        (Location(), "US-OTHER"),
    ],
)
def test_zone_comes_from_city_then_region_then_country_then_default(
    small_catalogue: Callable[..., Catalogue], location: Location, zone: str
) -> None:
    assert _zone(small_catalogue(), location) == zone


def test_no_zone_without_a_match_or_a_default(small_catalogue: Callable[..., Catalogue]) -> None:
    assert _zone(small_catalogue(default_zone=None), Location(country="FR")) is None


def _two_sets(catalogue: Catalogue, widget_band: Callable[..., Band], **second: Any) -> Catalogue:
    newer = BandSet(
        id="bs-2",
        name="Second",
        effective_from=second.get("effective_from", datetime(2026, 7, 1, tzinfo=UTC)),
        effective_to=second.get("effective_to"),
        bands=(widget_band("M2", "US-OTHER", 200_000),),
    )
    return replace(catalogue, band_sets=(catalogue.band_sets[0], newer))


def _first(bands: tuple[Band, ...]) -> BandSet:
    return BandSet(
        id="bs-1", name="First", effective_from=datetime(2026, 1, 1, tzinfo=UTC), bands=bands
    )


def _lookup(catalogue: Catalogue, at: datetime, level: str = "M2") -> str | None:
    choice = band_for(
        build_index(catalogue),
        profile_code="W.WIDGET",
        level=level,
        location=Location(city="Austin", region="TX", country="US"),
        at=at,
    )
    return None if choice is None else f"{choice.band_set_id}:{choice.mid}"


def test_the_latest_published_band_set_started_by_the_instant_is_in_force(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    catalogue = _two_sets(small_catalogue(), widget_band)
    assert _lookup(catalogue, datetime(2026, 6, 30, 23, 59, tzinfo=UTC)) == "bs-1:140000"
    assert _lookup(catalogue, datetime(2026, 7, 1, tzinfo=UTC)) == "bs-2:200000"


def test_no_band_before_the_first_band_set(small_catalogue: Callable[..., Catalogue]) -> None:
    assert _lookup(small_catalogue(), datetime(2025, 12, 31, tzinfo=UTC)) is None


def test_no_band_after_the_band_set_in_force_has_ended(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    ended = datetime(2026, 8, 1, tzinfo=UTC)
    catalogue = _two_sets(small_catalogue(), widget_band, effective_to=ended)
    assert _lookup(catalogue, datetime(2026, 7, 15, tzinfo=UTC)) == "bs-2:200000"
    assert _lookup(catalogue, ended) is None


def test_an_instant_without_a_zone_is_read_as_utc(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    catalogue = _two_sets(small_catalogue(), widget_band)
    assert _lookup(catalogue, datetime(2026, 7, 1)) == "bs-2:200000"


def test_a_level_missing_from_the_set_in_force_has_no_band(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    catalogue = _two_sets(small_catalogue(), widget_band)
    assert _lookup(catalogue, datetime(2026, 7, 2, tzinfo=UTC), level="M1") is None


def test_the_profile_band_wins_over_the_function_baseline(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    bands = (
        widget_band("M2", "US-OTHER", 90_000, profile=None),
        widget_band("M2", "US-OTHER", 150_000),
    )
    catalogue = small_catalogue(band_sets=(_first(bands),))
    assert _lookup(catalogue, AT) == "bs-1:150000"


def test_the_function_baseline_band_applies_when_the_profile_has_none(
    small_catalogue: Callable[..., Catalogue], widget_band: Callable[..., Band]
) -> None:
    bands = (widget_band("M2", "US-OTHER", 90_000, profile=None),)
    catalogue = small_catalogue(band_sets=(_first(bands),))
    assert _lookup(catalogue, AT) == "bs-1:90000"


def test_a_band_with_min_above_mid_is_never_offered(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    broken = Band(
        profile_code="W.WIDGET",
        function_code="W",
        level="M2",
        zone="US-OTHER",
        min=Decimal(130),
        mid=Decimal(120),
        max=Decimal(140),
        currency="USD",
    )
    catalogue = small_catalogue(band_sets=(_first((broken,)),))
    index = build_index(catalogue)
    assert _lookup(catalogue, AT) is None
    assert index.problems == ("band not ordered: bs-1:W.WIDGET:M2:US-OTHER",)


def test_band_choice_reports_zone_set_and_effective_date(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    choice = band_for(
        build_index(small_catalogue()),
        profile_code="W.WIDGET",
        level="M3",
        location=Location(city="New York", region="NY", country="US"),
        at=AT,
    )
    assert choice is not None
    assert (choice.zone, choice.band_set_id, choice.effective_from) == (
        "US-NYC",
        "bs-1",
        date(2026, 1, 1),
    )
    assert (choice.min, choice.mid, choice.max) == (
        Decimal(128000),
        Decimal(160000),
        Decimal(192000),
    )


def test_band_for_an_unknown_profile_is_none(small_catalogue: Callable[..., Catalogue]) -> None:
    index = build_index(small_catalogue())
    assert band_for(index, profile_code="NOPE", level="M1", location=Location(), at=AT) is None
