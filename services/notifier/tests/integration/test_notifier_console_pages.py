"""The notifier console over HTTP on a SQLite ledger and the real broker: sign-in, deliveries
and retry, dead letters and replay, the pipeline page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from leveling_common.db import create_engine, create_session_factory
from leveling_common.kafka import ensure_topics
from notifier.adapters.dlq_replay import KafkaDlqReplayer
from notifier.adapters.ledger import SqlLedger
from notifier.config import Settings
from notifier.domain.delivery import Channel, Failure, RetryPolicy, Status
from notifier.domain.planning import Routing
from notifier.entrypoints.api import create_app
from notifier.entrypoints.console import install_console
from notifier.service_layer.intake import record_decisions

pytestmark = pytest.mark.integration
ADMIN = "integration-admin-token-0123456789"
READER = "console-reader-token-0123456789"
HOSTILE = "<script>alert('x')</script> Clinical Lead"
KEY = "greenhouse:4012001"


@pytest.fixture
def settings(kafka_settings, random_id):
    digest = hashlib.sha256(READER.encode()).hexdigest()
    return Settings(
        LEVELING_ADMIN_TOKEN=ADMIN,
        LEVELING_API_TOKENS=f"{digest}=notifier:read",
        KAFKA_BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        decisions_topic=random_id("decisions"),
        consumer_group=random_id("notifier"),
    )


@pytest.fixture
async def engine(sqlite_ledger_url):
    built = create_engine(sqlite_ledger_url)
    yield built
    await built.dispose()


@pytest.fixture
def ledger(engine):
    return SqlLedger(create_session_factory(engine))


@pytest.fixture
async def seeded(ledger, decision_data, incoming_decision, t0):
    """Two requisitions: one with a hostile title, and one whose ATS write-back died."""
    first = decision_data(external_id="4012001", requisition_title=HOSTILE)
    second = decision_data(external_id="4012002")
    items = [incoming_decision(first), incoming_decision(second)]
    await record_decisions(items, ledger=ledger, routing=Routing(), consumer="notifier", now=t0)
    page = await ledger.page(status=None, limit=50, after=None)
    for delivery in page.items:
        if delivery.requisition_key == KEY:
            await ledger.modify(delivery.id, lambda d: d.succeeded(now=t0 + timedelta(minutes=1)))
        elif delivery.channel is Channel.GREENHOUSE:
            failure = Failure.permanent("HTTP 404 from the ATS: job 4012002 is unknown")
            await ledger.modify(
                delivery.id,
                lambda d, f=failure: d.failed(f, now=t0, policy=RetryPolicy(), jitter=0.0),
            )
    return ledger


def _console_app(
    settings: Settings, ledger: SqlLedger, engine: AsyncEngine, clock: Callable[[], datetime]
) -> FastAPI:
    """The notifier app with its console (installed here until the app factory does it)."""
    replayer = KafkaDlqReplayer(settings.kafka())
    app = create_app(settings=settings, ledger=ledger, replayer=replayer, readiness={})
    if not any(getattr(route, "path", "") == "/console" for route in app.routes):
        install_console(
            app, settings=settings, ledger=ledger, replayer=replayer, engine=engine, clock=clock
        )
    return app


def _client(app: FastAPI) -> httpx.AsyncClient:
    """Cookie-keeping, over https like a browser: the sign-in cookie is Secure."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="https://notifier.test")


@pytest.fixture
async def browser(settings, seeded, engine, t0):
    """A signed-out visitor; the console's clock stands just after the seeded activity."""
    app = _console_app(settings, seeded, engine, lambda: t0 + timedelta(minutes=5))
    async with _client(app) as client:
        yield client


async def _sign_in(client: httpx.AsyncClient, token: str = ADMIN) -> httpx.Response:
    return await client.post("/console/login", data={"token": token, "next": "/console"})


async def _dead_id(ledger: SqlLedger) -> str:
    (dead,) = (await ledger.page(status=Status.DEAD, limit=10, after=None)).items
    return dead.id


async def test_sign_in_refuses_a_bad_token_and_lets_a_good_one_see_the_deliveries(browser):
    assert (await browser.get("/console")).status_code == 303
    assert (await _sign_in(browser, "wrong-token-wrong-token-000")).status_code == 401
    assert (await _sign_in(browser)).status_code == 303
    page = await browser.get("/console")
    assert page.status_code == 200
    assert "HTTP 404 from the ATS" in page.text
    assert "Elena Vasquez" in page.text


async def test_titles_from_the_ats_are_escaped_on_every_page(browser):
    await _sign_in(browser)
    for path in ("/console", f"/console/requisitions/{KEY}"):
        page = (await browser.get(path)).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Clinical Lead" in page


