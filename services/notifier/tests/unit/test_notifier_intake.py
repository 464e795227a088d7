from notifier.domain.delivery import Channel, Status
from notifier.domain.planning import Routing
from notifier.service_layer.intake import record_decisions


async def recorded(ledger, items, now):
    return await record_decisions(
        items, ledger=ledger, routing=Routing(), consumer="notifier", now=now
    )


async def test_a_redelivered_decision_event_creates_no_new_deliveries(
    fake_ledger, decision_data, incoming_decision, t0
):
    event = incoming_decision(decision_data())
    assert await recorded(fake_ledger, [event], t0) == 3
    assert await recorded(fake_ledger, [event], t0) == 0
    assert len(fake_ledger.rows) == 3


async def test_the_same_decision_under_another_event_id_creates_nothing_new(
    fake_ledger, decision_data, incoming_decision, t0
):
    data = decision_data()
    await recorded(fake_ledger, [incoming_decision(data)], t0)
    assert await recorded(fake_ledger, [incoming_decision(data)], t0) == 0


async def test_a_newer_version_supersedes_pending_deliveries_of_the_older_one(
    fake_ledger, decision_data, incoming_decision, t0
):
    v1 = decision_data(decision_version=1)
    v2 = decision_data(decision_version=2, reason="requisition_changed", level="M4")
    # Both in one batch, newest first: intake orders them by version.
    await recorded(fake_ledger, [incoming_decision(v2), incoming_decision(v1)], t0)
    by_version = {}
    for row in fake_ledger.rows.values():
        by_version.setdefault(row.decision_version, set()).add(row.status)
    assert by_version == {1: {Status.SUPERSEDED}, 2: {Status.PENDING}}


async def test_a_late_older_version_is_recorded_already_superseded(
    fake_ledger, decision_data, incoming_decision, t0
):
    v2 = decision_data(decision_version=2, reason="requisition_changed")
    await recorded(fake_ledger, [incoming_decision(v2)], t0)
    await recorded(fake_ledger, [incoming_decision(decision_data(decision_version=1))], t0)
    old = [r for r in fake_ledger.rows.values() if r.decision_version == 1]
    assert len(old) == 3
    assert {r.status for r in old} == {Status.SUPERSEDED}
    ats = [r for r in fake_ledger.rows.values() if r.channel is Channel.GREENHOUSE]
    assert len(ats) == 2
