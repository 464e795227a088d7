"""The one zone rule both the catalogue and the engine use."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from leveling_common.zones import ZoneIndex, normalise_place


@dataclass(frozen=True)
class Place:
    code: str
    country: str
    region: str | None = None
    cities: tuple[str, ...] = ()
    remote: bool = False


ZONES = (
    Place("US-NYC", "US", "NY", ("new york", "brooklyn")),
    Place("US-STL", "US", "MO", ("St. Louis",)),
    Place("US-CA", "US", "CA"),
    Place("US-REMOTE", "US", remote=True),
    Place("US", "US"),
    Place("GB", "GB"),
    Place("US-NYC-COPY", "US", "NY", ("new york",)),
)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"country": "US", "city": "Brooklyn"}, "US-NYC"),
        ({"country": "us", "city": "  BROOKLYN "}, "US-NYC"),
        ({"country": "US", "region": "MO", "city": "St Louis"}, "US-STL"),
        ({"country": "US", "region": "CA", "city": "San Diego"}, "US-CA"),
        ({"country": "US", "region": "TX", "city": "Austin"}, "US"),
        ({"country": "US", "city": "Brooklyn", "remote": True}, "US-REMOTE"),
        ({"country": "GB", "remote": True}, "GB"),
        ({"country": None, "city": "st. louis"}, "US-STL"),
        ({"country": None, "city": "Paris"}, None),
        ({"country": "FR", "city": "Paris"}, None),
    ],
)
def test_a_place_resolves_to_remote_then_metro_then_region_then_country(where, expected):
    zone = ZoneIndex.build(ZONES).resolve(**where)
    assert (zone.code if zone else None) == expected


def test_the_first_zone_listed_wins_a_clash():
    assert ZoneIndex.build(ZONES).resolve(country="US", city="New York").code == "US-NYC"
    reordered = ZoneIndex.build(reversed(ZONES))
    assert reordered.resolve(country="US", city="New York").code == "US-NYC-COPY"


def test_place_names_compare_without_case_dots_or_extra_spaces():
    assert normalise_place("  St.  Louis ") == normalise_place("st louis") == "st louis"
    assert normalise_place(None) == normalise_place("") == ""
