import hashlib
from dataclasses import replace

import httpx
import pytest

from notifier.adapters.dlq_replay import UnknownTopic
from notifier.config import Settings
from notifier.domain.delivery import Status
from notifier.domain.planning import Routing
from notifier.entrypoints.api import create_app
from notifier.service_layer.intake import record_decisions

ADMIN = "admin-token-" + "x" * 20
READER = "reader-token-" + "y" * 20


class Replayer:
    def __init__(self, answer=3):
        self.calls = []
        self.answer = answer

    async def replay(self, topic, *, limit):
        self.calls.append((topic, limit))
        if self.answer is None:
            raise UnknownTopic(f"{topic}.dlq")
        return self.answer


async def ready():
    return None


@pytest.fixture
def replayer():
    return Replayer()


@pytest.fixture
async def client(fake_ledger, replayer):
    digest = hashlib.sha256(READER.encode()).hexdigest()
    settings = Settings(LEVELING_ADMIN_TOKEN=ADMIN, LEVELING_API_TOKENS=f"{digest}=notifier:read")
    app = create_app(
        settings=settings, ledger=fake_ledger, replayer=replayer, readiness={"db": ready}
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as http:
        yield http


def auth(token=ADMIN):
    return {"Authorization": f"Bearer {token}"}


async def seed(ledger, decision_data, incoming_decision, t0, count=2):
    for n in range(count):
        item = incoming_decision(decision_data(external_id=str(4012100 + n)))
        await record_decisions(
            [item], ledger=ledger, routing=Routing(), consumer="notifier", now=t0
        )


async def test_reading_deliveries_needs_a_token_with_the_read_scope(client):
    assert (await client.get("/v1/deliveries")).status_code == 401
    answer = await client.get("/v1/deliveries", headers=auth(READER))
    assert answer.status_code == 200
    assert answer.json() == {"items": [], "next_cursor": None}


async def test_deliveries_are_listed_newest_first_a_page_at_a_time(
    client, fake_ledger, decision_data, incoming_decision, t0
):
    await seed(fake_ledger, decision_data, incoming_decision, t0, count=2)
    seen, cursor = [], None
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/deliveries", params=params, headers=auth())).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    newest_first = sorted(fake_ledger.rows, key=lambda i: -fake_ledger.seq[i])
    assert seen == newest_first
    assert len(seen) == 6


async def test_deliveries_can_be_filtered_by_status(
    client, fake_ledger, decision_data, incoming_decision, t0
):
    await seed(fake_ledger, decision_data, incoming_decision, t0, count=1)
    dead_id = next(iter(fake_ledger.rows))
    fake_ledger.rows[dead_id] = replace(fake_ledger.rows[dead_id], status=Status.DEAD)
    page = (await client.get("/v1/deliveries?status=dead", headers=auth())).json()
    assert [item["id"] for item in page["items"]] == [dead_id]
    item = page["items"][0]
    assert item["status"] == "dead"
    assert item["channel"] == "greenhouse"
    assert item["recipient"]["key"] == "job:greenhouse:4012100"


async def test_a_malformed_cursor_or_status_is_a_problem_document(client):
    for query in ("cursor=bm9wZQ", "status=lost", "limit=0"):
        answer = await client.get(f"/v1/deliveries?{query}", headers=auth())
        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"


async def test_retrying_a_dead_delivery_makes_it_pending_again(
    client, fake_ledger, decision_data, incoming_decision, t0
):
    await seed(fake_ledger, decision_data, incoming_decision, t0, count=1)
    dead_id = next(iter(fake_ledger.rows))
    fake_ledger.rows[dead_id] = replace(
        fake_ledger.rows[dead_id], status=Status.DEAD, attempts=1, last_error="HTTP 404"
    )
    answer = await client.post(f"/v1/deliveries/{dead_id}/retry", headers=auth())
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["attempts"]) == ("pending", 0)
    assert fake_ledger.rows[dead_id].status is Status.PENDING


async def test_retrying_needs_the_write_scope(client):
    answer = await client.post("/v1/deliveries/x/retry", headers=auth(READER))
    assert answer.status_code == 403


async def test_retrying_a_pending_or_unknown_delivery_is_refused(
    client, fake_ledger, decision_data, incoming_decision, t0
):
    await seed(fake_ledger, decision_data, incoming_decision, t0, count=1)
    pending_id = next(iter(fake_ledger.rows))
    assert (
        await client.post(f"/v1/deliveries/{pending_id}/retry", headers=auth())
    ).status_code == 409
    missing = await client.post("/v1/deliveries/nope/retry", headers=auth())
    assert missing.status_code == 404
    assert missing.json()["title"] == "Not found"


async def test_replaying_dead_letters_reports_how_many_were_republished(client, replayer):
    answer = await client.post("/v1/dlq/leveling.decisions.v1/replay?limit=25", headers=auth())
    assert answer.status_code == 200
    assert answer.json() == {"topic": "leveling.decisions.v1", "replayed": 3}
    assert replayer.calls == [("leveling.decisions.v1", 25)]


async def test_replaying_an_unknown_or_malformed_topic_is_refused(client, replayer):
    replayer.answer = None
    assert (await client.post("/v1/dlq/nothing.here/replay", headers=auth())).status_code == 404
    assert (await client.post("/v1/dlq/x.dlq/replay", headers=auth())).status_code == 422
    assert (await client.post("/v1/dlq/a$b/replay", headers=auth(READER))).status_code == 403


async def test_metrics_show_deliveries_by_state_and_channel(
    client, fake_ledger, decision_data, incoming_decision, t0
):
    await seed(fake_ledger, decision_data, incoming_decision, t0, count=2)
    text = (await client.get("/metrics")).text
    assert 'leveling_notifier_deliveries{channel="email",status="pending"} 4.0' in text
    assert 'leveling_notifier_deliveries{channel="greenhouse",status="pending"} 2.0' in text
    assert 'leveling_notifier_deliveries{channel="webhook",status="dead"} 0.0' in text
