"""Flags about the posting itself: pay-transparency rules and the level the requester asked for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from leveler.domain.catalogue import Jurisdiction
from leveler.domain.outcome import (
    FLAG_OPEN_ENDED_RANGE,
    FLAG_POSTED_RANGE_NOT_COMPARABLE,
    FLAG_POSTED_RANGE_OUTSIDE_BAND,
    FLAG_RANGE_REQUIRED_MISSING,
    FLAG_REQUESTED_LEVEL_DIFFERS,
    BandChoice,
)
from leveler.domain.requisition import Location, PayRange

__all__ = ["applicable_jurisdictions", "in_currency", "range_flags", "requested_level_flags"]


def _words(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def _covers(rule: Jurisdiction, remote: bool, country: str, region: str, city: str) -> bool:
    """Whether `rule` covers a location (country upper-cased, region and city as `_words`)."""
    if remote and rule.covers_remote and country in ("", rule.country):
        return True
    if country != rule.country:
        return False
    if rule.region is not None and _words(rule.region) != region:
        return False
    return rule.city is None or _words(rule.city) == city


def applicable_jurisdictions(
    rules: Iterable[Jurisdiction], location: Location, day: date
) -> list[Jurisdiction]:
    """Rules in force on `day` that cover the location (or, for remote jobs, remote hiring)."""
    country = (location.country or "").upper()
    region, city = _words(location.region), _words(location.city)
    return [
        rule
        for rule in rules
        if rule.in_force(day) and _covers(rule, location.remote, country, region, city)
    ]


def _amount(value: Decimal | None) -> Decimal | None:
    return value if value is not None and value.is_finite() else None


def in_currency(
    amount: Decimal | None, source: str, target: str, rates: Mapping[str, Decimal]
) -> Decimal | None:
    """`amount` of `source` in `target`, through US dollars at `rates` (units per dollar);
    None when either rate is unknown."""
    if amount is None or source == target:
        return amount
    per_usd = {**rates, "USD": Decimal(1)}
    if source not in per_usd or target not in per_usd:
        return None
    return amount / per_usd[source] * per_usd[target]


def _outside(posted: PayRange, band: BandChoice, rates: Mapping[str, Decimal]) -> list[str]:
    source = posted.currency.upper()
    low = in_currency(posted.min, source, band.currency, rates)
    high = in_currency(posted.max, source, band.currency, rates)
    convertible = (low is None) == (posted.min is None) and (high is None) == (posted.max is None)
    if not convertible or posted.interval != band.interval:
        return [FLAG_POSTED_RANGE_NOT_COMPARABLE]
    below = low is not None and low < band.min
    above = high is not None and high > band.max
    return [FLAG_POSTED_RANGE_OUTSIDE_BAND] if below or above else []


def range_flags(
    posted: PayRange | None,
    band: BandChoice | None,
    rules: list[Jurisdiction],
    rates: Mapping[str, Decimal] | None = None,
) -> list[str]:
    """Pay-transparency flags for a posting under the rules that apply to it.

    A range is missing when a rule applies and nothing (or no amount) is posted. A range
    without a maximum is always open-ended; one without a minimum only where a rule forbids
    open-ended ranges (New York City requires both ends). A range in another currency than
    the band's is compared once converted at the catalogue's `rates`; without a rate for
    either currency, or in another pay interval, it is not comparable.
    """
    if posted is not None:
        posted = PayRange(
            _amount(posted.min), _amount(posted.max), posted.currency, posted.interval
        )
    if posted is None or (posted.min is None and posted.max is None):
        return [FLAG_RANGE_REQUIRED_MISSING] if rules else []
    flags: list[str] = []
    forbids = any(rule.forbids_open_ended for rule in rules)
    if posted.max is None or (posted.min is None and forbids):
        flags.append(FLAG_OPEN_ENDED_RANGE)
    if band is not None:
        flags.extend(_outside(posted, band, rates or {}))
    return flags


def requested_level_flags(requested: str | None, level: str | None) -> list[str]:
    if requested is None or not requested.strip() or level is None:
        return []
    same = requested.strip().upper() == level.upper()
    return [] if same else [FLAG_REQUESTED_LEVEL_DIFFERS]
