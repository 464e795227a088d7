"""What reaches people: versions that change nothing stay silent; every email has links."""

import asyncio

import pytest

from notifier.domain.delivery import Status

pytestmark = pytest.mark.integration

ELENA = "elena.vasquez@meridianbio.example.com"
TEAM = {
    "recruiters": [],
    "hiring_managers": [{"external_user_id": None, "name": "Elena Vasquez", "email": ELENA}],
}


def next_version(before, version, **changes):
    return {
        "external_id": before.external_id,
        "decision_version": version,
        "reason": "requisition_changed",
        "supersedes": before.decision_id,
        "hiring_team": TEAM,
        "previous": {
            "level": before.level,
            "band": before.band.model_dump(mode="json"),
            "status": before.status,
            "flags": list(before.flags),
        },
        **changes,
    }


async def test_a_version_that_changes_nothing_sends_no_email_and_no_write_back(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    add_sandbox_job,
    mailbox,
    eventually,
):
    add_sandbox_job(4012101)
    v1 = decision_data(external_id="4012101", hiring_team=TEAM)
    v2 = decision_data(**next_version(v1, 2))
    v3 = decision_data(**next_version(v2, 3, flags=["range_required_missing"]))
    settings = make_settings(
        sqlite_ledger_url,
        console_url="http://leveler.example.com:8002",
        greenhouse_job_url="https://app.greenhouse.io/sdash/{id}",
    )
    async with notifier_running(settings) as service:

        def sent(count):
            async def check():
                rows = (await service.ledger.page(status=None, limit=50, after=None)).items
                return len(rows) == count and all(r.status is Status.SENT for r in rows)

            return check

        await decisions_topic.publish([v1])
        await eventually(sent(2), within=60)
        await decisions_topic.publish([v2, v3])
        await eventually(sent(4), within=60)
        await asyncio.sleep(1.0)  # time for anything v2 might wrongly cause
        rows = (await service.ledger.page(status=None, limit=50, after=None)).items

    assert sorted({r.decision_version for r in rows}) == [1, 3]
    assert len(ats.state.writebacks(4012101)) == 2
    messages = [m for m in mailbox.messages() if ELENA in m.to]
    assert len(messages) == 2
    console = "http://leveler.example.com:8002/console/requisitions/greenhouse:4012101"
    for message in messages:
        assert f"Review or override:  {console}" in message.text
        assert 'href="https://app.greenhouse.io/sdash/4012101"' in message.html
    assert "pay range on the job posting" in messages[-1].text
