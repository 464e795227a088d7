"""Integration fixtures: a migrated database (SQLite or PostgreSQL), a catalogue served over
real HTTP, the leveler's API on a real uvicorn server and its worker on the real broker.

Every test gets its own topics and consumer group (random names), so tests sharing the
session's broker never see each other's events.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from leveler.adapters.migrations import migrate
from leveler.bootstrap import Container, bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker
from leveler.testing import CatalogueStub, seed_snapshot
from leveling_common.events import BANDSET_PUBLISHED, BandSetPublishedData, CloudEvent, utc_now
from leveling_common.kafka import OutgoingRecord, Producer
from leveling_common.testing import free_port, serving

ADMIN_TOKEN = "integration-admin-token-0123456789"
READ_TOKEN = "integration-read-only-token-0123456"
GREENHOUSE_SECRET = "greenhouse-webhook-secret"
ASHBY_SECRET = "ashby-webhook-secret"


def greenhouse_json(document: Any) -> bytes:
    """Serialised as Greenhouse does: `<`, `>`, `&` and non-ASCII escaped as \\uXXXX."""
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.encode()


def _sign(body: bytes, secret: str = GREENHOUSE_SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _greenhouse_job(job_id: int, **changes: Any) -> dict[str, Any]:
    """`payload.job` in the documented Harvest shape: a senior CPM in New York."""
    job: dict[str, Any] = {
        "id": job_id,
        "name": "Senior Clinical Project Manager",
        "requisition_id": f"REQ-{job_id}",
        "notes": (
            "<p>Lead a team of 4 clinical project managers across <b>multiple studies</b>; "
            "own timelines, budgets & vendor oversight.</p><ul><li>7+ years of clinical trial "
            "management experience</li></ul>"
        ),
        "confidential": False,
        "status": "open",
        "created_at": "2026-10-01T12:00:00Z",
        "opened_at": "2026-10-01T12:00:00Z",
        "closed_at": None,
        "departments": [{"id": 50102, "name": "Clinical Project Management", "external_id": None}],
        "offices": [
            {"id": 60103, "name": "New York", "location": "New York, NY, United States",
             "external_id": "OFF-NYC"}
        ],
        "hiring_team": {
            "hiring_managers": [{"user_id": 4080011, "employee_id": None}],
            "recruiters": [{"user_id": 4080001, "employee_id": None}],
            "sourcers": [],
            "coordinators": [],
        },
        "openings": [],
        "custom_fields": {
            "salary_range": {
                "name": "Salary Range",
                "type": "currency_range",
                "value": {"min_value": "140000.0", "max_value": "180000.0", "unit": "USD"},
            }
        },
    }  # fmt: skip
    job.update(changes)
    return job


@pytest.fixture
def greenhouse_body() -> Callable[..., bytes]:
    def build(action: str, job: dict[str, Any]) -> bytes:
        return greenhouse_json({"action": action, "payload": {"job": job}})

    return build


@pytest.fixture
async def migrated_url(database_url: str) -> str:
    """The per-test database with the leveler's migrations applied (as `leveler migrate`)."""
    await asyncio.to_thread(migrate, database_url)
    return database_url


@pytest.fixture
def catalogue() -> Iterator[CatalogueStub]:
    with CatalogueStub(seed_snapshot(), token=ADMIN_TOKEN) as stub:
        yield stub


@pytest.fixture
def settings(
    migrated_url: str,
    kafka_bootstrap: str,
    catalogue: CatalogueStub,
    random_id: Callable[[str], str],
) -> Settings:
    token_digest = hashlib.sha256(READ_TOKEN.encode()).hexdigest()
    return Settings(
        LEVELING_ADMIN_TOKEN=ADMIN_TOKEN,
        LEVELING_API_TOKENS=f"{token_digest}=leveler:read",
        KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CATALOGUE_URL=catalogue.url,
        database_url=migrated_url,
        port=free_port(),
        greenhouse_secret=GREENHOUSE_SECRET,
        ashby_secret=ASHBY_SECRET,
        consumer_group=random_id("leveler"),
        requisitions_topic=random_id("requisitions"),
        catalogue_topic=random_id("catalogue"),
        decisions_topic=random_id("decisions"),
    )


@dataclass
class RunningLeveler:
    container: Container
    url: str
    stop: asyncio.Event

    @property
    def settings(self) -> Settings:
        return self.container.settings

    def client(self, token: str | None = ADMIN_TOKEN) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10)


def _serving(container: Container) -> contextlib.AbstractAsyncContextManager[str]:
    return serving(create_app(container), port=container.settings.port)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[RunningLeveler]:
    """The HTTP API on a real uvicorn server (no worker): what `leveler serve` runs."""
    container = bootstrap(settings)
    try:
        async with _serving(container) as url:
            yield RunningLeveler(container, url, asyncio.Event())
    finally:
        await container.aclose()


@pytest.fixture
async def leveler(settings: Settings) -> AsyncIterator[RunningLeveler]:
    """API, worker and outbox relay in one process on the real broker: `leveler all`."""
    container = bootstrap(settings)
    stop = asyncio.Event()
    try:
        async with _serving(container) as url:
            worker = asyncio.create_task(run_worker(container, stop))
            try:
                yield RunningLeveler(container, url, stop)
            finally:
                stop.set()
                await worker
    finally:
        await container.aclose()


async def _read_topic(
    bootstrap: str, topic: str, *, expect: int, seconds: float = 30.0
) -> list[dict[str, Any]]:
    """Every record of `topic` from the start, waiting until `expect` distinct events (by
    CloudEvents id) arrived: the relay may publish a row twice after a crash."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            partitions = [TopicPartition(topic, p) for p in range(3)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        found: list[dict[str, Any]] = []
        ids: set[str] = set()
        deadline = asyncio.get_running_loop().time() + seconds
        while len(ids) < expect and asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                found += [json.loads(r.value) for r in records if r.value is not None]
            ids = {str(event.get("id")) for event in found}
        return found
    finally:
        await consumer.stop()


async def _eventually(check: Callable[[], Any], *, seconds: float = 30.0) -> Any:
    """Poll an async check until it returns something truthy (eventual consistency)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.1)


@pytest.fixture
def sign() -> Callable[..., str]:
    """HMAC-SHA256 hex of a body with the Greenhouse (default) or another secret."""
    return _sign


@pytest.fixture
def greenhouse_job() -> Callable[..., dict[str, Any]]:
    return _greenhouse_job


@pytest.fixture
def read_topic() -> Callable[..., Any]:
    return _read_topic


@pytest.fixture
def eventually() -> Callable[..., Any]:
    return _eventually


@pytest.fixture
def event_id() -> Callable[[], str]:
    return lambda: str(uuid.uuid4())


async def _publish_band_set(settings: Settings, band_set_id: str) -> None:
    """Announce a published band set on the catalogue topic, as the catalogue's relay would."""
    now = utc_now()
    event = CloudEvent[BandSetPublishedData](
        source="/catalogue",
        type=BANDSET_PUBLISHED,
        subject=band_set_id,
        data=BandSetPublishedData(
            band_set_id=band_set_id,
            name="2027 review",
            effective_from=now - timedelta(minutes=1),
            catalogue_version="v-next",
            published_at=now,
        ),
    )
    record = OutgoingRecord(
        topic=settings.catalogue_topic, key=band_set_id, value=event.model_dump_json().encode()
    )
    async with Producer(settings.kafka()) as producer:
        await producer.send_batch([record])


@pytest.fixture
def publish_band_set() -> Callable[[Settings, str], Any]:
    return _publish_band_set
