"""The DeliveryLedger contract, run against the in-memory fake, SQLite and PostgreSQL."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from leveling_common.db import create_engine, create_session_factory
from notifier.adapters.ledger import SqlLedger
from notifier.adapters.migrations import upgrade
from notifier.domain.delivery import Channel, Failure, RetryPolicy, Status
from notifier.domain.exceptions import DeliveryNotFound
from notifier.domain.planning import Routing
from notifier.service_layer.intake import record_decisions

pytestmark = pytest.mark.integration

LEASE = timedelta(seconds=30)


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
async def ledgers(request, tmp_path, fake_ledger):
    """Two handles on one ledger, as two notifier processes would have."""
    if request.param == "fake":
        yield fake_ledger, fake_ledger
        return
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    await asyncio.to_thread(upgrade, url)
    engines = [create_engine(url), create_engine(url)]
    try:
        yield tuple(SqlLedger(create_session_factory(e)) for e in engines)
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.fixture
def ledger(ledgers):
    return ledgers[0]


async def record(ledger, *items, now):
    return await record_decisions(
        list(items), ledger=ledger, routing=Routing(), consumer="notifier", now=now
    )


async def statuses(ledger):
    page = await ledger.page(status=None, limit=500, after=None)
    return {(d.decision_version, d.channel, d.recipient.key): d.status for d in page.items}


async def test_each_decision_event_is_recorded_once(ledger, decision_data, incoming_decision, t0):
    data = decision_data()
    event = incoming_decision(data)
    assert await record(ledger, event, now=t0) == 3
    assert await record(ledger, event, now=t0) == 0
    assert await record(ledger, incoming_decision(data), now=t0) == 0
    assert len((await ledger.page(status=None, limit=50, after=None)).items) == 3


async def test_a_newer_version_supersedes_what_is_not_yet_sent_on_the_same_channel(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(decision_version=1)), now=t0)
    (ats,) = await ledger.claim_due(now=t0, limit=1, lease=LEASE)
    await ledger.save_outcome(ats, ats.delivery.succeeded(now=t0))
    v2 = decision_data(decision_version=2, reason="band_changed", hiring_team=None)
    await record(ledger, incoming_decision(v2), now=t0)
    found = await statuses(ledger)
    assert found[(1, Channel.GREENHOUSE, "job:greenhouse:4012001")] is Status.SENT
    assert found[(2, Channel.GREENHOUSE, "job:greenhouse:4012001")] is Status.PENDING
    # v2 has no email recipients, so the v1 emails are not superseded.
    assert {s for (v, c, _), s in found.items() if c is Channel.EMAIL} == {Status.PENDING}


async def test_a_version_arriving_after_a_newer_one_is_recorded_superseded(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(decision_version=2)), now=t0)
    await record(ledger, incoming_decision(decision_data(decision_version=1)), now=t0)
    found = await statuses(ledger)
    assert {s for (v, _, _), s in found.items() if v == 1} == {Status.SUPERSEDED}
    assert {s for (v, _, _), s in found.items() if v == 2} == {Status.PENDING}


async def test_due_deliveries_are_leased_with_their_decision(
    ledger, decision_data, incoming_decision, t0
):
    data = decision_data()
    await record(ledger, incoming_decision(data), now=t0)
    claimed = await ledger.claim_due(now=t0, limit=10, lease=LEASE)
    assert len(claimed) == 3
    assert {c.decision.decision_id for c in claimed} == {data.decision_id}
    assert all(c.document == data.model_dump_json() for c in claimed)
    assert await ledger.claim_due(now=t0, limit=10, lease=LEASE) == []
    again = await ledger.claim_due(now=t0 + LEASE + timedelta(seconds=1), limit=10, lease=LEASE)
    assert len(again) == 3


async def test_write_backs_are_claimed_before_emails_that_are_due_longer(
    ledger, decision_data, incoming_decision, t0
):
    for n in range(3):
        data = decision_data(external_id=str(4014000 + n), decided_at=t0 + timedelta(seconds=n))
        await record(ledger, incoming_decision(data), now=t0)
    later = t0 + timedelta(seconds=5)
    first = await ledger.claim_due(now=later, limit=4, lease=LEASE)
    assert [c.delivery.channel for c in first] == [Channel.GREENHOUSE] * 3 + [Channel.EMAIL]
    assert [c.delivery.requisition_key for c in first[:3]] == [
        f"greenhouse:{4014000 + n}" for n in range(3)
    ]
    assert first[3].delivery.requisition_key == "greenhouse:4014000"


async def test_two_processes_claiming_at_once_never_get_the_same_delivery(
    ledgers, decision_data, incoming_decision, t0
):
    first, second = ledgers
    for n in range(20):
        event = incoming_decision(decision_data(external_id=str(4013000 + n), hiring_team=None))
        await record(first, event, now=t0)
    batches = await asyncio.gather(
        *(ledger.claim_due(now=t0, limit=7, lease=LEASE) for ledger in (first, second) * 3)
    )
    ids = [c.delivery.id for batch in batches for c in batch]
    assert len(ids) == len(set(ids)) == 20


async def test_a_failed_delivery_waits_for_its_next_attempt_time(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(hiring_team=None)), now=t0)
    (claim,) = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    policy = RetryPolicy(base=timedelta(seconds=10))
    failed = claim.delivery.failed(Failure.transient("503"), now=t0, policy=policy, jitter=0.0)
    assert await ledger.save_outcome(claim, failed)
    assert await ledger.claim_due(now=t0 + timedelta(seconds=4), limit=5, lease=LEASE) == []
    (retry,) = await ledger.claim_due(now=t0 + timedelta(seconds=5), limit=5, lease=LEASE)
    assert (retry.delivery.status, retry.delivery.attempts) == (Status.FAILED, 1)
    assert retry.delivery.last_error == "503"


async def test_an_outcome_from_a_lost_lease_is_not_stored(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(hiring_team=None)), now=t0)
    (stale,) = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    later = t0 + LEASE + timedelta(seconds=1)
    (fresh,) = await ledger.claim_due(now=later, limit=5, lease=LEASE)
    assert not await ledger.save_outcome(stale, stale.delivery.succeeded(now=later))
    assert await ledger.save_outcome(fresh, fresh.delivery.succeeded(now=later))
    assert (await ledger.get(fresh.delivery.id)).status is Status.SENT


async def test_a_send_that_completes_after_being_superseded_is_still_recorded_as_sent(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(decision_version=1)), now=t0)
    in_flight = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    await record(ledger, incoming_decision(decision_data(decision_version=2)), now=t0)
    ats = next(c for c in in_flight if c.delivery.channel is Channel.GREENHOUSE)
    mail = next(c for c in in_flight if c.delivery.channel is Channel.EMAIL)
    assert await ledger.save_outcome(ats, ats.delivery.succeeded(now=t0))
    failed = mail.delivery.failed(Failure.transient("451"), now=t0, policy=RetryPolicy(), jitter=0)
    assert await ledger.save_outcome(mail, failed)
    assert (await ledger.get(ats.delivery.id)).status is Status.SENT
    assert (await ledger.get(mail.delivery.id)).status is Status.SUPERSEDED


async def test_a_newer_version_waits_while_the_older_one_to_the_same_recipient_is_in_flight(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(hiring_team=None)), now=t0)
    (old,) = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    v2 = decision_data(decision_version=2, reason="override", hiring_team=None)
    await record(ledger, incoming_decision(v2), now=t0)
    assert await ledger.claim_due(now=t0, limit=5, lease=LEASE) == []
    await ledger.save_outcome(old, old.delivery.succeeded(now=t0))
    (new,) = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    assert new.delivery.decision_version == 2


async def test_deliveries_page_newest_first_and_filter_by_status(
    ledger, decision_data, incoming_decision, t0
):
    for n in range(3):
        await record(ledger, incoming_decision(decision_data(external_id=str(n))), now=t0)
    (claim, *_) = await ledger.claim_due(now=t0, limit=1, lease=LEASE)
    await ledger.save_outcome(
        claim,
        claim.delivery.failed(Failure.permanent("404"), now=t0, policy=RetryPolicy(), jitter=0),
    )
    first = await ledger.page(status=None, limit=5, after=None)
    second = await ledger.page(status=None, limit=5, after=first.next_after)
    assert len(first.items) == 5
    assert len(second.items) == 4
    assert second.next_after is None
    everything = [d.id for d in first.items + second.items]
    assert len(set(everything)) == 9
    assert first.items[0].requisition_key == "greenhouse:2"
    dead = await ledger.page(status=Status.DEAD, limit=5, after=None)
    assert [d.id for d in dead.items] == [claim.delivery.id]
    counts = await ledger.counts()
    assert counts[(Status.DEAD, Channel.GREENHOUSE)] == 1
    assert counts[(Status.PENDING, Channel.EMAIL)] == 6


async def test_modify_applies_a_change_or_reports_an_unknown_delivery(
    ledger, decision_data, incoming_decision, t0
):
    await record(ledger, incoming_decision(decision_data(hiring_team=None)), now=t0)
    (claim,) = await ledger.claim_due(now=t0, limit=5, lease=LEASE)
    dead = claim.delivery.failed(Failure.permanent("404"), now=t0, policy=RetryPolicy(), jitter=0)
    await ledger.save_outcome(claim, dead)
    later = t0 + timedelta(minutes=5)
    retried = await ledger.modify(dead.id, lambda d: d.retried_by_hand(now=later))
    assert retried.status is Status.PENDING
    stored = await ledger.get(dead.id)
    assert replace(stored, created_at=None) == replace(retried, created_at=None)
    with pytest.raises(DeliveryNotFound):
        await ledger.modify("missing", lambda d: d)
