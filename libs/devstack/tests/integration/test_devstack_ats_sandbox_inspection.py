import json
import smtplib
import time
from email.message import EmailMessage
from typing import Any

import httpx
import pytest

from leveling_devstack.webhooks import verify_greenhouse

pytestmark = pytest.mark.integration

JOB = 4012002
WRITE = {"custom_fields": [{"name_key": "level", "value": "M5"}]}


@pytest.fixture
def client(ats):
    with httpx.Client(base_url=ats.url, timeout=5) as http:
        yield http


def _mail(mailbox, *, html: str | None) -> None:
    msg = EmailMessage()
    msg["From"] = "leveling@meridianbio.example.com"
    msg["To"] = "james.whitfield@meridianbio.example.com"
    msg["Subject"] = "Level M5 for <Director, Clinical Project Management>"
    msg.set_content("Recommended level: M5")
    if html is not None:
        msg.add_alternative(html, subtype="html")
    with smtplib.SMTP(mailbox.host, mailbox.port, timeout=5) as smtp:
        smtp.send_message(msg)


def test_writebacks_calls_and_jobs_are_listed_as_json(client, ats):
    client.patch(
        f"/v1/jobs/{JOB}", json=WRITE, headers={**ats.write_headers, "Idempotency-Key": "x"}
    )

    writebacks = client.get("/sandbox/writebacks").json()
    calls = client.get("/sandbox/calls").json()
    jobs = {j["id"]: j for j in client.get("/sandbox/jobs").json()}

    assert [(w["job_id"], w["idempotency_key"], w["body"]) for w in writebacks] == [
        (JOB, "x", WRITE)
    ]
    assert [(c["method"], c["status"]) for c in calls] == [("PATCH", 200)]
    assert jobs[JOB]["custom_fields"]["level"]["value"] == "M5"
    assert client.get("/sandbox/writebacks", params={"job_id": 1}).json() == []


def test_faults_are_set_through_the_api(client, ats):
    set_down = client.post("/sandbox/faults", json={"down": True})
    read = client.get(f"/v1/jobs/{JOB}", headers={"Authorization": ats.auth_header})
    cleared = client.post(
        "/sandbox/faults", json={"clear": True, "rate_limit_next": 1, "retry_after_s": 2}
    )
    limited = client.get(f"/v1/jobs/{JOB}", headers={"Authorization": ats.auth_header})
    every = client.post("/sandbox/faults", json={"fail_every": 1, "fail_status": 502})
    failed = client.get(f"/v1/jobs/{JOB}", headers={"Authorization": ats.auth_header})

    assert set_down.json()["down"] is True
    assert read.status_code == 503
    assert cleared.json()["down"] is False
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert every.json()["fail_every"] == 1
    assert failed.status_code == 502


def test_a_fault_request_with_an_unknown_member_is_refused(client):
    response = client.post("/sandbox/faults", json={"explode": True})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_reset_through_the_api_restores_jobs_and_empties_logs(client, ats):
    client.patch(f"/v1/jobs/{JOB}", json=WRITE, headers=ats.write_headers)
    client.post("/sandbox/faults", json={"down": True})

    assert client.post("/sandbox/reset").status_code == 204

    assert client.get("/sandbox/writebacks").json() == []
    assert client.get("/sandbox/faults").json()["down"] is False
    assert ats.state.job(JOB)["custom_fields"]["level"]["value"] is None


def test_a_job_can_be_added_and_then_written_back(client, ats):
    job = {"id": 5550001, "name": "Clinical Operations Lead", "custom_fields": {}}

    created = client.post("/sandbox/jobs", json=job)
    written = client.patch("/v1/jobs/5550001", json=WRITE, headers=ats.write_headers)

    assert created.status_code == 201
    assert written.status_code == 200
    assert written.json()["custom_fields"]["level"]["value"] == "M5"
    assert client.post("/sandbox/jobs", json={"name": "no id"}).status_code == 422


