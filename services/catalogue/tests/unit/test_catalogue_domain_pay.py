"""Band and band-set invariants, the set in force, publication order and impact."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from catalogue.domain import pay
from catalogue.domain.exceptions import Conflict, InvalidData
from catalogue.domain.pay import Band, BandSet
from catalogue.domain.pay_structure import resolve_band

JAN = datetime(2025, 1, 1, tzinfo=UTC)
JUL = datetime(2025, 7, 1, tzinfo=UTC)


def band(
    mid: int = 100, *, profile: str | None = "CLINIC.X", zone: str = "US-NYC", **kw: Decimal
) -> Band:
    values = {"min": Decimal(mid - 20), "mid": Decimal(mid), "max": Decimal(mid + 20), **kw}
    return Band(
        function_code="CLINIC",
        profile_code=profile,
        level="M2",
        zone=zone,
        currency="USD",
        min=values["min"],
        mid=values["mid"],
        max=values["max"],
    )


def published(band_set_id: str, start: datetime, *bands: Band) -> BandSet:
    return BandSet(
        id=band_set_id,
        name=band_set_id,
        effective_from=start,
        status="published",
        published_at=start,
        bands=bands,
    )


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"min": Decimal(130)}, "min <= mid <= max"),
        ({"max": Decimal(90)}, "min <= mid <= max"),
        ({"min": Decimal(0)}, "positive"),
        ({"min": Decimal(-5)}, "positive"),
        ({"mid": Decimal("100.001")}, "2 decimals"),
    ],
)
def test_a_band_refuses_amounts_out_of_order_or_not_positive(amounts, message):
    with pytest.raises(InvalidData, match=message):
        band(**amounts)


def test_a_band_refuses_a_currency_outside_iso_4217():
    with pytest.raises(InvalidData, match="ISO 4217"):
        Band("CLINIC", None, "M2", "US", Decimal(1), Decimal(2), Decimal(3), "XYZ")


def test_a_band_refuses_an_unknown_pay_interval():
    with pytest.raises(InvalidData, match="interval"):
        Band("CLINIC", None, "M2", "US", Decimal(1), Decimal(2), Decimal(3), "USD", "decade")


def test_a_band_set_refuses_two_bands_for_the_same_profile_level_and_zone():
    with pytest.raises(InvalidData, match="appears twice"):
        BandSet(id="b", name="b", effective_from=JAN, bands=(band(100), band(120)))


def test_a_band_set_refuses_a_naive_start():
    with pytest.raises(InvalidData, match="time zone"):
        BandSet(id="b", name="b", effective_from=datetime(2025, 1, 1))


def test_a_published_band_set_cannot_be_edited():
    with pytest.raises(Conflict, match="cannot change"):
        published("old", JAN, band()).revise(bands=[band(150)])


def test_the_set_in_force_is_the_latest_published_one_started_by_then():
    older, newer = published("old", JAN, band(100)), published("new", JUL, band(120))
    draft = BandSet(id="draft", name="d", effective_from=datetime(2025, 3, 1, tzinfo=UTC))
    sets = [newer, draft, older]
    assert pay.in_force(sets, datetime(2024, 12, 31, tzinfo=UTC)) is None
    assert pay.in_force(sets, JAN) is older
    assert pay.in_force(sets, datetime(2025, 6, 30, 23, 59, tzinfo=UTC)) is older
    assert pay.in_force(sets, JUL) is newer
    assert pay.effective_to(older, sets) == JUL
    assert pay.effective_to(newer, sets) is None


def test_publishing_supersedes_the_latest_set_and_stamps_the_time():
    older = published("old", JAN, band(100))
    draft = BandSet(id="new", name="n", effective_from=JUL, bands=(band(120),))
    result = pay.publish(draft, published=[older], now=JUL)
    assert result.status == "published"
    assert result.supersedes == "old"
    assert result.published_at == JUL


def test_publishing_cannot_rewrite_history_before_the_latest_set():
    older = published("old", JUL, band(100))
    for start in (JAN, JUL):
        draft = BandSet(id="new", name="n", effective_from=start, bands=(band(120),))
        with pytest.raises(Conflict, match="cannot be rewritten"):
            pay.publish(draft, published=[older], now=JUL)


def test_an_empty_or_already_published_set_cannot_be_published():
    with pytest.raises(InvalidData, match="no bands and no baselines"):
        pay.publish(BandSet(id="e", name="e", effective_from=JUL), published=[], now=JUL)
    with pytest.raises(Conflict, match="already published"):
        pay.publish(published("p", JAN, band()), published=[], now=JUL)


def test_a_profile_without_its_own_band_falls_back_to_the_function_baseline():
    baseline = band(90, profile=None)
    own = band(100, profile="CLINIC.X")
    both = published("s", JAN, baseline, own)
    found = resolve_band(
        both, function_code="CLINIC", profile_code="CLINIC.X", level="M2", zone="US-NYC"
    )
    assert found == own
    other = resolve_band(
        both, function_code="CLINIC", profile_code="CLINIC.Y", level="M2", zone="US-NYC"
    )
    assert other == baseline
    assert (
        resolve_band(both, function_code="CLINIC", profile_code="CLINIC.X", level="M2", zone="GB")
        is None
    )


def test_impact_lists_added_removed_and_changed_bands_with_deltas():
    current = published("old", JAN, band(100, zone="US-NYC"), band(100, zone="GB"))
    draft = BandSet(
        id="new",
        name="n",
        effective_from=JUL,
        bands=(band(110, zone="US-NYC"), band(100, zone="DE"), band(100, zone="US-BOS")),
    )
    changes = {c.key[3]: c for c in pay.impact(draft.bands, current.bands)}
    assert {zone: c.change for zone, c in changes.items()} == {
        "US-NYC": "changed",
        "GB": "removed",
        "DE": "added",
        "US-BOS": "added",
    }
    nyc = changes["US-NYC"]
    assert nyc.delta("mid") == Decimal(10)
    assert nyc.percent("mid") == Decimal("10.00")
    assert changes["DE"].delta("mid") is None


def test_impact_against_nothing_in_force_adds_every_band():
    draft = BandSet(id="new", name="n", effective_from=JUL, bands=(band(110),))
    assert [c.change for c in pay.impact(draft.bands, ())] == ["added"]


def test_instants_outside_the_supported_years_are_refused_not_overflowed():
    far = datetime(1, 1, 1, tzinfo=UTC)
    with pytest.raises(InvalidData, match="between the years 1900 and 2999"):
        BandSet(id="b", name="b", effective_from=far)
    with pytest.raises(InvalidData, match="between the years 1900 and 2999"):
        pay.in_force([], far)
