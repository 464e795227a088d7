"""Leveler throughput from `requisitions.v1` to `leveling.decisions.v1` on PostgreSQL,
relative to a bare aiokafka consume → json → produce pass-through on the same broker.

`run()` starts a Tansu broker and a PostgreSQL server, migrates a leveler database and
serves the seed catalogue over HTTP. The same N requisition events are written to two input
topics. The pass-through (a child process: consume a batch, parse and re-serialise each
record, produce, flush, commit) and then `leveler work` (a child process: decide, store,
outbox, relay) each drain one of them. Throughput is measured on the output topic from the
broker's record timestamps (first to last output record), so process start-up and group
joins are excluded from both. The bare engine's rate on the same events (one process, no
I/O) is reported beside them: it is the ceiling any pipeline around it can reach.
`python bench/bench_leveler.py` prints the result as JSON; BENCH_EVENTS sets N.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psutil
from process_tree import tree_cpu_seconds

if TYPE_CHECKING:
    from leveling_common.events import CloudEvent, RequisitionData

EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
# Worker processes in the consumer group (the service scales out this way); 1 by default.
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
TOKEN = "bench-admin-token-0123456789"
TITLES = [
    "Clinical Trial Manager",
    "Senior Clinical Project Manager",
    "Associate Director, Clinical Operations",
    "Director, Clinical Project Management",
    "Clinical Research Manager",
    "Software Engineer",
]
CITIES = [
    {"name": "New York, NY", "city": "New York", "region": "NY", "country": "US"},
    {"name": "Boston, MA", "city": "Boston", "region": "MA", "country": "US"},
    {"name": "Raleigh, NC", "city": "Raleigh", "region": "NC", "country": "US"},
    {"name": "London, United Kingdom", "city": "London", "country": "GB"},
]
DESCRIPTION = (
    "<p>We are looking for a {title} to lead {reports} direct reports across {studies} "
    "clinical studies.</p><ul><li>Own timelines, budgets and vendor oversight.</li>"
    "<li>Partner with data management, biostatistics and regulatory affairs.</li>"
    "<li>{years}+ years of clinical trial management experience.</li></ul>"
)


def _event(n: int) -> bytes:
    return _cloud_event(n).model_dump_json().encode()


def _cloud_event(n: int) -> CloudEvent[RequisitionData]:
    from leveling_common.events import REQUISITION_OPENED, CloudEvent, RequisitionData

    title = TITLES[n % len(TITLES)]
    data = RequisitionData(
        requisition_key=f"bench:{n}",
        source_system="bench",
        external_id=str(n),
        title=title,
        description=DESCRIPTION.format(
            title=title, reports=n % 9, studies=1 + n % 4, years=2 + n % 10
        ),
        location=CITIES[n % len(CITIES)],
        posted_range={"min": 90000 + n % 50 * 1000, "max": 150000, "currency": "USD"},
    )
    return CloudEvent[RequisitionData](
        source="/bench", type=REQUISITION_OPENED, subject=data.requisition_key, data=data
    )


async def _produce(bootstrap: str, topics: list[str]) -> None:
    from leveling_common.kafka import OutgoingRecord, Producer
    from leveling_common.messaging.outbox import event_headers, record_headers
    from leveling_common.settings import KafkaSettings

    async with Producer(KafkaSettings(bootstrap_servers=bootstrap)) as producer:
        for start in range(0, EVENTS, 1000):
            events = [_cloud_event(n) for n in range(start, min(EVENTS, start + 1000))]
            # The headers intake's outbox relay writes, so the worker reads what production
            # sends.
            batch = [
                (e.subject, e.model_dump_json().encode(), record_headers(event_headers(e)))
                for e in events
            ]
            await producer.send_batch(
                [OutgoingRecord(t, *record) for t in topics for record in batch]
            )


CpuSampler = Callable[[], dict[str, float]]


def _cpu_seconds(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each group of processes and their children."""
    used: dict[str, float] = {}
    for name, pids in groups.items():
        total = 0.0
        for pid in pids:
            try:
                total += tree_cpu_seconds(pid)
            except psutil.Error:
                continue  # a process that exited meanwhile
        used[name] = total
    return used


