"""Decisions on a real broker → the real ATS sandbox and SMTP sink, through the notifier."""

import asyncio
import base64
import hashlib
import hmac
import json
import time

import pytest

from leveling_devstack.server import BackgroundServer
from notifier.adapters.migrations import upgrade
from notifier.domain.delivery import Channel, Status

pytestmark = pytest.mark.integration

HOSTILE_TITLE = 'Senior Clinical Project Manager <script>alert("pwn")</script> & Lead'
PRIYA = "priya.raman@meridianbio.example.com"
MARCUS = "marcus.bell@meridianbio.example.com"
ELENA = "elena.vasquez@meridianbio.example.com"
JAMES = "james.whitfield@meridianbio.example.com"


def team(recruiter_id, manager_email, manager_name):
    return {
        "recruiters": [{"external_user_id": recruiter_id, "name": None, "email": None}],
        "hiring_managers": [
            {"external_user_id": None, "name": manager_name, "email": manager_email}
        ],
    }


async def ledger_rows(service):
    return list((await service.ledger.page(status=None, limit=500, after=None)).items)


def all_sent(service, count):
    async def check():
        rows = await ledger_rows(service)
        return len(rows) == count and all(r.status is Status.SENT for r in rows)

    return check


def mail_to(mailbox, address):
    return [m for m in mailbox.messages() if address in m.to]


async def test_each_decision_gives_one_write_back_and_one_email_per_recipient(
    database_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    mailbox,
    eventually,
):
    await asyncio.to_thread(upgrade, database_url)
    first = decision_data(
        external_id="4012001",
        requisition_title=HOSTILE_TITLE,
        flags=["posted_range_outside_band"],
        hiring_team=team("4080001", ELENA, "Elena Vasquez"),
    )
    second = decision_data(
        external_id="4012002",
        level="M5",
        status="needs_review",
        boundary_with="M4",
        requisition_title="Director, Clinical Project Management",
        hiring_team=team("4080002", JAMES, "James Whitfield"),
    )
    async with notifier_running(make_settings(database_url)) as service:
        events = await decisions_topic.publish([first, second])
        await decisions_topic.republish(events)
        await eventually(all_sent(service, 6), within=60)
        # Let a redelivered event have every chance to cause a second effect.
        await asyncio.sleep(1.0)
        rows = await ledger_rows(service)

    writebacks = ats.state.writebacks()
    assert sorted(w.job_id for w in writebacks) == [4012001, 4012002]
    ats_ids = {r.requisition_key: r.id for r in rows if r.channel is Channel.GREENHOUSE}
    for writeback in writebacks:
        key = f"greenhouse:{writeback.job_id}"
        assert writeback.idempotency_key == ats_ids[key]
        # The default is Harvest v3: a client-credentials bearer token issued for the
        # acting user, who is recorded as the writer.
        assert writeback.headers["authorization"].startswith("Bearer ")
        assert "on-behalf-of" not in writeback.headers
        assert writeback.on_behalf_of == ats.on_behalf_of
        level, band, rationale = writeback.body["custom_fields"]
        assert band == {
            "name_key": "pay_band",
            "min_value": 120000,
            "max_value": 160000,
            "unit": "USD",
        }
        assert rationale["name_key"] == "level_rationale"
        assert level["name_key"] == "level"
    job = ats.state.job(4012001)["custom_fields"]
    assert job["level"]["value"] == "M3"
    assert job["pay_band"]["value"] == {
        "min_value": "120000.0",
        "max_value": "160000.0",
        "unit": "USD",
    }
    assert "Why: 1) Responsibilities:" in job["level_rationale"]["value"]
    assert ats.state.job(4012002)["custom_fields"]["level"]["value"] == "M5"

    messages = mailbox.messages()
    assert sorted(a for m in messages for a in m.to) == sorted([PRIYA, ELENA, MARCUS, JAMES])
    email_ids = {r.recipient.key: r.id for r in rows if r.channel is Channel.EMAIL}
    (to_priya,) = mail_to(mailbox, PRIYA)
    assert to_priya.message_id == (
        f"<{email_ids['user:greenhouse:4080001']}@meridianbio.example.com>"
    )
    assert "Hi Priya," in to_priya.text
    assert HOSTILE_TITLE in to_priya.text
    assert "USD 120,000 \u2013 160,000 per year (New York City)" in to_priya.text
    assert "falls outside the band" in to_priya.text
    assert "<script>" not in to_priya.html
    assert "&lt;script&gt;alert(&#34;pwn&#34;)&lt;/script&gt; &amp; Lead" in to_priya.html
    assert "leads cross-functional study teams" in to_priya.html
    (to_james,) = mail_to(mailbox, JAMES)
    assert to_james.subject.startswith("[Review] Level M5")
    assert "REVIEW NEEDED" in to_james.text
    assert "Close call between M5 and M4" in to_james.html


