"""One requisition, one trace: the webhook's span, the decision's and every delivery's.

The leveler (API, worker, outbox relay) and the notifier (consumer, dispatcher) run in this
process on the real broker, SQLite databases, the ATS sandbox and the SMTP sink; the spans
they record are collected by an in-memory exporter. The trace context crosses two Kafka
topics and two outboxes on its way, inside the CloudEvents it travels with.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from leveler.adapters.migrations import migrate
from leveler.bootstrap import bootstrap as bootstrap_leveler
from leveler.config import Settings as LevelerSettings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.worker import run_worker as run_leveler
from leveler.testing import CatalogueStub, seed_snapshot
from leveling_common.tracing import recording_provider
from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.testing import RunningSandbox
from leveling_devstack.webhooks import greenhouse_body, sign_greenhouse
from notifier.adapters.migrations import upgrade
from notifier.bootstrap import bootstrap as bootstrap_notifier
from notifier.config import Settings as NotifierSettings
from notifier.entrypoints.worker import run_worker as run_notifier

TOKEN = "system-trace-admin-token-0123456789"
SECRET = "system-trace-greenhouse-secret"


def _exporter() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    recording_provider("system-test").add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@contextlib.asynccontextmanager
async def _running(
    tmp_path: Path, kafka_bootstrap: str, ats: Any, mailbox: Any, random_id: Callable[[str], str]
) -> AsyncIterator[httpx.AsyncClient]:
    leveler_db = f"sqlite+aiosqlite:///{tmp_path / 'leveler.db'}"
    notifier_db = f"sqlite+aiosqlite:///{tmp_path / 'notifier.db'}"
    await asyncio.to_thread(migrate, leveler_db)
    await asyncio.to_thread(upgrade, notifier_db)
    decisions_topic = random_id("decisions")
    shared = {"LEVELING_ADMIN_TOKEN": TOKEN, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    with CatalogueStub(seed_snapshot(), token=TOKEN) as catalogue:
        leveler = bootstrap_leveler(
            LevelerSettings(
                **shared,
                CATALOGUE_URL=catalogue.url,
                database_url=leveler_db,
                greenhouse_secret=SECRET,
                consumer_group=random_id("leveler"),
                requisitions_topic=random_id("requisitions"),
                catalogue_topic=random_id("catalogue"),
                decisions_topic=decisions_topic,
            )
        )
        notifier = bootstrap_notifier(
            NotifierSettings(
                **shared,
                database_url=notifier_db,
                decisions_topic=decisions_topic,
                consumer_group=random_id("notifier"),
                greenhouse_url=ats.url,
                greenhouse_api_key=ats.api_key,
                greenhouse_on_behalf_of=str(ats.on_behalf_of),
                smtp_host=mailbox.host,
                smtp_port=mailbox.port,
                dispatch_idle_seconds=0.1,
            )
        )
        stop = asyncio.Event()
        workers = [
            asyncio.create_task(run_leveler(leveler, stop)),
            asyncio.create_task(run_notifier(notifier, stop)),
        ]
        transport = httpx.ASGITransport(app=create_app(leveler))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://leveler") as client:
                yield client
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*workers), timeout=60)
            await notifier.aclose()
            await leveler.aclose()


async def _written_back(ats: RunningSandbox, job_id: int, seconds: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not ats.state.writebacks(job_id):
        assert asyncio.get_running_loop().time() < deadline, "no write-back arrived"
        await asyncio.sleep(0.1)


def _one(spans: list[ReadableSpan], name: str) -> ReadableSpan:
    found = [span for span in spans if span.name == name]
    assert len(found) == 1, f"{name}: {[s.name for s in spans]}"
    return found[0]


async def test_a_requisition_is_one_trace_from_webhook_to_write_back_and_email(
    tmp_path, kafka_bootstrap, ats, mailbox, random_id
):
    exporter = _exporter()
    job = handwritten_jobs()[0]
    body = greenhouse_body("job_created", job)
    headers = {
        "Content-Type": "application/json",
        "Signature": sign_greenhouse(SECRET, body),
        "Greenhouse-Event-ID": random_id("evt"),
    }
    async with _running(tmp_path, kafka_bootstrap, ats, mailbox, random_id) as leveler:
        answer = await leveler.post("/v1/webhooks/greenhouse", content=body, headers=headers)
        assert answer.status_code == 202, answer.text
        await _written_back(ats, int(job["id"]))
        await asyncio.to_thread(mailbox.wait_for, 1, timeout=30)

    key = f"greenhouse:{job['id']}"
    spans = [s for s in exporter.get_finished_spans() if _key_of(s) in (key, None)]
    intake = _one(spans, "intake greenhouse")
    level = _one(spans, "level requisition")
    write_back = _one(spans, "deliver greenhouse")
    emails = [span for span in spans if span.name == "deliver email"]
    assert emails
    trace_id = intake.context.trace_id
    for span in (level, write_back, *emails):
        assert span.context.trace_id == trace_id, span.name
    assert _parent_id(level) == intake.context.span_id
    for delivery in (write_back, *emails):
        assert _parent_id(delivery) == level.context.span_id
        assert (delivery.attributes or {}).get("delivery.status") == "sent"
    assert (level.attributes or {}).get("requisition.key") == key


def _parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def _key_of(span: ReadableSpan) -> object:
    return (span.attributes or {}).get("requisition.key")