def _cpu_per_record(
    first: dict[str, float], last: dict[str, float], records: int
) -> dict[str, float]:
    return {
        name: round(1e6 * (last[name] - first[name]) / records, 1) if records > 0 else 0.0
        for name in last
    }


async def _output_span(
    bootstrap: str, topic: str, expect: int, seconds: float, cpu: CpuSampler | None = None
) -> dict[str, Any]:
    """Records on `topic` (waiting up to `seconds` for `expect`) and their timestamp span.

    With `cpu`, also the CPU time each process group used per output record, from the
    first output record seen to the last, so start-up and group joins are left out.
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(3)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        stamps: list[int] = []
        keys: set[str] = set()
        first_cpu: tuple[dict[str, float], int] | None = None
        deadline = time.monotonic() + seconds
        while len(keys) < expect and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=100, max_records=5000)).values():
                stamps += [r.timestamp for r in records]
                keys.update(r.key.decode() for r in records if r.key)
            if cpu is not None and first_cpu is None and keys:
                first_cpu = (cpu(), len(keys))
        last_cpu = cpu() if cpu is not None else None
    finally:
        await consumer.stop()
    span_s = (max(stamps) - min(stamps)) / 1000 if len(stamps) > 1 else 0.0
    rate = (len(keys) - 1) / span_s if span_s > 0 else 0.0
    span: dict[str, Any] = {
        "records": len(stamps),
        "keys": len(keys),
        "span_s": round(span_s, 3),
        "per_s": rate,
    }
    if first_cpu is not None and last_cpu is not None:
        span["cpu_us_per_record"] = _cpu_per_record(
            first_cpu[0], last_cpu, len(keys) - first_cpu[1]
        )
    return span


async def _passthrough(bootstrap: str, source: str, target: str, total: int) -> None:
    """Child process: the bare consume → json → produce loop, flush and commit per batch."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=bootstrap,
        group_id="bench-passthrough",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_batch_size=256 * 1024
    )
    await consumer.start()
    await producer.start()
    done = 0
    try:
        while done < total:
            batches = await consumer.getmany(timeout_ms=500)
            futures = []
            for records in batches.values():
                for record in records:
                    value = json.dumps(json.loads(record.value or b"{}")).encode()
                    futures.append(await producer.send(target, value=value, key=record.key))
            await asyncio.gather(*futures)
            if futures:
                await consumer.commit()
            done += len(futures)
    finally:
        await producer.stop()
        await consumer.stop()


def _engine_only(count: int) -> float:
    """Decisions/s of the bare engine on the same events, one process: the ceiling."""
    from datetime import UTC, datetime

    from leveler.adapters.catalogue_client import load_snapshot
    from leveler.domain.engine import decide
    from leveler.service_layer.engine_input import requisition_from_event
    from leveler.testing import seed_snapshot
    from leveling_common.events import CloudEvent, RequisitionData

    index = load_snapshot(seed_snapshot()).index
    events = [CloudEvent[RequisitionData].model_validate_json(_event(n)) for n in range(count)]
    at = datetime.now(UTC)
    started = time.perf_counter()
    for event in events:
        decide(requisition_from_event(event.data), index, at=at)
    return count / (time.perf_counter() - started)


def _leveler_env(bootstrap: str, database_url: str, catalogue_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "LEVELING_ADMIN_TOKEN": TOKEN,
        "LEVELING_LOG_LEVEL": "WARNING",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CATALOGUE_URL": catalogue_url,
        "LEVELER_DATABASE_URL": database_url,
        "LEVELER_CONSUMER_GROUP": "bench-leveler",
        "LEVELER_REQUISITIONS_TOPIC": "bench.requisitions",
        "LEVELER_CATALOGUE_TOPIC": "bench.catalogue",
        "LEVELER_DECISIONS_TOPIC": "bench.decisions",
    }


