"""Ashby decisions on a real broker → the ATS sandbox's Ashby API and the SMTP sink: the
job's custom fields set in one `customField.setValues`, recipients found by `user.info`."""

import asyncio

import pytest

from leveling_devstack.ats_sandbox.ashby import ASHBY_FIELDS, SANDBOX_ASHBY_API_KEY, ashby_user_id
from leveling_devstack.people import HIRING_MANAGERS, RECRUITERS
from notifier.adapters.migrations import upgrade
from notifier.domain.delivery import Channel, Status

pytestmark = pytest.mark.integration

JOB = "5b6f4b0e-7f59-4f8e-9f57-3c6f4f0f2a11"
UNKNOWN_JOB = "0d9c1a52-1111-4b44-8a0e-000000000000"
PRIYA, ELENA = RECRUITERS[0], HIRING_MANAGERS[0]


def ashby_settings(make_settings, database_url, ats, **changes):
    return make_settings(
        database_url,
        ashby_url=f"{ats.url}/ashby",
        ashby_api_key=SANDBOX_ASHBY_API_KEY,
        ashby_field_level=ASHBY_FIELDS.level,
        ashby_field_pay_band=ASHBY_FIELDS.pay_band,
        ashby_field_rationale=ASHBY_FIELDS.rationale,
        **changes,
    )


def ashby_decision(decision_data, job_id, **changes):
    team = {
        "recruiters": [{"external_user_id": ashby_user_id(PRIYA), "name": None, "email": None}],
        "hiring_managers": [
            {"external_user_id": ashby_user_id(ELENA), "name": None, "email": None}
        ],
    }
    return decision_data(
        requisition_key=f"ashby:{job_id}",
        source_system="ashby",
        external_id=job_id,
        hiring_team=team,
        **changes,
    )


async def rows_of(service):
    return list((await service.ledger.page(status=None, limit=100, after=None)).items)


def settled(service, count):
    async def check():
        rows = await rows_of(service)
        finished = {Status.SENT, Status.DEAD}
        return len(rows) == count and all(r.status in finished for r in rows)

    return check


async def test_an_ashby_decision_sets_the_jobs_fields_and_mails_its_hiring_team(
    database_url, make_settings, notifier_running, decisions_topic, decision_data, ats, mailbox,
    eventually,
):  # fmt: skip
    await asyncio.to_thread(upgrade, database_url)
    ats.state.ashby.add_job(JOB)
    decided = ashby_decision(decision_data, JOB)
    settings = ashby_settings(make_settings, database_url, ats)
    async with notifier_running(settings) as service:
        events = await decisions_topic.publish([decided])
        await decisions_topic.republish(events)
        await eventually(settled(service, 3), within=60)
        await asyncio.sleep(0.5)  # a redelivered event gets its chance to write twice
        rows = await rows_of(service)

    assert {r.status for r in rows} == {Status.SENT}
    (write,) = ats.state.ashby.writes()
    (ats_row,) = [r for r in rows if r.channel is Channel.ASHBY]
    assert write.idempotency_key == ats_row.id
    fields = ats.state.ashby.job_fields(JOB)
    assert fields[ASHBY_FIELDS.level] == "M3"
    assert fields[ASHBY_FIELDS.pay_band] == {
        "type": "compensation-range",
        "minValue": 120000,
        "maxValue": 160000,
        "currencyCode": "USD",
        "interval": "1 YEAR",
    }
    assert "Why: 1) Responsibilities:" in fields[ASHBY_FIELDS.rationale]
    assert sorted(a for m in mailbox.messages() for a in m.to) == sorted([PRIYA.email, ELENA.email])
    (to_priya,) = [m for m in mailbox.messages() if PRIYA.email in m.to]
    assert "Hi Priya," in to_priya.text
    lookups = [c for c in ats.state.calls() if c.path == "/ashby/user.info"]
    assert len(lookups) == 2  # one per person, then from the cache
    assert all(c.headers["authorization"].startswith("Basic ") for c in ats.state.calls())


async def test_an_unmatched_decision_clears_level_and_band(
    database_url, make_settings, notifier_running, decisions_topic, decision_data, ats, mailbox,
    eventually,
):  # fmt: skip
    await asyncio.to_thread(upgrade, database_url)
    ats.state.ashby.add_job(JOB)
    unmatched = ashby_decision(
        decision_data, JOB, status="unmatched", level=None, track=None, profile=None, band=None
    )
    async with notifier_running(ashby_settings(make_settings, database_url, ats)) as service:
        await decisions_topic.publish([unmatched])
        await eventually(settled(service, 3), within=60)

    fields = ats.state.ashby.job_fields(JOB)
    assert fields[ASHBY_FIELDS.level] is None
    assert fields[ASHBY_FIELDS.pay_band] is None


async def test_a_job_ashby_does_not_know_is_a_dead_delivery_that_says_why(
    database_url, make_settings, notifier_running, decisions_topic, decision_data, ats, mailbox,
    eventually,
):  # fmt: skip
    await asyncio.to_thread(upgrade, database_url)
    async with notifier_running(ashby_settings(make_settings, database_url, ats)) as service:
        await decisions_topic.publish([ashby_decision(decision_data, UNKNOWN_JOB)])
        await eventually(settled(service, 3), within=60)
        rows = await rows_of(service)

    (ats_row,) = [r for r in rows if r.channel is Channel.ASHBY]
    assert ats_row.status is Status.DEAD
    assert ats_row.attempts == 1  # a refusal is not retried
    assert f"job {UNKNOWN_JOB} not found" in (ats_row.last_error or "")
    assert ats.state.ashby.writes() == []
    # The people still hear about the decision.
    assert len(mailbox.messages()) == 2
