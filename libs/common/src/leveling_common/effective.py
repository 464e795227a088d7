"""What is in force at an instant: one rule for band sets in the catalogue and in the engine.

Of the items started at or before the instant, the one started last is in force, unless it
has ended. Among items starting at the same instant the last one listed wins, so the caller's
order decides ties. Pure standard library: both services' domains use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

__all__ = ["latest_in_force"]

ItemT = TypeVar("ItemT")


def latest_in_force(
    items: Iterable[ItemT],
    at: datetime,
    *,
    starts: Callable[[ItemT], datetime],
    ends: Callable[[ItemT], datetime | None] = lambda _item: None,
) -> ItemT | None:
    current: ItemT | None = None
    for item in items:
        if starts(item) <= at and (current is None or starts(item) >= starts(current)):
            current = item
    if current is None:
        return None
    end = ends(current)
    return current if end is None or at < end else None
