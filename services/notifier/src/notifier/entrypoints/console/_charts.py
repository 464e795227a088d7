"""Activity per minute and the geometry of the small SVG bar charts that show it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["Bar", "BarChart", "bar_chart", "per_minute"]


def per_minute(moments: Iterable[datetime], *, now: datetime, minutes: int = 60) -> list[int]:
    """How many `moments` fall in each of the last `minutes` minutes, oldest minute first;
    the last bucket is the minute `now` is in."""
    first = now.replace(second=0, microsecond=0) - timedelta(minutes=minutes - 1)
    counts = [0] * minutes
    for moment in moments:
        index = int((moment - first).total_seconds() // 60)
        if 0 <= index < minutes:
            counts[index] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    peak: int
    total: int
    first_label: str
    last_label: str


def bar_chart(
    title: str,
    counts: Sequence[int],
    *,
    now: datetime,
    width: int = 1100,
    height: int = 110,
) -> BarChart:
    """One bar per minute, scaled to the busiest minute; a quiet hour draws a flat line."""
    peak = max(counts, default=0)
    slot = width / max(len(counts), 1)
    first = now.replace(second=0, microsecond=0) - timedelta(minutes=len(counts) - 1)
    bars = []
    for index, value in enumerate(counts):
        tall = (height - 4) * value / peak if peak else 0.0
        minute = first + timedelta(minutes=index)
        bars.append(
            Bar(
                x=round(index * slot + 1, 2),
                y=round(height - tall, 2),
                width=round(max(slot - 2, 1), 2),
                height=round(tall, 2),
                value=value,
                label=minute.strftime("%H:%M"),
            )
        )
    return BarChart(
        title=title,
        width=width,
        height=height,
        bars=tuple(bars),
        peak=peak,
        total=sum(counts),
        first_label=bars[0].label if bars else "",
        last_label=bars[-1].label if bars else "",
    )