async def test_a_rate_limited_ats_is_retried_after_retry_after_and_written_once(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    eventually,
):
    ats.state.rate_limit_next(3, retry_after_s=1)
    async with notifier_running(make_settings(sqlite_ledger_url)) as service:
        await decisions_topic.publish([decision_data(external_id="4012003", hiring_team=None)])
        await eventually(all_sent(service, 1), within=30)
        (row,) = await ledger_rows(service)
    statuses = [c.status for c in ats.state.calls() if c.method == "PATCH"]
    assert statuses[0] == 429
    assert statuses[-1] == 200
    assert len(ats.state.writebacks(4012003)) == 1
    # Throttling used no attempt: only the successful one counts.
    assert row.attempts == 1


async def test_a_new_version_rewrites_the_same_fields_and_says_what_changed(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    mailbox,
    eventually,
):
    v1 = decision_data(
        external_id="4012004", level="M2", hiring_team=team("4080003", ELENA, "Elena Vasquez")
    )
    v2 = decision_data(
        external_id="4012004",
        decision_version=2,
        reason="band_changed",
        supersedes=v1.decision_id,
        hiring_team=v1.hiring_team.model_dump(),
        previous={
            "level": "M2",
            "band": v1.band.model_dump(mode="json"),
            "status": "auto_approved",
        },
        band=v1.band.model_dump(mode="json") | {"min": 125000, "max": 170000, "mid": 147500},
        level="M3",
    )
    settings = make_settings(sqlite_ledger_url, digest_quiet_seconds=0.5)
    async with notifier_running(settings) as service:
        await decisions_topic.publish([v1])
        await eventually(all_sent(service, 3), within=60)
        await decisions_topic.publish([v2])
        # The band re-level: a write-back and, for the two people, one digest each.
        await eventually(all_sent(service, 6), within=60)
    assert [w.body["custom_fields"][0]["value"] for w in ats.state.writebacks(4012004)] == [
        "M2",
        "M3",
    ]
    job = ats.state.job(4012004)["custom_fields"]
    assert job["pay_band"]["value"]["max_value"] == "170000.0"
    (update,) = [m for m in mail_to(mailbox, ELENA) if m.subject.startswith("New pay")]
    assert update.subject == "New pay bands (bs-2026-01): 1 of your jobs moved"
    assert "Level: M2 → M3" in update.text
    assert "USD 125,000 \u2013 170,000 per year" in update.html


class WebhookReceiver:
    """A real HTTP endpoint that keeps what it receives; fails the first `failures` calls."""

    def __init__(self, failures=0):
        self.received = []
        self.failures = failures

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        status = 503 if self.failures > 0 else 204
        self.failures -= 1
        self.received.append((status, headers, body))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def test_a_configured_webhook_receives_each_decision_signed_standard_webhooks_style(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    eventually,
):
    secret_key = b"0123456789abcdef0123456789abcdef"
    secret = "whsec_" + base64.b64encode(secret_key).decode()
    receiver = WebhookReceiver(failures=1)
    with BackgroundServer(receiver) as server:
        settings = make_settings(
            sqlite_ledger_url, webhook_url=f"{server.url}/hooks/leveling", webhook_secret=secret
        )
        data = decision_data(
            source_system="workday",
            requisition_key="workday:R-77",
            external_id="R-77",
            hiring_team=None,
        )
        async with notifier_running(settings) as service:
            await decisions_topic.publish([data])
            await eventually(all_sent(service, 1), within=30)
            (row,) = await ledger_rows(service)
    assert [status for status, _, _ in receiver.received] == [503, 204]
    (_, failed_headers, _), (_, headers, body) = receiver.received
    assert headers["webhook-id"] == failed_headers["webhook-id"] == row.id
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(secret_key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    document = json.loads(body)
    assert document["type"] == "com.leveling.decision.made.v1"
    assert document["data"]["decision_id"] == data.decision_id
    assert row.channel is Channel.WEBHOOK
