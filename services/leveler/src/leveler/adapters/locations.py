"""Free-text ATS locations ("New York, NY, United States", "Remote - US") → canonical parts."""

from __future__ import annotations

import re

from leveling_common.events import Location

__all__ = ["country_code", "parse_location"]

_US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH",
    "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
_US_CODES = frozenset(_US_STATES.values())

_COUNTRIES = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u.s.": "US", "u.s.a.": "US", "america": "US",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "gb": "GB",
    "germany": "DE", "deutschland": "DE", "france": "FR", "ireland": "IE", "spain": "ES",
    "italy": "IT", "netherlands": "NL", "the netherlands": "NL", "belgium": "BE",
    "switzerland": "CH", "austria": "AT", "sweden": "SE", "denmark": "DK", "norway": "NO",
    "finland": "FI", "poland": "PL", "portugal": "PT", "czech republic": "CZ", "czechia": "CZ",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "india": "IN", "china": "CN",
    "japan": "JP", "singapore": "SG", "australia": "AU", "new zealand": "NZ",
    "israel": "IL", "south africa": "ZA",
}  # fmt: skip

# Offices are often named by city alone; these resolve without a country in the text.
_KNOWN_CITIES = {
    "new york": ("New York", "NY", "US"), "new york city": ("New York", "NY", "US"),
    "nyc": ("New York", "NY", "US"), "boston": ("Boston", "MA", "US"),
    "raleigh": ("Raleigh", "NC", "US"), "durham": ("Durham", "NC", "US"),
    "san francisco": ("San Francisco", "CA", "US"), "london": ("London", None, "GB"),
    "berlin": ("Berlin", None, "DE"), "munich": ("Munich", None, "DE"),
}  # fmt: skip

_REMOTE = re.compile(r"\b(?:remote|anywhere|work from home|wfh)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,/|;()]|\s-\s|\u2013|\u2014)\s*")


def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 for a country name or code; None when not a country we know."""
    cleaned = text.strip().lower()
    if cleaned in _COUNTRIES:
        return _COUNTRIES[cleaned]
    if len(cleaned) == 2 and cleaned.isalpha() and cleaned.upper() not in _US_CODES:
        return cleaned.upper()
    return None


def _state(text: str) -> str | None:
    cleaned = text.strip()
    if cleaned.upper() in _US_CODES and len(cleaned) == 2:
        return cleaned.upper()
    return _US_STATES.get(cleaned.lower())


def _parts(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text) if part and part.strip()]


Parts = tuple[str | None, str | None, str | None]


def _with_country(rest: list[str], country: str) -> Parts:
    if not rest:
        return None, None, country
    region = rest[1] if len(rest) > 1 else None
    if country == "US" and region is not None:
        region = _state(region) or region
    return rest[0], region, country


def _from_parts(parts: list[str]) -> Parts:
    """(city, region, country) from separated parts, most specific first."""
    if not parts:
        return None, None, None
    known = _KNOWN_CITIES.get(", ".join(parts).lower())
    if known is not None:
        return known
    last = parts[-1]
    state = _state(last)
    if state is not None:
        return (parts[0] if len(parts) > 1 else None), state, "US"
    country = country_code(last)
    if country is None:
        return parts[0], None, None
    return _with_country(parts[:-1], country)


def parse_location(text: str | None, *, remote: bool = False) -> Location:
    """Best-effort parse; the original text is kept as the location name."""
    if not text or not text.strip():
        return Location(remote=remote)
    name = text.strip()
    is_remote = remote or bool(_REMOTE.search(name))
    city, region, country = _from_parts(_parts(_REMOTE.sub(" ", name)))
    if is_remote and city is not None and country is None and region is None:
        city = None
    return Location(name=name, city=city, region=region, country=country, remote=is_remote)
