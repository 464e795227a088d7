"""A band-set publication: one digest per recipient, one write-back per job."""

import asyncio

import pytest

from notifier.domain.delivery import Channel, Status

pytestmark = pytest.mark.integration

PRIYA = "priya.raman@meridianbio.example.com"
OLD_BAND = {
    "min": 120000,
    "mid": 140000,
    "max": 160000,
    "currency": "USD",
    "interval": "year",
    "zone": "New York City",
    "band_set_id": "bs-2026-01",
    "effective_from": "2026-01-01",
}
NEW_BAND = OLD_BAND | {"min": 126000, "mid": 147000, "max": 168000, "band_set_id": "bs-2027"}
TEAM = {
    "recruiters": [{"external_user_id": None, "name": "Priya Raman", "email": PRIYA}],
    "hiring_managers": [],
}


def band_relevel(decision_data, job_id):
    return decision_data(
        external_id=str(job_id),
        requisition_title=f"Clinical Project Manager {job_id}",
        decision_version=2,
        reason="band_changed",
        band=NEW_BAND,
        hiring_team=TEAM,
        previous={"level": "M3", "band": OLD_BAND, "status": "auto_approved", "flags": []},
    )


async def test_a_publication_moving_30_jobs_sends_one_digest_and_30_write_backs(
    migrated_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    add_sandbox_job,
    mailbox,
    eventually,
):
    jobs = list(range(4013001, 4013031))
    for job_id in jobs:
        add_sandbox_job(job_id)
    relevels = [band_relevel(decision_data, job_id) for job_id in jobs]
    settings = make_settings(migrated_url, digest_quiet_seconds=1.0)
    async with notifier_running(settings) as service:
        # In three batches, as a leveler relaying its outbox would publish them.
        for start in range(0, 30, 10):
            await decisions_topic.publish(relevels[start : start + 10])

        async def all_sent():
            rows = (await service.ledger.page(status=None, limit=100, after=None)).items
            return len(rows) == 31 and all(r.status is Status.SENT for r in rows)

        await eventually(all_sent, within=90)
        await asyncio.sleep(1.5)  # a second digest would be due by now
        rows = (await service.ledger.page(status=None, limit=100, after=None)).items

    assert sum(len(ats.state.writebacks(job_id)) for job_id in jobs) == 30
    (digest,) = [r for r in rows if r.channel is Channel.DIGEST]
    (message,) = [m for m in mailbox.messages() if PRIYA in m.to]
    assert message.subject == "New pay bands (bs-2027): 30 of your jobs moved"
    assert message.message_id == f"<{digest.id}@meridianbio.example.com>"
    tagged = [v for k, v in message.headers if k.lower() == "x-leveling-requisition"]
    assert sorted(tagged) == [f"greenhouse:{job_id}" for job_id in jobs]
    for job_id in jobs:
        assert f"greenhouse:{job_id}" in message.text
    assert message.text.count("Band:  USD 120,000 \u2013 160,000 per year (New York City) → ") == 30
    assert "USD 126,000 \u2013 168,000 per year" in message.html


async def test_a_job_arriving_after_its_digest_went_out_opens_a_second_one(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    add_sandbox_job,
    mailbox,
    eventually,
):
    for job_id in (4013101, 4013102):
        add_sandbox_job(job_id)
    settings = make_settings(sqlite_ledger_url, digest_quiet_seconds=0.3)
    async with notifier_running(settings) as service:

        def sent_digests(count):
            async def check():
                rows = (await service.ledger.page(status=None, limit=100, after=None)).items
                digests = [r for r in rows if r.channel is Channel.DIGEST]
                return len(digests) == count and all(r.status is Status.SENT for r in digests)

            return check

        await decisions_topic.publish([band_relevel(decision_data, 4013101)])
        await eventually(sent_digests(1), within=60)
        await decisions_topic.publish([band_relevel(decision_data, 4013102)])
        await eventually(sent_digests(2), within=60)

    first, second = sorted(
        (m for m in mailbox.messages() if PRIYA in m.to), key=lambda m: "4013102" in m.text
    )
    assert "greenhouse:4013101" in first.text
    assert "greenhouse:4013102" not in first.text
    assert "greenhouse:4013102" in second.text
    assert "greenhouse:4013101" not in second.text
    assert first.message_id != second.message_id
