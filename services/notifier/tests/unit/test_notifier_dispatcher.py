import asyncio
from datetime import timedelta

import pytest

from notifier.domain.delivery import Channel, Failure, RetryPolicy, Status
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.planning import Routing
from notifier.service_layer.dispatcher import Dispatcher, DispatchSettings
from notifier.service_layer.intake import record_decisions


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


class RecordingSender:
    """A channel that records what it was asked to send and fails as scripted."""

    def __init__(self, *failures):
        self.sent = []
        self.failures = list(failures)
        self.progress = asyncio.Event()

    async def send(self, dispatch):
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            raise DeliveryFailed(failure)
        self.sent.append(dispatch.delivery.id)
        self.progress.set()

    async def wait_for(self, count):
        while len(self.sent) < count:
            self.progress.clear()
            await self.progress.wait()


class Observer:
    def __init__(self):
        self.outcomes = []

    def on_outcome(self, delivery, *, now):
        self.outcomes.append(delivery.status)


POLICY = RetryPolicy(max_attempts=3, base=timedelta(seconds=2), cap=timedelta(seconds=60))


@pytest.fixture
def clock(t0):
    return Clock(t0)


async def record(ledger, *items, now):
    return await record_decisions(
        list(items), ledger=ledger, routing=Routing(), consumer="notifier", now=now
    )


def dispatcher(ledger, clock, senders, observer=None, **settings):
    return Dispatcher(
        ledger=ledger,
        senders=senders,
        policy=POLICY,
        settings=DispatchSettings(**settings),
        observer=observer,
        clock=clock,
        jitter=lambda: 0.0,
    )


async def test_every_due_delivery_is_sent_once_and_marked_sent(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data()), now=clock())
    ats, mail, observer = RecordingSender(), RecordingSender(), Observer()
    senders = {Channel.GREENHOUSE: ats, Channel.EMAIL: mail}
    worker = dispatcher(fake_ledger, clock, senders, observer)
    assert await worker.run_once() == 3
    assert await worker.run_once() == 0
    assert len(ats.sent) == 1
    assert len(mail.sent) == 2
    assert {d.status for d in fake_ledger.rows.values()} == {Status.SENT}
    assert observer.outcomes == [Status.SENT] * 3


async def test_a_transient_failure_is_retried_after_the_backoff(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    ats = RecordingSender(Failure.transient("HTTP 503"))
    worker = dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: ats})
    await worker.run_once()
    (row,) = fake_ledger.rows.values()
    assert (row.status, row.attempts, row.last_error) == (Status.FAILED, 1, "HTTP 503")
    assert await worker.run_once() == 0  # not due yet
    clock.advance(seconds=1)
    assert await worker.run_once() == 1
    assert fake_ledger.rows[row.id].status is Status.SENT
    assert ats.sent == [row.id]


async def test_a_permanent_failure_makes_the_delivery_dead_without_retrying(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    ats = RecordingSender(Failure.permanent("HTTP 404 job"))
    worker = dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: ats})
    await worker.run_once()
    clock.advance(hours=1)
    assert await worker.run_once() == 0
    (row,) = fake_ledger.rows.values()
    assert (row.status, row.last_error) == (Status.DEAD, "HTTP 404 job")


async def test_a_bug_in_a_sender_costs_an_attempt_and_not_the_dispatcher(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    ats = RecordingSender(KeyError("pay_band"))
    worker = dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: ats})
    await worker.run_once()
    (row,) = fake_ledger.rows.values()
    assert row.status is Status.FAILED
    assert row.last_error == "KeyError: 'pay_band'"


async def test_a_channel_without_a_connection_makes_its_deliveries_dead(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    await dispatcher(fake_ledger, clock, {}).run_once()
    (row,) = fake_ledger.rows.values()
    assert row.status is Status.DEAD
    assert row.last_error == "no greenhouse connection"


async def test_an_outcome_is_saved_after_a_brief_database_outage(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    fake_ledger.fail_next_saves = 2
    await dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: RecordingSender()}).run_once()
    (row,) = fake_ledger.rows.values()
    assert row.status is Status.SENT
    assert not fake_ledger.leases


async def test_a_delivery_leased_by_another_process_is_not_sent_until_the_lease_expires(
    fake_ledger, clock, decision_data, incoming_decision
):
    await record(fake_ledger, incoming_decision(decision_data(hiring_team=None)), now=clock())
    other = await fake_ledger.claim_due(now=clock(), limit=10, lease=timedelta(seconds=30))
    assert len(other) == 1
    sender = RecordingSender()
    worker = dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: sender})
    assert await worker.run_once() == 0
    clock.advance(seconds=31)
    assert await worker.run_once() == 1
    # The other process wakes up late: its lease is gone, so its outcome is ignored.
    assert not await fake_ledger.save_outcome(other[0], other[0].delivery.succeeded(now=clock()))
    assert sender.sent == [other[0].delivery.id]


async def test_the_loop_sends_new_deliveries_when_woken_and_stops_cleanly(
    fake_ledger, clock, decision_data, incoming_decision
):
    mail = RecordingSender()
    worker = dispatcher(
        fake_ledger,
        clock,
        {Channel.GREENHOUSE: RecordingSender(), Channel.EMAIL: mail},
        idle_interval=30.0,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.01)
    await record(fake_ledger, incoming_decision(decision_data()), now=clock())
    worker.wake()
    async with asyncio.timeout(2):
        await mail.wait_for(2)
    stop.set()
    async with asyncio.timeout(2):
        await running
    assert {d.status for d in fake_ledger.rows.values()} == {Status.SENT}


async def test_outcomes_finishing_together_are_stored_in_one_transaction(
    fake_ledger, clock, decision_data, incoming_decision
):
    for n in range(10):
        event = incoming_decision(decision_data(external_id=str(n), hiring_team=None))
        await record(fake_ledger, event, now=clock())
    await dispatcher(fake_ledger, clock, {Channel.GREENHOUSE: RecordingSender()}).run_once(limit=10)
    assert {d.status for d in fake_ledger.rows.values()} == {Status.SENT}
    assert fake_ledger.transactions < 10