def _measure(
    command: list[str],
    env: dict[str, str],
    bootstrap: str,
    topic: str,
    log: Path,
    *,
    servers: dict[str, int | None],
    processes: int = 1,
) -> dict[str, Any]:
    """Run `processes` copies of `command` until `topic` holds every key; `servers` names
    the shared processes (broker, database) whose CPU time is reported beside theirs."""
    with log.open("ab") as output:
        running = [
            subprocess.Popen(command, env=env, stdout=output, stderr=output)
            for _ in range(processes)
        ]
    groups = {"measured": [p.pid for p in running]}
    groups.update({name: [pid] for name, pid in servers.items() if pid is not None})
    try:
        span = asyncio.run(
            _output_span(bootstrap, topic, EVENTS, seconds=600, cpu=lambda: _cpu_seconds(groups))
        )
    finally:
        for process in running:
            process.terminate()
        for process in running:
            process.wait(timeout=60)
    return span


def run() -> dict[str, Any]:
    from leveler.adapters.migrations import migrate
    from leveler.domain.engine import ENGINE_VERSION
    from leveler.testing import CatalogueStub, seed_snapshot
    from leveling_common.kafka import ensure_topics
    from leveling_common.settings import KafkaSettings
    from leveling_common.testing import PostgresServer, TansuBroker

    workdir = Path(tempfile.mkdtemp(prefix="bench-leveler-"))
    with (
        TansuBroker(log_path=workdir / "broker.log") as broker,
        PostgresServer() as postgres,
        CatalogueStub(seed_snapshot(), token=TOKEN) as catalogue,
    ):
        database_url = postgres.create_database("leveler")
        migrate(database_url)
        kafka = KafkaSettings(bootstrap_servers=broker.bootstrap)
        topics = [
            "bench.requisitions",
            "bench.catalogue",
            "bench.decisions",
            "bench.in",
            "bench.out",
        ]
        asyncio.run(ensure_topics(kafka, topics))
        asyncio.run(_produce(broker.bootstrap, ["bench.requisitions", "bench.in"]))
        servers = {"broker": broker.pid, "postgresql": postgres.pid}

        passthrough = _measure(
            [sys.executable, __file__, "--passthrough", broker.bootstrap, str(EVENTS)],
            dict(os.environ),
            broker.bootstrap,
            "bench.out",
            workdir / "passthrough.log",
            servers=servers,
        )
        leveler = _measure(
            [sys.executable, "-m", "leveler.entrypoints.cli", "work"],
            _leveler_env(broker.bootstrap, database_url, catalogue.url),
            broker.bootstrap,
            "bench.decisions",
            workdir / "leveler.log",
            servers=servers,
            processes=WORKERS,
        )
    engine_only = _engine_only(min(EVENTS, 2000))
    ratio = leveler["per_s"] / passthrough["per_s"] if passthrough["per_s"] else 0.0
    return {
        "description": (
            "`leveler work` on PostgreSQL against a bare aiokafka consume → json → produce "
            "pass-through, each draining the same events on the same broker. `cpu_us_per_record` "
            "is the CPU time per output record, from the first output record seen to the last: "
            "of the measured processes, of the broker and of PostgreSQL (all its backends)."
        ),
        "events": EVENTS,
        "leveler_workers": WORKERS,
        "database": "postgresql",
        "engine_version": ENGINE_VERSION,
        "leveler_decisions_per_s": round(leveler["per_s"], 1),
        "passthrough_records_per_s": round(passthrough["per_s"], 1),
        "ratio": round(ratio, 3),
        "goal_ratio": 0.3,
        "engine_only_decisions_per_s": round(engine_only, 1),
        "share_of_engine_ceiling": round(leveler["per_s"] / engine_only, 3),
        "leveler": leveler,
        "passthrough": passthrough,
        "logs": str(workdir),
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--passthrough":
        asyncio.run(_passthrough(sys.argv[2], "bench.in", "bench.out", int(sys.argv[3])))
    else:
        sys.stdout.write(json.dumps(run(), indent=2) + "\n")
