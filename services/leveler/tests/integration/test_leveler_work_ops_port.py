"""A lone `leveler work` process serves its own health and metrics on LEVELER_WORK_PORT.

The consumer's figures live in the worker's memory; this is how Prometheus and a
Kubernetes probe reach them when the API runs in another process.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys

import httpx
import pytest

from leveling_common.events import REQUISITION_OPENED, CloudEvent, RequisitionData
from leveling_common.kafka import OutgoingRecord, Producer, ensure_topics
from leveling_common.settings import KafkaSettings
from leveling_common.testing import child_process, free_port, ready_answer, terminate

pytestmark = pytest.mark.integration

TOKEN = "integration-admin-token-0123456789"  # the token the catalogue stub accepts


def _requisition(n: int) -> bytes:
    data = RequisitionData(
        requisition_key=f"ops:{n}",
        source_system="ops",
        external_id=str(n),
        title="Clinical Trial Manager",
        description="Lead 4 clinical research associates across 2 studies. 6+ years.",
        location={"city": "Boston", "region": "MA", "country": "US"},
    )
    event = CloudEvent[RequisitionData](
        source="/test", type=REQUISITION_OPENED, subject=data.requisition_key, data=data
    )
    return event.model_dump_json().encode()


def _sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text, 0 when it is not there yet."""
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            return float(match.group(2))
    return 0.0


async def test_the_worker_serves_readiness_and_its_own_consumer_metrics(
    migrated_url, catalogue, kafka_bootstrap, random_id
):
    port = free_port()
    topic = random_id("requisitions")
    env = {
        **os.environ,
        "LEVELING_ADMIN_TOKEN": TOKEN,
        "LEVELING_LOG_LEVEL": "WARNING",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CATALOGUE_URL": catalogue.url,
        "LEVELER_DATABASE_URL": migrated_url,
        "LEVELER_CONSUMER_GROUP": random_id("ops"),
        "LEVELER_REQUISITIONS_TOPIC": topic,
        "LEVELER_CATALOGUE_TOPIC": random_id("catalogue"),
        "LEVELER_DECISIONS_TOPIC": random_id("decisions"),
        "LEVELER_WORK_PORT": str(port),
    }
    kafka = KafkaSettings(bootstrap_servers=kafka_bootstrap)
    await ensure_topics(kafka, [topic])
    command = [sys.executable, "-m", "leveler.entrypoints.cli", "work"]
    async with child_process(command, env) as process:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            ready = await ready_answer(http)
            assert ready.json()["checks"] == {
                "database": "ok",
                "broker": "ok",
                "partitions": "ok",
                "lever": "ok",  # no Lever connection here, so nothing failing
            }
            # Only operations live here; the API is another process's.
            assert (await http.get("/v1/decisions")).status_code == 404

            async with Producer(kafka) as producer:
                await producer.send_batch(
                    [OutgoingRecord(topic, f"ops:{n}", _requisition(n)) for n in range(3)]
                )
            metrics = await _metrics_once(http, lambda text: _decided(text) >= 3)
            assert _decided(metrics) == 3
            processed = _sample(
                metrics, "leveling_consumer_records_total", topic=topic, outcome="processed"
            )
            assert processed == 3
        assert await terminate(process) == 0


def _decided(metrics: str) -> float:
    return sum(
        _sample(metrics, "leveling_decisions_total", status=status, reason="new")
        for status in ("auto_approved", "needs_review", "unmatched")
    )


async def _metrics_once(http: httpx.AsyncClient, done) -> str:
    async with asyncio.timeout(60):
        while True:
            text = (await http.get("/metrics")).text
            if done(text):
                return text
            await asyncio.sleep(0.2)
