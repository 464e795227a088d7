"""Properties that hold for every input: no crash, ordered bands, monotone experience."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leveler.domain.catalogue import Band, BandSet, Catalogue
from leveler.domain.engine import LevelingIndex, build_index, decide
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Location, PayRange, Requisition
from leveler.evaluation.dataset import load_examples

EVALUATION_DIR = Path(__file__).resolve().parents[2] / "evaluation"
LABELLED = [e.requisition for e in load_examples(EVALUATION_DIR / "dev.jsonl")]
STATUSES = {"auto_approved", "needs_review", "unmatched"}
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_tags = st.sampled_from(
    ["<p>", "</p>", "<li>", "<ul>", "<br/>", "<script>", "</script>", "<![ ]>", "<!--", "-->",
     "<div class='x'", "&amp;", "&#x27;", "&bogus;", "<", ">", "</", "<style>", "<!DOCTYPE x [",
     "<?php", "]]>", "<a href=\"", "\x00", "\ufeff"]
)  # fmt: skip
_words = st.sampled_from(
    ["manage", "team", "clinical", "trial", "5+ years", "portfolio", "Director", "CRA",
     "budget", "$5M", "department", "10-12+ yrs", "supervises", "subordinate managers"]
)  # fmt: skip
html_soup = st.lists(st.one_of(_tags, _words, st.text(max_size=12)), max_size=60).map("".join)
any_text = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec="utf-8"), max_size=400),
    st.text(st.sampled_from("管理临床试验 клиническийменеджер إدارة التجارب ✓ \n\t"), max_size=200),
    html_soup,
)
amounts = st.one_of(
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True, places=2),
    st.decimals(min_value=0, max_value=10**7, places=2),
)
locations = st.builds(
    Location,
    name=st.one_of(st.none(), st.text(max_size=30)),
    city=st.one_of(
        st.none(),
        st.sampled_from(["New York", "Boston", "Raleigh", "Berlin"]),
        st.text(max_size=20),
    ),
    region=st.one_of(st.none(), st.sampled_from(["NY", "CO", "CA", "WA"]), st.text(max_size=5)),
    country=st.one_of(st.none(), st.sampled_from(["US", "GB", "DE", "FR"]), st.text(max_size=3)),
    remote=st.booleans(),
)
requisitions = st.builds(
    Requisition,
    title=any_text,
    description=any_text,
    department=st.one_of(st.none(), st.text(max_size=20)),
    location=locations,
    min_years_experience=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    direct_reports=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**9)),
    requested_level=st.one_of(st.none(), st.text(max_size=4), st.sampled_from(["M1", "M3"])),
    posted_range=st.one_of(
        st.none(),
        st.builds(
            PayRange, min=amounts, max=amounts, currency=st.sampled_from(["USD", "EUR", "x"])
        ),
    ),
)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def _is_well_formed(outcome: Outcome) -> bool:
    band = outcome.band
    return (
        outcome.status in STATUSES
        and 0.0 <= outcome.confidence <= 1.0
        and outcome.flags == tuple(sorted(set(outcome.flags)))
        and (band is None or band.min <= band.mid <= band.max)
    )


@SETTINGS
@given(requisition=requisitions, at=instants)
def test_any_requisition_gets_a_decision_and_never_an_error(
    engine_index: LevelingIndex, requisition: Requisition, at: datetime
) -> None:
    outcome = decide(requisition, engine_index, at=at)
    assert _is_well_formed(outcome)
    if outcome.status == "unmatched":
        assert outcome.level is None
        assert outcome.band is None


@SETTINGS
@given(base=st.sampled_from(LABELLED), title=any_text, noise=any_text)
def test_labelled_postings_with_noise_added_still_get_a_decision(
    engine_index: LevelingIndex, decision_at: datetime, base: Requisition, title: str, noise: str
) -> None:
    noisy = replace(base, title=title + base.title, description=base.description + noise)
    assert _is_well_formed(decide(noisy, engine_index, at=decision_at))


def test_a_megabyte_of_html_soup_gets_a_decision(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    chunk = (
        "<div><p>Manage a <b>team</b> of CRAs &amp; CTAs across multiple studies</p><li>5+ years"
    )
    soup = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    outcome = decide(
        Requisition(title="Clinical Trial Manager", description=soup), engine_index, at=decision_at
    )
    assert _is_well_formed(outcome)


def test_a_megabyte_of_non_latin_text_gets_a_decision(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    text = ("临床试验管理 " * 200_000)[:1_000_000]
    outcome = decide(Requisition(title=text[:100], description=text), engine_index, at=decision_at)
    # Words in a script no profile uses are text, just not text any profile knows.
    assert (outcome.status, outcome.flags) == ("unmatched", ("profile_unmatched",))


def _rank(outcome: Outcome, index: LevelingIndex) -> int:
    entry = index.by_code[outcome.profile_code or ""]
    return next(level.rank for level in entry.profile.levels if level.code == outcome.level)


@SETTINGS
@given(
    base=st.sampled_from(LABELLED),
    years=st.lists(
        st.floats(min_value=0, max_value=80, allow_nan=False), min_size=2, max_size=2, unique=True
    ),
)
def test_more_years_of_experience_never_lower_the_level(
    engine_index: LevelingIndex,
    decision_at: datetime,
    base: Requisition,
    years: list[float],
) -> None:
    fewer, more = sorted(years)
    low = decide(replace(base, min_years_experience=fewer), engine_index, at=decision_at)
    high = decide(replace(base, min_years_experience=more), engine_index, at=decision_at)
    assert (low.status == "unmatched") == (high.status == "unmatched")
    if low.status != "unmatched":
        assert (low.profile_code, low.track) == (high.profile_code, high.track)
        assert _rank(high, engine_index) >= _rank(low, engine_index)


@SETTINGS
@given(
    ranges=st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(min_value=0, max_value=30)),
            st.one_of(st.none(), st.floats(min_value=0, max_value=30)),
        ),
        min_size=3,
        max_size=3,
    ),
    years=st.lists(st.floats(min_value=0, max_value=40), min_size=2, max_size=2, unique=True),
)
def test_monotone_in_years_even_when_the_catalogue_years_are_out_of_order(
    small_catalogue: Callable[..., Catalogue],
    ranges: list[tuple[float | None, float | None]],
    years: list[float],
) -> None:
    base = small_catalogue()
    profile = base.profiles[0]
    levels = tuple(
        level.model_copy(update={"years_min": low, "years_max": high})
        for level, (low, high) in zip(profile.levels, ranges, strict=True)
    )
    index = build_index(replace(base, profiles=(profile.model_copy(update={"levels": levels}),)))
    requisition = Requisition(
        title="Widget Assembly Manager",
        description="Manages widget assembly lines and widget quality. Manage a team of 6.",
    )
    fewer, more = sorted(years)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    low = decide(replace(requisition, min_years_experience=fewer), index, at=at)
    high = decide(replace(requisition, min_years_experience=more), index, at=at)
    assert int((high.level or "M0")[1:]) >= int((low.level or "M0")[1:])


@SETTINGS
@given(
    amounts=st.lists(
        st.tuples(*(st.integers(min_value=0, max_value=400_000) for _ in range(3))),
        min_size=3,
        max_size=3,
    ),
    location=locations,
)
def test_a_band_offered_is_always_ordered_min_mid_max(
    small_catalogue: Callable[..., Catalogue],
    amounts: list[tuple[int, int, int]],
    location: Location,
) -> None:
    catalogue = small_catalogue()
    bands = tuple(
        Band(
            profile_code="W.WIDGET",
            function_code="W",
            level=f"M{rank}",
            zone=zone.code,
            min=Decimal(a),
            mid=Decimal(b),
            max=Decimal(c),
            currency="USD",
        )
        for rank, (a, b, c) in enumerate(amounts, start=1)
        for zone in catalogue.zones
    )
    band_set = BandSet(
        id="bs", name="Any", effective_from=datetime(2026, 1, 1, tzinfo=UTC), bands=bands
    )
    index = build_index(replace(catalogue, band_sets=(band_set,)))
    requisition = Requisition(
        title="Widget Assembly Manager",
        description="Manages widget assembly lines and widget quality. Manage a team of 6.",
        location=location,
    )
    outcome = decide(requisition, index, at=datetime(2026, 11, 1, tzinfo=UTC))
    if outcome.band is not None:
        assert outcome.band.min <= outcome.band.mid <= outcome.band.max


@pytest.mark.parametrize("years", [math.nan, math.inf, -math.inf, -3.0, 1e300])
def test_impossible_years_are_ignored_or_clamped(
    engine_index: LevelingIndex, decision_at: datetime, years: float
) -> None:
    outcome = decide(replace(LABELLED[0], min_years_experience=years), engine_index, at=decision_at)
    assert _is_well_formed(outcome)
