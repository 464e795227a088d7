import pytest

from leveler.adapters.locations import parse_location


@pytest.mark.parametrize(
    ("text", "city", "region", "country", "remote"),
    [
        ("New York, NY, United States", "New York", "NY", "US", False),
        ("London, United Kingdom", "London", None, "GB", False),
        ("London, England, United Kingdom", "London", "England", "GB", False),
        ("Remote - US", None, None, "US", True),
        ("Remote \u2013 United Kingdom", None, None, "GB", True),
        ("US Remote", None, None, "US", True),
        ("Remote, NY", None, "NY", "US", True),
        ("Remote", None, None, None, True),
        ("San Francisco, CA", "San Francisco", "CA", "US", False),
        ("Boston, Massachusetts, USA", "Boston", "MA", "US", False),
        ("Berlin, Germany", "Berlin", None, "DE", False),
        ("Toronto, ON, Canada", "Toronto", "ON", "CA", False),
        ("New York", "New York", "NY", "US", False),
        ("Germany", None, None, "DE", False),
        ("Springfield", "Springfield", None, None, False),
    ],
)
def test_location_strings_are_split_into_city_region_and_country(
    text, city, region, country, remote
):
    location = parse_location(text)

    assert (location.city, location.region, location.country, location.remote) == (
        city,
        region,
        country,
        remote,
    )
    assert location.name == text


def test_no_location_is_an_empty_location():
    assert parse_location(None).name is None
    assert parse_location("  ").country is None