async def test_the_status_filter_and_the_requisition_page_show_the_right_deliveries(browser):
    await _sign_in(browser)
    dead = (await browser.get("/console?status=dead")).text
    assert "greenhouse:4012002" in dead
    assert "greenhouse:4012001" not in dead
    page = (await browser.get(f"/console/requisitions/{KEY}")).text
    assert page.count('<span class="tag sent">sent</span>') == 3
    assert "Decisions received" in page
    assert f"/console/requisitions/{KEY}" in page


async def test_retrying_a_dead_delivery_makes_it_pending_and_needs_the_write_scope(browser, seeded):
    dead_id = await _dead_id(seeded)
    path = f"/console/deliveries/{dead_id}/retry"
    anonymous = await browser.post(path, data={"next": "/console?status=dead"})
    assert anonymous.headers["location"].startswith("/console/login")
    await _sign_in(browser, READER)
    assert (await browser.post(path, data={"next": "/console"})).status_code == 403
    assert (await seeded.get(dead_id)).status is Status.DEAD
    await _sign_in(browser)
    retried = await browser.post(path, data={"next": "/console?status=dead"})
    assert retried.status_code == 303
    assert retried.headers["location"].startswith("/console?status=dead&flash=")
    assert "is pending again" in (await browser.get(retried.headers["location"])).text
    assert (await seeded.get(dead_id)).status is Status.PENDING
    again = await browser.post(path, data={"next": "https://elsewhere.example/"})
    assert again.headers["location"].startswith("/console?flash=Not+retried")


async def _dead_letters(settings, count: int) -> None:
    await ensure_topics(settings.kafka(), [settings.decisions_topic])
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for offset in range(count):
            headers = [
                ("dlq.original.topic", settings.decisions_topic.encode()),
                ("dlq.original.offset", str(offset).encode()),
                ("dlq.exception.class", b"PoisonRecord"),
                ("dlq.exception.message", b"<b>not a decision</b>"),
                ("dlq.service", b"notifier"),
            ]
            await producer.send_and_wait(
                f"{settings.decisions_topic}.dlq", b"{}", key=KEY.encode(), headers=headers
            )
    finally:
        await producer.stop()


async def test_dead_letters_are_counted_shown_and_replayed(browser, settings):
    await _dead_letters(settings, 2)
    await _sign_in(browser)
    page = (await browser.get("/console/dead-letters")).text
    assert f"<code>{settings.decisions_topic}.dlq</code>" in page
    assert "<strong>2</strong> records" in page
    assert "2 not replayed yet" in page
    assert "&lt;b&gt;not a decision&lt;/b&gt;" in page
    replay = await browser.post(
        f"/console/dead-letters/{settings.decisions_topic}/replay", data={"limit": "100"}
    )
    assert "Replayed 2 dead letter(s)" in (await browser.get(replay.headers["location"])).text
    assert "0 not replayed yet" in (await browser.get("/console/dead-letters")).text
    unknown = await browser.post("/console/dead-letters/other.v1/replay", data={"limit": "1"})
    assert (
        "is not a topic this console replays"
        in (await browser.get(unknown.headers["location"])).text
    )


async def test_the_pipeline_page_shows_lag_activity_and_failures(browser, settings):
    await ensure_topics(settings.kafka(), [settings.decisions_topic])
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    for _ in range(3):
        await producer.send_and_wait(settings.decisions_topic, b"{}", partition=0)
    await producer.stop()
    group = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=settings.consumer_group,
        enable_auto_commit=False,
    )
    await group.start()
    partition = TopicPartition(settings.decisions_topic, 0)
    group.assign([partition])
    await group.commit({partition: OffsetAndMetadata(1, "")})
    await group.stop()
    await _sign_in(browser)
    page = (await browser.get("/console/pipeline")).text
    assert "The broker did not answer" not in page
    row = (
        f"<td>{settings.consumer_group}</td><td>{settings.decisions_topic}</td>"
        '<td class="num">0</td>\n    <td class="num">1</td><td class="num">3</td>'
    )
    assert row in page
    assert "events waiting for <strong>" + settings.consumer_group in page
    assert "<svg" in page
    assert "Decisions made per minute" in page
    assert "<title>" in page
    assert "HTTP 404 from the ATS" in page


async def test_pages_still_render_when_the_broker_is_down(settings, seeded, engine, t0):
    down = settings.model_copy(update={"kafka_bootstrap_servers": "127.0.0.1:1"})
    async with _client(_console_app(down, seeded, engine, lambda: t0)) as client:
        await _sign_in(client)
        for path in ("/console/dead-letters", "/console/pipeline"):
            page = await client.get(path)
            assert page.status_code == 200
            assert "The broker did not answer" in page.text
