"""Kill -9 the worker (a real `leveler work` subprocess) again and again while 2,000
requisitions flow: afterwards every requisition has exactly one decision, none lost, none
duplicated, on PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from leveler.adapters.migrations import migrate
from leveler.adapters.tables import decisions
from leveler.testing import CatalogueStub, seed_snapshot
from leveling_common.db import create_engine
from leveling_common.events import REQUISITION_OPENED, CloudEvent, RequisitionData
from leveling_common.kafka import OutgoingRecord, Producer, ensure_topics
from leveling_common.settings import KafkaSettings

TOTAL = 2000
KILLS = 4
TOKEN = "crash-test-admin-token-0123456789"
TITLES = [
    "Clinical Trial Manager",
    "Senior Clinical Project Manager",
    "Associate Director, Clinical Operations",
    "Clinical Research Manager",
    "Software Engineer",
]
CITIES = [
    {"city": "New York", "region": "NY", "country": "US"},
    {"city": "Boston", "region": "MA", "country": "US"},
    {"city": "London", "country": "GB"},
]


def _event(n: int) -> CloudEvent[RequisitionData]:
    data = RequisitionData(
        requisition_key=f"crash:{n}",
        source_system="crash",
        external_id=str(n),
        title=TITLES[n % len(TITLES)],
        description=f"Lead {n % 7} people across {1 + n % 3} studies. {2 + n % 9}+ years.",
        location=CITIES[n % len(CITIES)],
    )
    return CloudEvent[RequisitionData](
        source="/test", type=REQUISITION_OPENED, subject=data.requisition_key, data=data
    )


async def _produce(kafka: KafkaSettings, topic: str) -> None:
    """2,000 requisitions in 50 bursts over ~25 s, so kills land while they flow."""
    async with Producer(kafka) as producer:
        for start in range(0, TOTAL, 40):
            records = [
                OutgoingRecord(topic, f"crash:{n}", _event(n).model_dump_json().encode())
                for n in range(start, start + 40)
            ]
            await producer.send_batch(records)
            await asyncio.sleep(0.5)


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._env, self._log = env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self._log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "leveler.entrypoints.cli", "work"],
                env=self._env,
                stdout=log,
                stderr=log,
            )

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def crash_env(postgres_url, kafka_bootstrap, random_id, tmp_path):
    migrate(postgres_url)
    with CatalogueStub(seed_snapshot(), token=TOKEN) as stub:
        env = {
            **os.environ,
            "LEVELING_ADMIN_TOKEN": TOKEN,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "CATALOGUE_URL": stub.url,
            "LEVELER_DATABASE_URL": postgres_url,
            "LEVELER_CONSUMER_GROUP": random_id("crash"),
            "LEVELER_REQUISITIONS_TOPIC": random_id("requisitions"),
            "LEVELER_CATALOGUE_TOPIC": random_id("catalogue"),
            "LEVELER_DECISIONS_TOPIC": random_id("decisions"),
            "LEVELING_LOG_LEVEL": "WARNING",
        }
        yield env


async def _counts(engine) -> tuple[int, int, int]:
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(
                    func.count(),
                    func.count(func.distinct(decisions.c.requisition_key)),
                    func.max(decisions.c.decision_version),
                )
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2] or 0)


async def _wait_for_progress(engine, above: int, seconds: float = 30.0) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        count = (await _counts(engine))[0]
        if count > above or count >= TOTAL:
            return count
        await asyncio.sleep(0.1)
    return (await _counts(engine))[0]


async def test_killing_the_worker_repeatedly_loses_and_duplicates_no_decision(
    crash_env, tmp_path, read_topic
):
    kafka = KafkaSettings(bootstrap_servers=crash_env["KAFKA_BOOTSTRAP_SERVERS"])
    topics = [crash_env[f"LEVELER_{name}_TOPIC"] for name in ("REQUISITIONS", "CATALOGUE")]
    await ensure_topics(kafka, [*topics, crash_env["LEVELER_DECISIONS_TOPIC"]])
    engine = create_engine(crash_env["LEVELER_DATABASE_URL"])
    worker = Worker(crash_env, tmp_path / "worker.log")
    rng = random.Random(os.environ.get("CRASH_SEED", "leveler"))
    producing = asyncio.create_task(_produce(kafka, topics[0]))
    try:
        seen, killed_at = 0, []
        for _ in range(KILLS):
            worker.start()
            await _wait_for_progress(engine, seen)
            await asyncio.sleep(rng.uniform(0.0, 0.8))
            worker.kill()
            seen = (await _counts(engine))[0]
            killed_at.append(seen)
        worker.start()
        await producing
        await _wait_for_progress(engine, TOTAL - 1, seconds=60)
        count, keys, highest = await _counts(engine)
        published = await read_topic(
            kafka.bootstrap_servers, crash_env["LEVELER_DECISIONS_TOPIC"], expect=TOTAL, seconds=60
        )
    finally:
        producing.cancel()
        if worker.process is not None and worker.process.poll() is None:
            worker.kill()
        await engine.dispose()

    assert any(0 < n < TOTAL for n in killed_at), f"no kill landed mid-flow: {killed_at}"
    assert (count, keys, highest) == (TOTAL, TOTAL, 1)
    by_key: dict[str, set[str]] = {}
    for event in published:
        by_key.setdefault(event["subject"], set()).add(event["id"])
    assert len(by_key) == TOTAL
    assert all(len(ids) == 1 for ids in by_key.values())
