"""Flags: pay-transparency rules, the requested level, and why a decision needs review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from leveler.domain.catalogue import Catalogue, Jurisdiction
from leveler.domain.engine import build_index, decide
from leveler.domain.flags import applicable_jurisdictions, range_flags, requested_level_flags
from leveler.domain.outcome import BandChoice, Outcome
from leveler.domain.requisition import Location, PayRange, Requisition

AT = datetime(2026, 11, 1, tzinfo=UTC)
AUSTIN = Location(city="Austin", region="TX", country="US")
DENVER = Location(city="Denver", region="CO", country="US")
NEW_YORK = Location(city="New York", region="NY", country="US")
REMOTE_US = Location(country="US", remote=True)
BERLIN = Location(city="Berlin", country="DE")
WIDGET_TEXT = (
    "Manages widget assembly lines, widget quality and plant throughput. "
    "Coordinates widget assembly stage 2 for the plant. Manage a team of 6 assemblers."
)


def _requisition(**changes: Any) -> Requisition:
    fields: dict[str, Any] = {
        "title": "Widget Assembly Manager",
        "description": WIDGET_TEXT,
        "location": AUSTIN,
        "posted_range": PayRange(Decimal(120_000), Decimal(160_000), "USD"),
    }
    fields.update(changes)
    return Requisition(**fields)


@pytest.fixture
def decide_widget(small_catalogue: Callable[..., Catalogue]) -> Callable[..., Outcome]:
    index = build_index(small_catalogue())

    def run(at: datetime = AT, **changes: Any) -> Outcome:
        return decide(_requisition(**changes), index, at=at)

    return run


def test_a_widget_requisition_is_leveled_without_flags(
    decide_widget: Callable[..., Outcome],
) -> None:
    outcome = decide_widget()
    assert (outcome.profile_code, outcome.level, outcome.flags) == ("W.WIDGET", "M2", ())
    assert outcome.status == "auto_approved"


def test_posted_range_above_the_band_is_flagged(decide_widget: Callable[..., Outcome]) -> None:
    posted = PayRange(Decimal(120_000), Decimal(200_000), "USD")
    assert decide_widget(posted_range=posted).flags == ("posted_range_outside_band",)


def test_posted_range_below_the_band_is_flagged(decide_widget: Callable[..., Outcome]) -> None:
    posted = PayRange(Decimal(90_000), Decimal(150_000), "USD")
    assert decide_widget(posted_range=posted).flags == ("posted_range_outside_band",)


def test_posted_range_in_another_currency_cannot_be_compared(
    decide_widget: Callable[..., Outcome],
) -> None:
    posted = PayRange(Decimal(120_000), Decimal(150_000), "EUR")
    assert decide_widget(posted_range=posted).flags == ("posted_range_not_comparable",)


def test_missing_range_where_a_rule_applies_is_flagged(
    decide_widget: Callable[..., Outcome],
) -> None:
    assert decide_widget(location=DENVER, posted_range=None).flags == ("range_required_missing",)


def test_missing_range_where_no_rule_applies_is_not_flagged(
    decide_widget: Callable[..., Outcome],
) -> None:
    assert decide_widget(location=AUSTIN, posted_range=None).flags == ()


def test_remote_jobs_fall_under_rules_that_cover_remote_work(
    decide_widget: Callable[..., Outcome],
) -> None:
    assert decide_widget(location=REMOTE_US, posted_range=None).flags == ("range_required_missing",)


def test_rules_apply_only_from_their_effective_date(
    decide_widget: Callable[..., Outcome],
) -> None:
    before = datetime(2026, 6, 6, tzinfo=UTC)
    assert decide_widget(at=before, location=BERLIN, posted_range=None).flags == ()
    assert decide_widget(location=BERLIN, posted_range=None).flags == ("range_required_missing",)


def test_a_range_without_a_maximum_is_open_ended(decide_widget: Callable[..., Outcome]) -> None:
    posted = PayRange(Decimal(120_000), None, "USD")
    assert decide_widget(posted_range=posted).flags == ("open_ended_range",)


def test_a_range_without_a_minimum_is_open_ended_where_a_rule_forbids_it(
    decide_widget: Callable[..., Outcome],
) -> None:
    posted = PayRange(None, Decimal(160_000), "USD")
    assert decide_widget(location=AUSTIN, posted_range=posted).flags == ()
    assert "open_ended_range" in decide_widget(location=NEW_YORK, posted_range=posted).flags


def test_a_different_requested_level_is_flagged_for_review(
    decide_widget: Callable[..., Outcome],
) -> None:
    outcome = decide_widget(requested_level="M3")
    assert outcome.flags == ("requested_level_differs",)
    assert outcome.status == "needs_review"


def test_the_same_requested_level_in_any_case_is_not_flagged(
    decide_widget: Callable[..., Outcome],
) -> None:
    assert decide_widget(requested_level=" m2 ").flags == ()


def test_a_job_without_people_leadership_on_a_management_only_profile_needs_review(
    decide_widget: Callable[..., Outcome],
) -> None:
    text = "Coordinates widget assembly stage 2 for the plant, widget quality and throughput."
    outcome = decide_widget(title="Widget Assembly Specialist", description=text)
    assert "no_people_leadership" in outcome.flags
    assert outcome.status == "needs_review"


def test_a_missing_band_is_flagged_for_review(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    index = build_index(replace(small_catalogue(), band_sets=()))
    outcome = decide(_requisition(), index, at=AT)
    assert outcome.band is None
    assert outcome.flags == ("no_band",)
    assert outcome.status == "needs_review"


def test_an_empty_requisition_is_unmatched_with_the_reason(
    decide_widget: Callable[..., Outcome],
) -> None:
    outcome = decide_widget(title="", description="  <p> </p> ")
    assert (outcome.status, outcome.flags, outcome.level) == (
        "unmatched",
        ("insufficient_text",),
        None,
    )


def test_a_requisition_outside_the_catalogue_is_unmatched(
    decide_widget: Callable[..., Outcome],
) -> None:
    outcome = decide_widget(
        title="Registered Nurse",
        description="Provide bedside patient care, administer medications, chart in Epic.",
    )
    assert (outcome.status, outcome.flags, outcome.profile_code) == (
        "unmatched",
        ("profile_unmatched",),
        None,
    )
    assert outcome.alternatives[0].profile_code == "W.WIDGET"


def test_range_flags_ignore_amounts_that_are_not_numbers() -> None:
    posted = PayRange(Decimal("NaN"), Decimal("Infinity"), "USD")
    rule = Jurisdiction(
        code="US-CO", name="Colorado", country="US", effective_from=date(2021, 1, 1), region="CO"
    )
    assert range_flags(posted, None, [rule]) == ["range_required_missing"]


def test_applicable_rules_match_country_region_and_city() -> None:
    rules = [
        Jurisdiction(
            code="US-NY",
            name="New York State",
            country="US",
            effective_from=date(2023, 9, 17),
            region="NY",
        ),
        Jurisdiction(
            code="US-NYC",
            name="New York City",
            country="US",
            effective_from=date(2022, 11, 1),
            region="NY",
            city="new york",
        ),
    ]
    day = date(2026, 1, 1)
    assert [r.code for r in applicable_jurisdictions(rules, NEW_YORK, day)] == ["US-NY", "US-NYC"]
    buffalo = Location(city="Buffalo", region="NY", country="US")
    assert [r.code for r in applicable_jurisdictions(rules, buffalo, day)] == ["US-NY"]
    assert applicable_jurisdictions(rules, AUSTIN, day) == []


def test_requested_level_flags_need_both_levels() -> None:
    assert requested_level_flags(None, "M2") == []
    assert requested_level_flags("M2", None) == []
    assert requested_level_flags("", "M2") == []


def test_range_flags_check_the_band_only_when_there_is_one() -> None:
    band = BandChoice(
        Decimal(100), Decimal(150), Decimal(200), "USD", "year", "Z", "bs", date(2026, 1, 1)
    )
    posted = PayRange(Decimal(50), Decimal(150), "USD")
    assert range_flags(posted, band, []) == ["posted_range_outside_band"]
    assert range_flags(posted, None, []) == []
    hourly = PayRange(Decimal(50), Decimal(60), "USD", "hour")
    assert range_flags(hourly, band, []) == ["posted_range_not_comparable"]


USD_BAND = BandChoice(
    Decimal(100_000), Decimal(125_000), Decimal(150_000), "USD", "year", "Z", "bs", date(2026, 1, 1)
)
RATES = {"EUR": Decimal("0.92"), "GBP": Decimal("0.79")}


def test_a_range_in_another_currency_is_compared_at_the_catalogues_rates() -> None:
    inside = PayRange(Decimal(92_000), Decimal(138_000), "EUR")  # USD 100,000 to 150,000
    above = PayRange(Decimal(92_000), Decimal(140_000), "EUR")  # USD 152,174 at the top
    assert range_flags(inside, USD_BAND, [], RATES) == []
    assert range_flags(above, USD_BAND, [], RATES) == ["posted_range_outside_band"]
    gbp_band = replace(USD_BAND, currency="GBP", min=Decimal(79_000), max=Decimal(118_500))
    assert range_flags(inside, gbp_band, [], RATES) == []  # EUR → USD → GBP


def test_without_a_rate_or_in_another_interval_a_range_is_not_comparable() -> None:
    yen = PayRange(Decimal(15_000_000), Decimal(20_000_000), "JPY")
    assert range_flags(yen, USD_BAND, [], RATES) == ["posted_range_not_comparable"]
    monthly = PayRange(Decimal(8_000), Decimal(10_000), "EUR", "month")
    assert range_flags(monthly, USD_BAND, [], RATES) == ["posted_range_not_comparable"]