def test_mail_of_the_attached_sink_is_listed_with_its_html_part_served_sandboxed(client, mailbox):
    _mail(mailbox, html="<p>Level <b>M5</b></p><script>alert(1)</script>")

    [listed] = client.get("/sandbox/mail").json()
    html = client.get(f"/sandbox/mail/{listed['id']}/html")
    raw = client.get(f"/sandbox/mail/{listed['id']}/raw")

    assert listed["to"] == ["james.whitfield@meridianbio.example.com"]
    assert listed["text"] == "Recommended level: M5\n"
    assert html.headers["content-security-policy"].startswith("sandbox")
    assert "<b>M5</b>" in html.text
    assert raw.headers["content-type"] == "message/rfc822"
    assert client.get("/sandbox/mail/nope/html").status_code == 404


def test_the_console_shows_written_back_levels_bands_and_mail_escaped(client, ats, mailbox):
    client.patch(
        f"/v1/jobs/{JOB}",
        json={
            "custom_fields": [
                {"name_key": "level", "value": "M5"},
                {"name_key": "pay_band", "min_value": 210000, "max_value": 270000, "unit": "USD"},
                {"name_key": "level_rationale", "value": "Manages managers <b>portfolio</b>"},
            ]
        },
        headers=ats.write_headers,
    )
    _mail(mailbox, html="<p>Level M5</p>")
    message_id = mailbox.messages()[0].id

    page = client.get("/")
    mail_page = client.get(f"/mail/{message_id}")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "USD 210,000 \u2013 270,000" in page.text
    assert "Manages managers &lt;b&gt;portfolio&lt;/b&gt;" in page.text
    assert "Level M5 for &lt;Director, Clinical Project Management&gt;" in page.text
    assert f'href="/mail/{message_id}"' in page.text
    assert (
        f'<iframe sandbox title="HTML part" src="/sandbox/mail/{message_id}/html">'
        in mail_page.text
    )


def test_with_emulation_on_a_changing_write_back_sends_a_signed_job_updated_webhook(
    client, ats, webhook_receiver
):
    ats.state.configure_webhooks(
        emit_job_updated=True, target=webhook_receiver.url, secret="gh-secret"
    )
    m4 = {"custom_fields": [{"name_key": "level", "value": "M4"}]}

    for body, key in ((WRITE, "d1"), (WRITE, "d1"), (WRITE, "d2"), (m4, "d3")):
        client.patch(
            f"/v1/jobs/{JOB}", json=body, headers={**ats.write_headers, "Idempotency-Key": key}
        )

    deliveries = _deliveries(client, at_least=2)
    assert [d["status"] for d in deliveries] == [202, 202]
    assert len(webhook_receiver.received) == 2
    first = webhook_receiver.received[0]
    assert first.headers["greenhouse-event-id"] == deliveries[0]["event_id"]
    assert verify_greenhouse("gh-secret", first.body, first.headers["signature"])
    documents = [json.loads(r.body) for r in webhook_receiver.received]
    assert {d["action"] for d in documents} == {"job_updated"}
    assert {d["payload"]["job"]["id"] for d in documents} == {JOB}
    levels = [d["payload"]["job"]["custom_fields"]["level"]["value"] for d in documents]
    assert levels == ["M5", "M4"]


def test_without_emulation_no_webhook_is_sent(client, ats, webhook_receiver):
    ats.state.configure_webhooks(target=webhook_receiver.url, secret="gh-secret")

    client.patch(f"/v1/jobs/{JOB}", json=WRITE, headers=ats.write_headers)

    assert client.get("/sandbox/webhooks").json()["deliveries"] == []
    assert webhook_receiver.received == []


def _deliveries(
    client: httpx.Client, *, at_least: int, deadline_s: float = 5.0
) -> list[dict[str, Any]]:
    # Greenhouse sends the webhook after answering the edit, so poll for it.
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        deliveries: list[dict[str, Any]] = client.get("/sandbox/webhooks").json()["deliveries"]
        if len(deliveries) >= at_least:
            return deliveries
        time.sleep(0.02)
    raise AssertionError(f"fewer than {at_least} webhook deliveries within {deadline_s}s")
