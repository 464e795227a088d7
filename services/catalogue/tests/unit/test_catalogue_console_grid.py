"""Band sets laid out as the console shows them: rows by profile and level, columns by zone."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from catalogue.domain.pay import Band, BandChange
from catalogue.entrypoints.console._grid import band_grid, impact_grid, summarise


def _band(level: str, zone: str, mid: int, profile: str | None = "CPM") -> Band:
    return Band(
        function_code="CLINIC",
        profile_code=profile,
        level=level,
        zone=zone,
        min=Decimal(mid - 10_000),
        mid=Decimal(mid),
        max=Decimal(mid + 10_000),
        currency="USD",
    )


def test_rows_follow_the_level_ranks_and_columns_the_catalogues_zone_order():
    bands = [
        _band("M10", "US-NYC", 300_000),
        _band("M2", "US-BOS", 120_000),
        _band("M2", "US-NYC", 130_000),
        _band("M1", "DE", 70_000, profile=None),
    ]
    grid = band_grid(bands, zone_order=["US-NYC", "US-BOS"], names={"CPM": "Clinical PM"})
    assert grid.zones == ("US-NYC", "US-BOS", "DE")
    assert [(row.owner, row.level) for row in grid.rows] == [
        ("CLINIC baseline", "M1"),
        ("Clinical PM", "M2"),
        ("Clinical PM", "M10"),
    ]
    m2 = grid.rows[1].cells
    assert [band.mid if band else None for band in m2] == [130_000, 120_000, None]


def test_the_impact_grid_places_each_change_in_its_cell_and_leaves_the_rest_empty():
    before = _band("M2", "US-NYC", 100_000)
    changes = [
        BandChange(before.key, "changed", before, replace(before, mid=Decimal(110_000))),
        BandChange(
            _band("M3", "US-BOS", 150_000).key, "added", None, _band("M3", "US-BOS", 150_000)
        ),
    ]
    grid = impact_grid(changes, zone_order=["US-NYC", "US-BOS"], names={})
    assert [(row.owner, row.level) for row in grid.rows] == [("CPM", "M2"), ("CPM", "M3")]
    assert grid.rows[0].cells[0] is changes[0]
    assert grid.rows[0].cells[1] is None
    assert grid.rows[1].cells == (None, changes[1])


def test_the_summary_counts_the_changes_and_spans_the_mid_percentages():
    base = _band("M2", "US-NYC", 100_000)
    other = _band("M3", "US-NYC", 200_000)
    changes = [
        BandChange(base.key, "changed", base, replace(base, mid=Decimal(105_000))),
        BandChange(other.key, "changed", other, replace(other, mid=Decimal(190_000))),
        BandChange(_band("M4", "DE", 90_000).key, "removed", _band("M4", "DE", 90_000), None),
    ]
    summary = summarise(changes, unchanged=7)
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (0, 2, 1, 7)
    assert summary.mid_change_low == Decimal("-5.00")
    assert summary.mid_change_high == Decimal("5.00")
    assert summary.mid_change_mean == Decimal("0.00")


def test_a_report_without_changes_has_no_spread():
    summary = summarise([], unchanged=3)
    assert summary.mid_change_mean is None
    assert summary.mid_change_low is None
