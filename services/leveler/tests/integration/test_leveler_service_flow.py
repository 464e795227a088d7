"""Webhook in → requisitions topic → worker → decision stored and published, on the real
broker with the catalogue served over HTTP, once on SQLite and once on PostgreSQL."""

import json
from typing import Any

import httpx

from leveling_common.events import DECISION_MADE, REQUISITION_OPENED
from leveling_common.kafka import OutgoingRecord, Producer


def _signed(sign: Any, body: bytes, event_id: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Signature": f"sha256 {sign(body)}",
        "Greenhouse-Event-ID": event_id,
    }


async def _decision(client: httpx.AsyncClient, key: str) -> dict[str, Any] | None:
    response = await client.get(f"/v1/requisitions/{key}/decision")
    return response.json() if response.status_code == 200 else None


async def test_a_signed_job_created_becomes_one_decision_and_repeats_add_none(
    leveler, greenhouse_body, greenhouse_job, sign, read_topic, eventually
):
    job = greenhouse_job(4012345)
    body = greenhouse_body("job_created", job)
    key = "greenhouse:4012345"

    async with leveler.client() as client:
        assert (await client.get(f"/v1/requisitions/{key}/decision")).status_code == 404
        first = await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_signed(sign, body, "evt-1")
        )
        repeat = await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_signed(sign, body, "evt-1")
        )
        decision = await eventually(lambda: _decision(client, key))
        # The same job again under a new event id, as after our own write-back.
        job["custom_fields"]["level"] = {"name": "Level", "type": "short_text", "value": "M3"}
        echo_body = greenhouse_body("job_updated", job)
        echo = await client.post(
            "/v1/webhooks/greenhouse", content=echo_body, headers=_signed(sign, echo_body, "evt-2")
        )
        history = (await client.get(f"/v1/requisitions/{key}/decisions")).json()

    assert (first.status_code, repeat.status_code, echo.status_code) == (202, 200, 200)
    assert (repeat.json()["status"], echo.json()["status"]) == ("duplicate", "unchanged")
    assert decision is not None
    assert decision["decision_version"] == 1
    assert decision["profile"]["name"] == "Clinical Project Management"
    assert decision["band"]["zone"] == "US-NYC"
    assert decision["band"]["currency"] == "USD"
    assert 0 < decision["confidence"] <= 1
    assert decision["explanation"]
    assert decision["hiring_team"]["recruiters"] == [
        {"external_user_id": "4080001", "name": None, "email": None}
    ]
    assert [d["decision_id"] for d in history] == [decision["decision_id"]]
    published = await read_topic(
        leveler.settings.kafka_bootstrap_servers, leveler.settings.decisions_topic, expect=1
    )
    assert [(e["type"], e["subject"], e["id"]) for e in published] == [
        (DECISION_MADE, key, decision["decision_id"])
    ]


async def test_an_override_creates_an_audited_version_that_is_published(
    leveler, greenhouse_body, greenhouse_job, sign, read_topic, eventually
):
    body = greenhouse_body("job_created", greenhouse_job(99))
    key = "greenhouse:99"

    async with leveler.client() as client:
        await client.post(
            "/v1/webhooks/greenhouse", content=body, headers=_signed(sign, body, "evt-99")
        )
        first = await eventually(lambda: _decision(client, key))
        target = "M5" if first["level"] != "M5" else "M1"
        override = {"level": target, "reason": "Heads the portfolio", "by": "jane@example.com"}
        made = await client.post(f"/v1/requisitions/{key}/override", json=override)
        unknown_level = await client.post(
            f"/v1/requisitions/{key}/override", json={**override, "level": "Z9"}
        )
        unknown_key = await client.post("/v1/requisitions/greenhouse:0/override", json=override)
        moved = await client.post(
            f"/v1/requisitions/{key}/override",
            json={**override, "level": "M2", "zone": "US-RDU", "reason": "Raleigh team"},
        )
        current = await _decision(client, key)
    async with leveler.client(token="integration-read-only-token-0123456") as reader:
        read_only = await reader.post(f"/v1/requisitions/{key}/override", json=override)
        audit = (await reader.get(f"/v1/requisitions/{key}/overrides")).json()

    assert (made.status_code, moved.status_code) == (201, 201)
    assert (unknown_level.status_code, unknown_key.status_code) == (422, 404)
    assert read_only.status_code == 403
    assert [(o["previous_level"], o["level"], o["by"], o["reason"]) for o in audit] == [
        (first["level"], target, "jane@example.com", "Heads the portfolio"),
        (target, "M2", "jane@example.com", "Raleigh team"),
    ]
    assert (audit[1]["previous_zone"], audit[1]["zone"]) == (first["band"]["zone"], "US-RDU")
    assert audit[1]["profile"] == first["profile"]["code"]
    assert audit[0]["created_at"] <= audit[1]["created_at"]
    assert current is not None
    assert current["band"]["zone"] == "US-RDU"
    moved_decision = current
    assert moved_decision["decision_version"] == 3
    assert current["status"] == "overridden"
    assert current["reason"] == "override"
    assert current["level"] == "M2"
    assert current["overridden_by"] == "jane@example.com"
    published = await read_topic(
        leveler.settings.kafka_bootstrap_servers, leveler.settings.decisions_topic, expect=3
    )
    assert [e["data"]["decision_version"] for e in published] == [1, 2, 3]
    assert published[1]["data"]["supersedes"] == first["decision_id"]


