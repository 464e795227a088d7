"""Notifier throughput and decision-to-delivery latency against the local sandbox and sink.

`run()` starts a Tansu broker, the ATS sandbox (uvicorn, in a thread) with one job per
decision and no rate limit, and the SMTP sink (aiosmtpd, in a thread), migrates a SQLite
ledger and runs `notifier work` as a child process. Each decision makes three deliveries:
one Greenhouse write-back and two emails (a recruiter looked up by user id, a hiring
manager by address).

- burst: N decisions published at once; deliveries per second from the first publish to
  the last `sent_at` in the ledger (the consumer group is joined beforehand by a warm-up
  decision, so start-up is excluded).
- steady: decisions published at a fixed rate; latency of each delivery is its `sent_at`
  minus the decision's `decided_at` (set when it is published), as p50 and p99.

`python bench/bench_notifier.py` prints the result as JSON. Sizes come from BENCH_DECISIONS,
BENCH_RATE and BENCH_SECONDS.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DECISIONS = int(os.environ.get("BENCH_DECISIONS", "1000"))
RATE = float(os.environ.get("BENCH_RATE", "10"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
FIRST_JOB = 5_000_000
TOKEN = "bench-admin-token-0123456789"
SENDER = "Leveling <leveling@meridianbio.example.com>"


def _decision(n: int, *, decided_at: datetime) -> Any:
    from leveling_common.events import DecisionData
    from leveling_devstack.people import HIRING_MANAGERS, RECRUITERS

    recruiter = RECRUITERS[n % len(RECRUITERS)]
    manager = HIRING_MANAGERS[n % len(HIRING_MANAGERS)]
    return DecisionData.model_validate(
        {
            "decision_id": str(uuid.uuid4()),
            "requisition_key": f"greenhouse:{FIRST_JOB + n}",
            "decision_version": 1,
            "status": "auto_approved" if n % 4 else "needs_review",
            "profile": {"code": "CPM", "name": "Clinical Project Management"},
            "track": "M",
            "level": f"M{1 + n % 5}",
            "confidence": 0.8,
            "band": {
                "min": 100000 + n % 7 * 5000,
                "mid": 125000,
                "max": 150000 + n % 7 * 5000,
                "currency": "USD",
                "interval": "year",
                "zone": "New York City",
                "band_set_id": "bs-bench",
                "effective_from": "2026-01-01",
            },
            "flags": ["posted_range_outside_band"] if n % 3 == 0 else [],
            "explanation": [
                {"signal": "experience", "weight": 0.4, "points_to": "M3", "evidence": "7+ yrs"},
                {"signal": "scope", "weight": 0.3, "points_to": "M3", "evidence": "3 studies"},
                {"signal": "title", "weight": 0.1, "points_to": "M3", "evidence": "Senior"},
            ],
            "catalogue_version": "bench",
            "engine_version": "bench",
            "reason": "new",
            "decided_at": decided_at.isoformat(),
            "requisition_title": f"Clinical Project Manager {n}",
            "source_system": "greenhouse",
            "external_id": str(FIRST_JOB + n),
            "location_name": "New York, NY, United States",
            "hiring_team": {
                "recruiters": [{"external_user_id": str(recruiter.id)}],
                "hiring_managers": [{"name": manager.name, "email": manager.email}],
            },
        }
    )


async def _publish(producer: Any, topic: str, decisions: list[Any]) -> None:
    from leveling_common.events import DECISION_MADE, CloudEvent
    from leveling_common.kafka import OutgoingRecord

    await producer.send_batch(
        [
            OutgoingRecord(
                topic=topic,
                key=d.requisition_key,
                value=CloudEvent(source="/bench", type=DECISION_MADE, data=d)
                .model_dump_json()
                .encode(),
            )
            for d in decisions
        ]
    )


async def _sent_rows(ledger: Any) -> list[Any]:
    page = await ledger.page(status=None, limit=1_000_000, after=None)
    return [d for d in page.items if d.sent_at is not None]


async def _wait_sent(ledger: Any, count: int, process: Any, *, within: float) -> list[Any]:
    """Poll the cheap per-state counts (this process also serves the sandbox and sink)."""
    from notifier.domain.delivery import Status

    deadline = time.monotonic() + within
    while True:
        counts = await ledger.counts()
        sent = sum(n for (status, _), n in counts.items() if status is Status.SENT)
        if sent >= count:
            return await _sent_rows(ledger)
        if process.returncode is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{sent} of {count} deliveries sent; notifier {process}")
        await asyncio.sleep(0.2)


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def _measure(
    env: dict[str, str], database_url: str, kafka: Any, topic: str
) -> dict[str, Any]:
    from leveling_common.db import create_engine, create_session_factory
    from leveling_common.kafka import Producer
    from notifier.adapters.ledger import SqlLedger

    engine = create_engine(database_url)
    ledger = SqlLedger(create_session_factory(engine))
    producer = Producer(kafka)
    await producer.start()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "notifier.entrypoints.cli", "work", env=env
    )
    try:
        await _publish(producer, topic, [_decision(DECISIONS + 1, decided_at=datetime.now(UTC))])
        await _wait_sent(ledger, 3, process, within=120)

        started = datetime.now(UTC)
        now = datetime.now(UTC)
        await _publish(producer, topic, [_decision(n, decided_at=now) for n in range(DECISIONS)])
        rows = await _wait_sent(ledger, 3 + 3 * DECISIONS, process, within=600)
        last = max(r.sent_at for r in rows)
        burst_s = (last - started).total_seconds()

        before = len(rows)
        steady = int(RATE * SECONDS)
        for n in range(steady):
            target = time.monotonic() + 1 / RATE
            decision = _decision(DECISIONS + 2 + n, decided_at=datetime.now(UTC))
            await _publish(producer, topic, [decision])
            await asyncio.sleep(max(0.0, target - time.monotonic()))
        rows = await _wait_sent(ledger, before + 3 * steady, process, within=300)
        fresh = {f"greenhouse:{FIRST_JOB + DECISIONS + 2 + n}" for n in range(steady)}
        latencies = [
            (r.sent_at - r.decided_at).total_seconds() * 1000
            for r in rows
            if r.requisition_key in fresh
        ]
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=60)
        await producer.stop()
        await engine.dispose()
    return {
        "burst": {
            "decisions": DECISIONS,
            "deliveries": 3 * DECISIONS,
            "seconds": round(burst_s, 2),
            "deliveries_per_s": round(3 * DECISIONS / burst_s, 1),
        },
        "steady": {
            "decisions_per_s": RATE,
            "deliveries": len(latencies),
            "latency_p50_ms": round(_percentile(latencies, 50), 1),
            "latency_p99_ms": round(_percentile(latencies, 99), 1),
        },
    }


def run() -> dict[str, Any]:
    """Start the local pieces, measure, stop them; see the module docstring."""
    from leveling_common.kafka import ensure_topics
    from leveling_common.settings import KafkaSettings
    from leveling_common.testing import TansuBroker
    from leveling_devstack.ats_sandbox import SANDBOX_API_KEY, SandboxState, create_app
    from leveling_devstack.people import INTEGRATION_USER
    from leveling_devstack.samples import handwritten_jobs
    from leveling_devstack.server import BackgroundServer
    from leveling_devstack.smtp_sink import SmtpSink
    from notifier.adapters.migrations import upgrade

    template = handwritten_jobs()[0]
    count = DECISIONS + 2 + int(RATE * SECONDS)
    jobs = [template | {"id": FIRST_JOB + n} for n in range(count)]
    topic = f"bench-decisions-{uuid.uuid4().hex[:8]}"
    with (
        tempfile.TemporaryDirectory(prefix="bench-notifier-") as tmp,
        TansuBroker(log_path=Path(tmp) / "broker.log") as broker,
        SmtpSink() as sink,
        BackgroundServer(create_app(SandboxState(jobs=jobs, rate_limit=10**9))) as ats,
    ):
        kafka = KafkaSettings(bootstrap_servers=broker.bootstrap)
        database_url = f"sqlite+aiosqlite:///{Path(tmp) / 'notifier.db'}"
        upgrade(database_url)
        asyncio.run(ensure_topics(kafka, [topic]))
        env = os.environ | {
            "LEVELING_ADMIN_TOKEN": TOKEN,
            "LEVELING_LOG_LEVEL": "WARNING",
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
            "NOTIFIER_DATABASE_URL": database_url,
            "NOTIFIER_DECISIONS_TOPIC": topic,
            "NOTIFIER_GREENHOUSE_URL": ats.url,
            "NOTIFIER_GREENHOUSE_API_KEY": SANDBOX_API_KEY,
            "NOTIFIER_GREENHOUSE_ON_BEHALF_OF": str(INTEGRATION_USER.id),
            "NOTIFIER_SMTP_HOST": sink.host,
            "NOTIFIER_SMTP_PORT": str(sink.port),
            "NOTIFIER_EMAIL_FROM": SENDER,
            "NOTIFIER_DISPATCH_CONCURRENCY": str(CONCURRENCY),
            "NOTIFIER_DISPATCH_IDLE_SECONDS": "0.1",
        }
        measured = asyncio.run(_measure(env, database_url, kafka, topic))
        emails = len(sink.messages())
    return {
        "description": (
            "notifier work (child process) → ATS sandbox + SMTP sink on this machine, SQLite "
            f"ledger, {CONCURRENCY} sends in flight; 3 deliveries per decision."
        ),
        "database": "sqlite",
        "concurrency": CONCURRENCY,
        **measured,
        "emails_received": emails,
    }


if __name__ == "__main__":
    import json

    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
