import json
import time

import httpx
import pytest

from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.smtp_sink import free_port
from leveling_devstack.webhooks import (
    GREENHOUSE_USER_AGENT,
    send_ashby_webhook,
    send_greenhouse_webhook,
    verify_ashby,
    verify_greenhouse,
)

pytestmark = pytest.mark.integration

LONDON_JOB = next(j for j in handwritten_jobs() if j["id"] == 4012003)


async def test_a_greenhouse_webhook_arrives_with_greenhouse_headers_and_a_valid_signature(
    webhook_receiver,
):
    response = await send_greenhouse_webhook(
        webhook_receiver.url, "gh-secret", "job_created", LONDON_JOB, "evt-123"
    )

    [request] = webhook_receiver.received
    assert response.status_code == 202
    assert request.headers["greenhouse-event-id"] == "evt-123"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == GREENHOUSE_USER_AGENT
    assert request.headers["signature"].startswith("sha256 ")
    assert verify_greenhouse("gh-secret", request.body, request.headers["signature"])
    assert b"\\u00a34.2M" in request.body
    assert b"\\u2013 Team Lead" in request.body
    assert json.loads(request.body)["payload"]["job"] == LONDON_JOB


async def test_a_webhook_without_event_id_gets_a_fresh_one_per_send(webhook_receiver):
    async with httpx.AsyncClient() as client:
        for _ in range(2):
            await send_greenhouse_webhook(
                webhook_receiver.url, "s", "job_updated", LONDON_JOB, client=client
            )

    ids = {r.headers["greenhouse-event-id"] for r in webhook_receiver.received}
    assert len(ids) == 2


async def test_an_ashby_webhook_arrives_signed_with_its_action_id(webhook_receiver):
    await send_ashby_webhook(webhook_receiver.url, "ashby-secret", "jobCreate", LONDON_JOB, "wa-1")

    [request] = webhook_receiver.received
    assert request.headers["ashby-signature"].startswith("sha256=")
    assert verify_ashby("ashby-secret", request.body, request.headers["ashby-signature"])
    assert json.loads(request.body)["webhookActionId"] == "wa-1"


def test_an_emulated_webhook_to_an_unreachable_target_is_recorded_as_an_error(ats):
    target = f"http://127.0.0.1:{free_port()}/v1/webhooks/greenhouse"
    ats.state.configure_webhooks(emit_job_updated=True, target=target, secret="s")
    body = {"custom_fields": [{"name_key": "level", "value": "M1"}]}

    with httpx.Client(base_url=ats.url, timeout=5) as client:
        answer = client.patch("/v1/jobs/4012003", json=body, headers=ats.write_headers)
    deadline = time.monotonic() + 5
    while not ats.state.webhooks() and time.monotonic() < deadline:
        time.sleep(0.02)

    assert answer.status_code == 200
    [delivery] = ats.state.webhooks()
    assert delivery.status is None
    assert delivery.error is not None
    assert delivery.error.startswith("ConnectError")