async def test_the_review_queue_lists_current_decisions_and_needs_the_read_scope(
    leveler, eventually
):
    requisition = {
        "requisition_key": "workday:R-7",
        "source_system": "workday",
        "external_id": "R-7",
        "title": "Warehouse Associate",
        "description": "Pick and pack orders on the night shift.",
    }
    async with leveler.client() as client:
        await client.post("/v1/requisitions", json=requisition)
        decision = await eventually(lambda: _decision(client, "workday:R-7"))
        page = (
            await client.get("/v1/decisions", params={"status": decision["status"], "limit": 10})
        ).json()
        bad_cursor = await client.get("/v1/decisions", params={"cursor": "nonsense"})
    async with leveler.client(token=None) as anonymous:
        unauthenticated = await anonymous.get("/v1/decisions")

    assert decision["status"] in {"needs_review", "unmatched"}
    assert [d["requisition_key"] for d in page["items"]] == ["workday:R-7"]
    assert page["next_cursor"] is None
    assert bad_cursor.status_code == 400
    assert unauthenticated.status_code == 401


def _tried_twice(catalogue: Any) -> Any:
    async def check() -> bool:
        return bool(catalogue.requests >= 2)

    return check


async def test_nothing_is_decided_while_no_catalogue_was_ever_read_then_it_catches_up(
    leveler, catalogue, eventually
):
    requisition = {
        "requisition_key": "workday:R-8",
        "source_system": "workday",
        "external_id": "R-8",
        "title": "Clinical Trial Manager",
        "description": "Manage two CRAs on a single study.",
    }
    catalogue.down = True
    async with leveler.client() as client:
        await client.post("/v1/requisitions", json=requisition)
        # Two failed reads: the worker has tried, and retried, by now.
        await eventually(_tried_twice(catalogue))
        before = await _decision(client, "workday:R-8")
        catalogue.down = False
        after = await eventually(lambda: _decision(client, "workday:R-8"))

    assert before is None
    assert after is not None
    assert after["decision_version"] == 1


async def test_a_malformed_requisition_event_is_dead_lettered_and_the_next_is_decided(
    leveler, eventually, read_topic
):
    settings = leveler.settings
    broken = {
        "specversion": "1.0",
        "id": "bad-1",
        "source": "/x",
        "type": REQUISITION_OPENED,
        "data": {"requisition_key": "x:1", "source_system": "x", "external_id": "1"},
    }
    async with Producer(settings.kafka()) as producer:
        await producer.send_batch(
            [OutgoingRecord(settings.requisitions_topic, "x:1", json.dumps(broken).encode())]
        )
    requisition = {
        "requisition_key": "x:2",
        "source_system": "x",
        "external_id": "2",
        "title": "Clinical Project Manager",
    }
    async with leveler.client() as client:
        await client.post("/v1/requisitions", json=requisition)
        decided = await eventually(lambda: _decision(client, "x:2"))

    assert decided is not None
    [dead] = await read_topic(
        settings.kafka_bootstrap_servers, f"{settings.requisitions_topic}.dlq", expect=1
    )
    assert dead["id"] == "bad-1"
