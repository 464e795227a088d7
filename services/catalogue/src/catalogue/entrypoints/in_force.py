"""The `work` loop that announces band sets and pay-transparency rules when they come into
force."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from catalogue.service_layer.effective_dates import (
    announce_band_sets_in_force,
    announce_jurisdictions_in_force,
    next_coming_into_force,
)
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.events import utc_now
from leveling_common.logging import get_logger

__all__ = ["announce_until_stopped"]

_log = get_logger(__name__)
# A set published while the loop sleeps is noticed within this many seconds.
_LONGEST_SLEEP = 1.0


async def announce_until_stopped(
    uow: Callable[[], UnitOfWork],
    stop: asyncio.Event,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    while not stop.is_set():
        try:
            announced = await announce_band_sets_in_force(uow(), now=clock())
            if announced:
                _log.info("band_sets_in_force_announced", band_sets=announced)
            rules = await announce_jurisdictions_in_force(uow(), now=clock())
            if rules:
                _log.info("jurisdictions_in_force_announced", jurisdictions=rules)
            upcoming = await next_coming_into_force(uow(), now=clock())
        except DBAPIError as exc:
            # A concurrent worker announcing the same thing, or the database away: try again.
            _log.warning("in_force_announcement_retried", error=type(exc.orig).__name__)
            upcoming = None
        await _sleep(stop, _seconds_until(upcoming, clock()))


def _seconds_until(upcoming: datetime | None, now: datetime) -> float:
    if upcoming is None:
        return _LONGEST_SLEEP
    return max(0.0, min(_LONGEST_SLEEP, (upcoming - now).total_seconds()))


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return
