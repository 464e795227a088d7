"""Integration fixtures: a migrated ledger database, notifier settings pointing at the real
broker, ATS sandbox and SMTP sink, and a notifier worker running in the test's loop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest

from leveling_common.events import DECISION_MADE, CloudEvent, DecisionData
from leveling_common.kafka import OutgoingRecord, Producer, ensure_topics
from leveling_common.settings import KafkaSettings
from leveling_devstack.testing import RunningSandbox
from notifier.adapters.migrations import upgrade
from notifier.bootstrap import Notifier, bootstrap
from notifier.config import Settings
from notifier.entrypoints.worker import run_worker

ADMIN_TOKEN = "integration-admin-token-0123456789"


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """A fresh ledger database (SQLite and PostgreSQL), migrated to head."""
    upgrade(database_url)
    return database_url


@pytest.fixture
def sqlite_ledger_url(sqlite_url: str) -> str:
    upgrade(sqlite_url)
    return sqlite_url


@pytest.fixture
def topic(random_id: Callable[[str], str]) -> str:
    """A decisions topic of this test's own, so tests sharing the broker never mix."""
    return random_id("decisions")


@pytest.fixture
def make_settings(
    kafka_settings: KafkaSettings,
    ats: RunningSandbox,
    mailbox: Any,
    topic: str,
    random_id: Callable[[str], str],
) -> Callable[..., Settings]:
    """Notifier settings for the sandbox and sink, with retries fast enough for a test."""

    def make(database_url: str, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "LEVELING_ADMIN_TOKEN": ADMIN_TOKEN,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_settings.bootstrap_servers,
            "database_url": database_url,
            "decisions_topic": topic,
            "consumer_group": random_id("notifier"),
            "greenhouse_url": ats.url,
            "greenhouse_api_key": ats.api_key,
            "greenhouse_on_behalf_of": str(ats.on_behalf_of),
            "smtp_host": mailbox.host,
            "smtp_port": mailbox.port,
            "email_from": "Leveling <leveling@meridianbio.example.com>",
            "retry_base_seconds": 0.2,
            "retry_cap_seconds": 2.0,
            "greenhouse_timeout_seconds": 3.0,
            "ashby_timeout_seconds": 3.0,
            "lever_timeout_seconds": 3.0,
            "smtp_timeout_seconds": 3.0,
            "webhook_timeout_seconds": 3.0,
            "lease_seconds": 10.0,
            "dispatch_idle_seconds": 0.1,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@asynccontextmanager
async def running_notifier(settings: Settings) -> AsyncIterator[Notifier]:
    """The `notifier work` loops (consumer and dispatcher) in this event loop."""
    service = bootstrap(settings)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(service, stop))
    try:
        yield service
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=30)
        await service.aclose()


@pytest.fixture
def notifier_running() -> Callable[[Settings], Any]:
    return running_notifier


def decision_event(data: DecisionData) -> CloudEvent[DecisionData]:
    return CloudEvent[DecisionData](
        source="/leveler", type=DECISION_MADE, subject=data.requisition_key, data=data
    )


async def send_events(
    kafka_settings: KafkaSettings, topic: str, events: Sequence[CloudEvent[DecisionData]]
) -> None:
    """Publish as the leveler does: one CloudEvent per record, keyed by requisition key."""
    await ensure_topics(kafka_settings, [topic])
    async with Producer(kafka_settings) as producer:
        await producer.send_batch(
            [
                OutgoingRecord(
                    topic=topic,
                    key=e.data.requisition_key,
                    value=e.model_dump_json().encode(),
                    headers={"content-type": b"application/cloudevents+json"},
                )
                for e in events
            ]
        )


class DecisionTopic:
    """The test's decisions topic on the real broker."""

    def __init__(self, kafka_settings: KafkaSettings, topic: str) -> None:
        self.settings = kafka_settings
        self.name = topic

    async def publish(self, decisions: Sequence[DecisionData]) -> list[CloudEvent[DecisionData]]:
        events = [decision_event(d) for d in decisions]
        await send_events(self.settings, self.name, events)
        return events

    async def republish(self, events: Sequence[CloudEvent[DecisionData]]) -> None:
        """The same events again, as a producer retrying after a lost ack would."""
        await send_events(self.settings, self.name, events)


@pytest.fixture
def decisions_topic(kafka_settings: KafkaSettings, topic: str) -> DecisionTopic:
    return DecisionTopic(kafka_settings, topic)


def sandbox_job(ats: RunningSandbox, job_id: int, *, title: str | None = None) -> None:
    """Add a job to the sandbox, shaped like its first sample job."""
    template = json.loads(json.dumps(ats.state.jobs()[0]))
    template["id"] = job_id
    if title is not None:
        template["name"] = title
    ats.state.put_job(template)


@pytest.fixture
def add_sandbox_job(ats: RunningSandbox) -> Callable[..., None]:
    def add(job_id: int, *, title: str | None = None) -> None:
        sandbox_job(ats, job_id, title=title)

    return add


async def until(
    condition: Callable[[], Any], *, within: float = 30.0, interval: float = 0.05
) -> None:
    """Poll `condition` (sync or async) until it is truthy; fail after `within` seconds."""
    async with asyncio.timeout(within):
        while True:
            result = condition()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            await asyncio.sleep(interval)


@pytest.fixture
def eventually() -> Callable[..., Any]:
    return until
