"""Activity per minute and the bar chart the pipeline page draws from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifier.entrypoints.console._charts import bar_chart, per_minute

NOW = datetime(2026, 11, 2, 10, 30, 40, tzinfo=UTC)


def test_moments_are_counted_in_their_minute_and_old_ones_are_left_out():
    moments = [
        NOW,
        NOW.replace(second=0),
        NOW - timedelta(minutes=1),
        NOW - timedelta(minutes=59, seconds=40),
        NOW - timedelta(minutes=60, seconds=41),
        NOW + timedelta(minutes=1),
    ]
    counts = per_minute(moments, now=NOW)
    assert len(counts) == 60
    assert counts[-1] == 2
    assert counts[-2] == 1
    assert counts[0] == 1
    assert sum(counts) == 4


def test_the_busiest_minute_fills_the_chart_and_quiet_minutes_draw_nothing():
    chart = bar_chart("Sent", [0, 2, 4], now=NOW, width=300, height=104)
    heights = [bar.height for bar in chart.bars]
    assert heights == [0.0, 50.0, 100.0]
    assert [bar.y for bar in chart.bars] == [104.0, 54.0, 4.0]
    assert [bar.label for bar in chart.bars] == ["10:28", "10:29", "10:30"]
    assert (chart.peak, chart.total, chart.first_label, chart.last_label) == (
        4,
        6,
        "10:28",
        "10:30",
    )
    assert chart.bars[1].x == 101.0


def test_an_idle_hour_gives_an_empty_chart():
    chart = bar_chart("Decisions", [0] * 60, now=NOW)
    assert chart.peak == 0
    assert all(bar.height == 0 for bar in chart.bars)
