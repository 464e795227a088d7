"""Webhook intake over real HTTP and a real database: signatures, limits, answers."""

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from leveler.adapters.tables import outbox, webhook_receipts
from leveler.bootstrap import bootstrap
from leveler.entrypoints.api.app import create_app
from leveling_common.events import REQUISITION_OPENED
from leveling_common.testing import free_port

UNICODE_TITLE = "Senior Clinical Project Manager <Oncology> \u2013 Z\u00fcrich & NYC"


async def _count(api: Any, table: Any) -> int:
    async with api.container.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def _outbox_events(api: Any) -> list[dict[str, Any]]:
    async with api.container.sessions() as session:
        rows = (await session.execute(select(outbox.c.value).order_by(outbox.c.id))).scalars()
        return [json.loads(value) for value in rows]


def _headers(signature: str | None, event_id: str | None = None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Signature"] = signature
    if event_id is not None:
        headers["Greenhouse-Event-ID"] = event_id
    return headers


async def test_a_signed_job_created_is_accepted_durably_with_202(
    api, greenhouse_body, greenhouse_job, sign, event_id
):
    body = greenhouse_body("job_created", greenhouse_job(4012345))

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse",
            content=body,
            headers=_headers(f"sha256 {sign(body)}", event_id()),
        )

    assert response.status_code == 202
    assert response.json() == {
        "status": "accepted",
        "action": "job_created",
        "requisition_key": "greenhouse:4012345",
    }
    [event] = await _outbox_events(api)
    assert event["type"] == REQUISITION_OPENED
    assert event["subject"] == "greenhouse:4012345"
    assert event["data"]["posted_range"] == {
        "min": 140000.0,
        "max": 180000.0,
        "currency": "USD",
        "interval": "year",
    }
    assert await _count(api, webhook_receipts) == 1


@pytest.mark.parametrize("signature", [None, "sha256 " + "0" * 64, "sha256", "garbage"])
async def test_a_forged_or_unsigned_webhook_gets_401_and_nothing_is_stored(
    api, greenhouse_body, greenhouse_job, event_id, signature
):
    body = greenhouse_body("job_created", greenhouse_job(1))

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_headers(signature, event_id())
        )

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert await _count(api, outbox) == 0
    assert await _count(api, webhook_receipts) == 0


async def test_a_body_signed_with_another_secret_is_refused(
    api, greenhouse_body, greenhouse_job, sign, event_id
):
    body = greenhouse_body("job_created", greenhouse_job(1))

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse",
            content=body,
            headers=_headers(f"sha256 {sign(body, 'not-the-secret')}", event_id()),
        )

    assert response.status_code == 401
    assert await _count(api, outbox) == 0


async def test_a_unicode_escaped_body_signed_as_greenhouse_signs_it_is_accepted(
    api, greenhouse_body, greenhouse_job, sign, event_id
):
    job = greenhouse_job(77, name=UNICODE_TITLE)
    body = greenhouse_body("job_created", job)
    assert b"\\u003c" in body
    assert b"\\u00fc" in body

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse",
            content=body,
            headers=_headers(f"sha256 {sign(body)}", event_id()),
        )

    assert response.status_code == 202
    [event] = await _outbox_events(api)
    assert event["data"]["title"] == UNICODE_TITLE


async def test_the_same_greenhouse_event_id_twice_is_acknowledged_once(
    api, greenhouse_body, greenhouse_job, sign
):
    body = greenhouse_body("job_created", greenhouse_job(5))
    headers = _headers(f"sha256 {sign(body)}", "evt-5")

    async with api.client(token=None) as client:
        first = await client.post("/v1/webhooks/greenhouse", content=body, headers=headers)
        second = await client.post("/v1/webhooks/greenhouse", content=body, headers=headers)

    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["status"] == "duplicate"
    assert await _count(api, outbox) == 1


async def test_ping_and_unsubscribed_events_are_acknowledged_and_ignored(api, sign):
    documents = [
        {"action": "ping", "payload": {"web_hook_id": 1}},
        {"action": "candidate_hired", "payload": {"application": {}}},
    ]
    answers = []
    async with api.client(token=None) as client:
        for document in documents:
            body = json.dumps(document).encode()
            headers = _headers(f"sha256 {sign(body)}")
            answers.append(
                await client.post("/v1/webhooks/greenhouse", content=body, headers=headers)
            )

    assert [a.status_code for a in answers] == [200, 200]
    assert [a.json()["status"] for a in answers] == ["pong", "ignored"]
    assert await _count(api, outbox) == 0


async def test_a_body_over_one_mebibyte_is_refused_by_its_declared_length(api, sign):
    body = b"{" + b" " * (1024 * 1024) + b"}"

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_headers(f"sha256 {sign(body)}")
        )

    assert response.status_code == 413


