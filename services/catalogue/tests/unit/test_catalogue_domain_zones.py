"""Zone resolution, profile invariants and jurisdictions in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalogue.domain.exceptions import InvalidData, NotFound
from catalogue.domain.model import Level, RoleProfile, YearsRange
from catalogue.domain.zones import Jurisdiction, Zone, jurisdictions_in_force, resolve_zone
from catalogue.seed import seed_content


@pytest.fixture
def zones() -> tuple[Zone, ...]:
    return seed_content()[0].zones


@pytest.mark.parametrize(
    ("country", "region", "city", "remote", "expected"),
    [
        ("US", "NY", "Brooklyn", False, "US-NYC"),
        ("US", "NY", "Buffalo", False, "US-OTHER"),
        ("US", "CA", "South San Francisco", False, "US-SFB"),
        ("US", "CA", "San Diego", False, "US-CA"),
        ("US", "MA", "Cambridge", False, "US-BOS"),
        ("US", "NC", "Durham", False, "US-RDU"),
        ("US", "TX", "Austin", False, "US-OTHER"),
        ("US", "NY", "New York", True, "US-REMOTE"),
        ("GB", None, "London", False, "GB-LON"),
        ("GB", None, "Manchester", False, "GB"),
        ("GB", None, None, True, "GB"),
        ("DE", None, "Berlin", False, "DE"),
        ("FR", None, "Paris", False, None),
    ],
)
def test_a_location_resolves_to_metro_then_region_then_country(
    zones, country, region, city, remote, expected
):
    zone = resolve_zone(zones, country=country, region=region, city=city, remote=remote)
    assert (zone.code if zone else None) == expected


def test_a_zone_refuses_a_non_positive_differential_and_a_remote_metro():
    with pytest.raises(InvalidData, match="differential"):
        Zone(code="X", name="x", country="US", differential=Decimal(0))
    with pytest.raises(InvalidData, match="remote"):
        Zone(code="X", name="x", country="US", remote=True, cities=("boston",))
    with pytest.raises(InvalidData, match="alpha-2"):
        Zone(code="X", name="x", country="USA")


def test_jurisdictions_in_force_follow_their_effective_dates():
    rules = [
        Jurisdiction("US-CO", "Colorado", "US", date(2021, 1, 1), region="CO"),
        Jurisdiction("EU-DE", "Germany", "DE", date(2026, 6, 7)),
        Jurisdiction("OLD", "Repealed", "US", date(2020, 1, 1), effective_to=date(2022, 1, 1)),
    ]

    def codes(on: date) -> list[str]:
        return [r.code for r in jurisdictions_in_force(rules, on)]

    assert codes(date(2021, 6, 1)) == ["US-CO", "OLD"]
    assert codes(date(2025, 1, 1)) == ["US-CO"]
    assert codes(date(2026, 6, 7)) == ["US-CO", "EU-DE"]
    with pytest.raises(InvalidData, match="after effective_from"):
        Jurisdiction("X", "x", "US", date(2025, 1, 1), effective_to=date(2025, 1, 1))


def test_a_profile_orders_its_levels_and_refuses_duplicates():
    profile = RoleProfile(
        code="F.P", name="P", function_code="F", levels=(Level("M3"), Level("P1"), Level("M1"))
    )
    assert [lv.code for lv in profile.levels] == ["M1", "M3", "P1"]
    assert profile.tracks == ("M", "P")
    with pytest.raises(InvalidData, match="duplicate"):
        RoleProfile(code="F.P", name="P", function_code="F", levels=(Level("M1"), Level("M1")))
    with pytest.raises(NotFound):
        profile.level("M2")


def test_a_level_code_needs_a_track_letter_and_a_rank():
    for code in ("X1", "M0", "M", "m1", "M100"):
        with pytest.raises(InvalidData, match="track letter"):
            Level(code)


def test_typical_years_refuse_an_inverted_range():
    with pytest.raises(InvalidData, match="low must not exceed high"):
        YearsRange(8, 5)
