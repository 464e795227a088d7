"""The one 'in force at an instant' rule band sets follow in both services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from leveling_common.effective import latest_in_force

JAN = datetime(2027, 1, 1, tzinfo=UTC)
FEB = datetime(2027, 2, 1, tzinfo=UTC)
MAR = datetime(2027, 3, 1, tzinfo=UTC)


def start(item: tuple[str, datetime]) -> datetime:
    return item[1]


def test_the_latest_started_item_is_in_force_and_nothing_before_the_first():
    items = [("feb", FEB), ("jan", JAN), ("mar", MAR)]
    assert latest_in_force(items, JAN - timedelta(seconds=1), starts=start) is None
    assert latest_in_force(items, JAN, starts=start) == ("jan", JAN)
    assert latest_in_force(items, FEB + timedelta(days=3), starts=start) == ("feb", FEB)
    assert latest_in_force(items, MAR, starts=start) == ("mar", MAR)


def test_an_ended_item_is_no_longer_in_force_and_ties_go_to_the_last_listed():
    ends = {"jan": FEB}
    items = [("jan", JAN)]
    assert latest_in_force(items, FEB, starts=start, ends=lambda i: ends.get(i[0])) is None
    tied = [("first", JAN), ("second", JAN)]
    assert latest_in_force(tied, FEB, starts=start) == ("second", JAN)


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=8), st.integers(0, 60))
def test_it_agrees_with_the_plain_definition(days, at_day):
    items = [(str(n), JAN + timedelta(days=d)) for n, d in enumerate(days)]
    at = JAN + timedelta(days=at_day)
    started = [item for item in items if item[1] <= at]
    expected = max(started, key=lambda i: (i[1], int(i[0]))) if started else None
    assert latest_in_force(items, at, starts=start) == expected