async def test_a_chunked_body_over_the_limit_is_refused_while_streaming(api, sign):
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * (64 * 1024)

    async with api.client(token=None) as client:
        response = await client.post(
            "/v1/webhooks/greenhouse", content=chunks(), headers=_headers("sha256 00")
        )

    assert "content-length" not in response.request.headers
    assert response.status_code == 413


async def test_a_signed_body_that_is_not_json_is_400_and_a_wrong_shape_is_422(api, sign):
    not_json = b"<xml/>"
    wrong_shape = json.dumps({"action": "job_created", "payload": {"job": {"name": "x"}}}).encode()

    async with api.client(token=None) as client:
        bad = await client.post(
            "/v1/webhooks/greenhouse",
            content=not_json,
            headers=_headers(f"sha256 {sign(not_json)}"),
        )
        unprocessable = await client.post(
            "/v1/webhooks/greenhouse",
            content=wrong_shape,
            headers=_headers(f"sha256 {sign(wrong_shape)}"),
        )

    assert bad.status_code == 400
    assert unprocessable.status_code == 422
    assert unprocessable.headers["content-type"] == "application/problem+json"


async def test_a_job_created_without_a_name_and_with_a_text_id_is_422_naming_both(api, sign):
    body = json.dumps(
        {"action": "job_created", "payload": {"job": {"id": "JOB-12", "status": "open"}}}
    ).encode()
    async with api.client(token=None) as client:
        answer = await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_headers(f"sha256 {sign(body)}")
        )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    detail = answer.json()["detail"]
    assert "payload.job.id must be an integer" in detail
    assert "payload.job.name is missing" in detail


async def test_a_signed_ashby_job_create_is_accepted_and_deduplicated_by_action_id(api, sign):
    document = {
        "webhookActionId": "7f7d5a3e-0000-4000-8000-000000000001",
        "action": "jobCreate",
        "data": {"job": {"id": "job-1", "title": "Clinical Trial Manager", "status": "Open",
                         "location": {"id": "l", "name": "Raleigh, NC"}}},
    }  # fmt: skip
    body = json.dumps(document).encode()
    headers = {"Ashby-Signature": f"sha256={sign(body, 'ashby-webhook-secret')}"}

    async with api.client(token=None) as client:
        first = await client.post("/v1/webhooks/ashby", content=body, headers=headers)
        again = await client.post("/v1/webhooks/ashby", content=body, headers=headers)
        forged = await client.post(
            "/v1/webhooks/ashby", content=body, headers={"Ashby-Signature": "sha256=00"}
        )

    assert first.status_code == 202
    assert first.json()["requisition_key"] == "ashby:job-1"
    assert again.json()["status"] == "duplicate"
    assert forged.status_code == 401
    assert await _count(api, outbox) == 1


async def test_the_canonical_intake_needs_the_write_scope_and_answers_202_with_the_key(api):
    requisition = {
        "requisition_key": "workday:R-1",
        "source_system": "workday",
        "external_id": "R-1",
        "title": "Clinical Project Manager",
        "description": "Runs one study end to end.",
    }

    async with api.client(token=None) as anonymous:
        unauthenticated = await anonymous.post("/v1/requisitions", json=requisition)
    async with api.client(token="integration-read-only-token-0123456") as reader:
        forbidden = await reader.post("/v1/requisitions", json=requisition)
    async with api.client() as writer:
        accepted = await writer.post("/v1/requisitions", json=requisition)
        invalid = await writer.post("/v1/requisitions", json={**requisition, "external_id": "x"})

    assert (unauthenticated.status_code, forbidden.status_code) == (401, 403)
    assert accepted.status_code == 202
    assert accepted.json()["requisition_key"] == "workday:R-1"
    assert invalid.status_code == 422
    assert await _count(api, outbox) == 1


async def test_a_webhook_whose_secret_is_not_set_answers_503_not_configured(settings):
    container = bootstrap(settings.model_copy(update={"ashby_secret": None}))
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://leveler") as client:
            response = await client.post(
                "/v1/webhooks/ashby", content=b"{}", headers={"Ashby-Signature": "sha256=00"}
            )
    finally:
        await container.aclose()

    assert response.status_code == 503
    assert response.json()["title"] == "Webhook not configured"


async def test_a_database_outage_answers_503_so_the_sender_retries(
    settings, greenhouse_body, greenhouse_job, sign
):
    unreachable = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nowhere"
    container = bootstrap(settings.model_copy(update={"database_url": unreachable}))
    body = greenhouse_body("job_created", greenhouse_job(3))
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://leveler") as client:
            response = await client.post(
                "/v1/webhooks/greenhouse",
                content=body,
                headers=_headers(f"sha256 {sign(body)}", "evt-3"),
            )
            ready = await client.get("/readyz")
    finally:
        await container.aclose()

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("failing")
