"""Pay-transparency rules are announced once when they come into force, on SQLite and
PostgreSQL: on their start date, or at once when added already in force."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from catalogue.adapters import tables
from catalogue.domain.zones import Jurisdiction
from catalogue.service_layer.effective_dates import (
    announce_jurisdictions_in_force,
    next_coming_into_force,
)
from leveling_common.events import JURISDICTION_EFFECTIVE, JurisdictionEffectiveData

pytestmark = pytest.mark.integration
START = date(2027, 7, 1)
MIDNIGHT = datetime(2027, 7, 1, tzinfo=UTC)
VERMONT = Jurisdiction("US-VT", "Vermont", "US", START, region="VT", covers_remote=True)


async def _save(catalogue, *rules: Jurisdiction) -> None:
    async with catalogue.uow() as uow:
        for rule in rules:
            await uow.repo.save_jurisdiction(rule)
        await uow.commit()


async def _announced(catalogue) -> list[JurisdictionEffectiveData]:
    outbox = tables.outbox.c
    query = (
        select(outbox.value).where(outbox.event_type == JURISDICTION_EFFECTIVE).order_by(outbox.id)
    )
    async with catalogue.sessions() as session:
        rows = (await session.execute(query)).scalars().all()
    return [JurisdictionEffectiveData.model_validate(json.loads(row)["data"]) for row in rows]


async def test_a_rule_is_announced_on_its_start_date_once_and_not_before(catalogue):
    await _save(catalogue, VERMONT)
    before = MIDNIGHT - timedelta(seconds=1)
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=before) == []
    assert await next_coming_into_force(catalogue.uow(), now=before) == MIDNIGHT
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=MIDNIGHT) == ["US-VT"]
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=MIDNIGHT) == []
    assert await next_coming_into_force(catalogue.uow(), now=MIDNIGHT) is None
    (event,) = await _announced(catalogue)
    assert (event.jurisdiction_code, event.region, event.effective_from) == ("US-VT", "VT", START)
    assert event.covers_remote is True


async def test_a_rule_added_in_force_is_announced_at_once_and_an_ended_one_never(catalogue):
    ended = Jurisdiction("OLD", "Repealed", "US", date(2020, 1, 1), effective_to=date(2022, 1, 1))
    await _save(catalogue, VERMONT, ended)
    later = MIDNIGHT + timedelta(days=30)
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=later) == ["US-VT"]
    # A new start date for the same rule is a new coming into force.
    await _save(catalogue, Jurisdiction("US-VT", "Vermont", "US", date(2027, 9, 1), region="VT"))
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=later) == []
    september = datetime(2027, 9, 1, tzinfo=UTC)
    assert await announce_jurisdictions_in_force(catalogue.uow(), now=september) == ["US-VT"]
    assert [e.effective_from for e in await _announced(catalogue)] == [START, date(2027, 9, 1)]


async def test_two_workers_at_the_same_instant_announce_a_rule_once(catalogue):
    await _save(catalogue, VERMONT)
    results = await asyncio.gather(
        announce_jurisdictions_in_force(catalogue.uow(), now=MIDNIGHT),
        announce_jurisdictions_in_force(catalogue.uow(), now=MIDNIGHT),
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, list) and r] == [["US-VT"]]
    assert len(await _announced(catalogue)) == 1
