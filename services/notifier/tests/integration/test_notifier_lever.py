"""Lever decisions on a real broker → the ATS sandbox's Lever API and the SMTP sink: the
requisition read, our custom fields set beside the others, the whole of it put back, and
owner and hiring manager found as Lever users."""

import asyncio

import pytest

from leveling_devstack.ats_sandbox.lever import SANDBOX_LEVER_API_KEY, lever_user_id
from leveling_devstack.people import HIRING_MANAGERS, RECRUITERS
from notifier.adapters.migrations import upgrade
from notifier.domain.delivery import Channel, Status

pytestmark = pytest.mark.integration

REQUISITION = "lever-req-7f3a"
PRIYA, ELENA = RECRUITERS[0], HIRING_MANAGERS[0]


def requisition_row():
    return {
        "id": REQUISITION,
        "requisitionCode": "CT-101",
        "name": "Senior Clinical Project Manager",
        "status": "open",
        "headcountTotal": 2,
        "headcountHired": 0,
        "location": "New York, NY",
        "team": "Clinical Operations",
        "department": "Clinical Development",
        "hiringManager": lever_user_id(ELENA),
        "owner": lever_user_id(PRIYA),
        "compensationBand": {"currency": "USD", "interval": "per-year-salary", "min": 1, "max": 2},
        "customFields": {"cost_center": "CD-114"},
    }


def lever_decision(decision_data, **changes):
    team = {
        "recruiters": [{"external_user_id": lever_user_id(PRIYA), "name": None, "email": None}],
        "hiring_managers": [
            {"external_user_id": lever_user_id(ELENA), "name": None, "email": None}
        ],
    }
    return decision_data(
        requisition_key=f"lever:{REQUISITION}",
        source_system="lever",
        external_id=REQUISITION,
        hiring_team=team,
        **changes,
    )


def settled(service, count):
    async def check():
        rows = (await service.ledger.page(status=None, limit=100, after=None)).items
        return len(rows) == count and all(r.status in {Status.SENT, Status.DEAD} for r in rows)

    return check


async def test_a_lever_decision_updates_the_requisition_and_mails_owner_and_hiring_manager(
    database_url, make_settings, notifier_running, decisions_topic, decision_data, ats, mailbox,
    eventually,
):  # fmt: skip
    await asyncio.to_thread(upgrade, database_url)
    ats.state.lever.put_requisition(requisition_row())
    settings = make_settings(
        database_url, lever_url=f"{ats.url}/lever", lever_api_key=SANDBOX_LEVER_API_KEY
    )
    async with notifier_running(settings) as service:
        events = await decisions_topic.publish([lever_decision(decision_data)])
        await decisions_topic.republish(events)
        await eventually(settled(service, 3), within=60)
        await asyncio.sleep(0.5)  # a redelivered event gets its chance to write twice
        rows = (await service.ledger.page(status=None, limit=100, after=None)).items

    assert {r.status for r in rows} == {Status.SENT}
    (update,) = ats.state.lever.updates()
    (ats_row,) = [r for r in rows if r.channel is Channel.LEVER]
    assert update.idempotency_key == ats_row.id
    stored = ats.state.lever.requisition(REQUISITION)
    assert stored["customFields"]["cost_center"] == "CD-114"  # other fields are kept
    assert stored["customFields"]["level"] == "M3"
    assert (
        stored["customFields"]["pay_band"] == "USD 120,000 \u2013 160,000 per year (New York City)"
    )
    assert "Why: 1) Responsibilities:" in stored["customFields"]["level_rationale"]
    assert stored["headcountTotal"] == 2
    assert stored["compensationBand"]["max"] == 2
    assert sorted(a for m in mailbox.messages() for a in m.to) == sorted([PRIYA.email, ELENA.email])
    lookups = [c for c in ats.state.calls() if c.path.startswith("/lever/v1/users/")]
    assert len(lookups) == 2


async def test_a_requisition_lever_does_not_know_is_a_dead_delivery(
    database_url, make_settings, notifier_running, decisions_topic, decision_data, ats, mailbox,
    eventually,
):  # fmt: skip
    await asyncio.to_thread(upgrade, database_url)
    settings = make_settings(
        database_url, lever_url=f"{ats.url}/lever", lever_api_key=SANDBOX_LEVER_API_KEY
    )
    async with notifier_running(settings) as service:
        await decisions_topic.publish([lever_decision(decision_data)])
        await eventually(settled(service, 3), within=60)
        rows = (await service.ledger.page(status=None, limit=100, after=None)).items

    (ats_row,) = [r for r in rows if r.channel is Channel.LEVER]
    assert ats_row.status is Status.DEAD
    assert "HTTP 404" in (ats_row.last_error or "")
    assert ats.state.lever.updates() == []
