"""The whole stack under load, on PostgreSQL: latency, memory and scale-out.

- webhook → write-back latency p50/p99 at fixed offered loads (open loop: the sender keeps
  its schedule whatever the answers take), measured from the moment a signed webhook is sent
  to the moment the ATS sandbox records the write-back, split into webhook → decision and
  decision → write-back, and the same to the last email of each requisition; the stack is
  warmed first by a short run whose figures are reported as `cold_start`;
- peak RSS of each service process during the run;
- leveler throughput (requisitions.v1 → leveling.decisions.v1) with one worker, then with a
  second worker in the same consumer group.
"""

from __future__ import annotations

import asyncio
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psutil
from aiokafka import AIOKafkaConsumer, TopicPartition
from process_tree import tree, tree_cpu_seconds

from leveling_common.events import REQUISITION_OPENED, TOPIC_DECISIONS, CloudEvent, RequisitionData
from leveling_common.kafka import OutgoingRecord, Producer
from leveling_common.messaging.outbox import event_headers, record_headers
from leveling_common.settings import KafkaSettings
from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.stack import SERVICES, LocalStack, StackConfig, _command
from leveling_devstack.webhooks import greenhouse_body, sign_greenhouse

RATES = {50: 10.0, 200: 5.0}  # offered load (req/s) → seconds of sending
COLD_RATE, COLD_SECONDS = 10, 2.0  # the warm-up right after start, reported as cold start
SCALE_EVENTS = 3000
ATS_RATE_LIMIT = 1_000_000


class RssSampler(threading.Thread):
    """Samples the resident memory of each service's process tree."""

    def __init__(self, stack: LocalStack) -> None:
        super().__init__(daemon=True)
        self.stack = stack
        self.peak: dict[str, float] = dict.fromkeys(SERVICES, 0.0)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for name in SERVICES:
                process = self.stack.processes.get(name)
                if process is None:
                    continue
                try:
                    rss = sum(p.memory_info().rss for p in tree(process.pid)) / 1024 / 1024
                except psutil.Error:
                    continue
                self.peak[name] = max(self.peak[name], rss)
            time.sleep(0.2)


def _jobs(count: int, start: int) -> list[dict[str, Any]]:
    templates = handwritten_jobs()[:3]
    jobs = []
    for index in range(count):
        job = copy.deepcopy(templates[index % len(templates)])
        job["id"] = start + index
        jobs.append(job)
    return jobs


async def _offer(config: StackConfig, jobs: list[dict[str, Any]], rate: int) -> dict[int, float]:
    sent_at: dict[int, float] = {}
    url = f"{config.url('leveler')}/v1/webhooks/greenhouse"
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:

        async def send(job: dict[str, Any]) -> None:
            body = greenhouse_body("job_created", job)
            headers = {
                "Content-Type": "application/json",
                "Signature": sign_greenhouse(config.greenhouse_secret, body),
                "Greenhouse-Event-ID": f"bench-{job['id']}",
            }
            sent_at[job["id"]] = time.time()
            for attempt in range(5):
                # Like an ATS, retry a dropped connection; the event id makes it harmless.
                try:
                    response = await client.post(url, content=body, headers=headers)
                    response.raise_for_status()
                    return
                except httpx.TransportError:
                    if attempt == 4:
                        raise
                    await asyncio.sleep(0.05)

        started = time.monotonic()
        tasks = []
        for index, job in enumerate(jobs):
            delay = started + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(job)))
        await asyncio.gather(*tasks)
    return sent_at


def _latencies(config: StackConfig, sent_at: dict[int, float], seconds: float) -> dict[int, float]:
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=config.ats_url, timeout=30) as client:
        while time.monotonic() < deadline:
            writebacks = client.get("/sandbox/writebacks").json()
            first: dict[int, float] = {}
            for writeback in writebacks:
                job_id = writeback["job_id"]
                if job_id in sent_at and job_id not in first:
                    first[job_id] = datetime.fromisoformat(writeback["received_at"]).timestamp()
            if len(first) == len(sent_at):
                return first
            time.sleep(2.0)  # the sandbox also serves the write-backs being measured
    raise TimeoutError(f"only {len(first)} of {len(sent_at)} write-backs arrived")


def _emailed_at(config: StackConfig, sent_at: dict[int, float], seconds: float) -> dict[int, float]:
    """When the last email of each requisition arrived, once the mailbox stops growing."""
    deadline, last_count, stable_since = time.monotonic() + seconds, -1, time.monotonic()
    latest: dict[int, float] = {}
    with httpx.Client(base_url=config.ats_url, timeout=60) as client:
        while time.monotonic() < deadline:
            latest = {}
            for mail in client.get("/sandbox/mail").json():
                headers = {name.lower(): value for name, value in mail["headers"]}
                key = headers.get("x-leveling-requisition", "")
                job_id = int(key.rpartition(":")[2]) if key.startswith("greenhouse:") else -1
                if job_id in sent_at:
                    at = datetime.fromisoformat(mail["received_at"]).timestamp()
                    latest[job_id] = max(at, latest.get(job_id, 0.0))
            count = len(latest)
            if count != last_count:
                last_count, stable_since = count, time.monotonic()
            elif count == len(sent_at) and time.monotonic() - stable_since > 5:
                return latest
            time.sleep(2.0)
    return latest


def _decided_at(config: StackConfig, job_ids: list[int]) -> dict[int, float]:
    headers = {"Authorization": f"Bearer {config.admin_token}"}
    decided: dict[int, float] = {}
    with httpx.Client(base_url=config.url("leveler"), headers=headers, timeout=30) as client:
        for job_id in job_ids:
            response = client.get(f"/v1/requisitions/greenhouse:{job_id}/decisions")
            if response.status_code == 200 and response.json():
                first = response.json()[0]["decided_at"].replace("Z", "+00:00")
                decided[job_id] = datetime.fromisoformat(first).timestamp()
    return decided


def _stages(
    config: StackConfig, sent_at: dict[int, float], written_at: dict[int, float]
) -> dict[str, float]:
    """Split the latency: webhook → decision stored, decision → write-back received."""
    sample = sorted(sent_at)[:: max(1, len(sent_at) // 200)]
    decided = _decided_at(config, sample)
    to_decision = [(decided[j] - sent_at[j]) * 1000 for j in sample if j in decided]
    to_writeback = [(written_at[j] - decided[j]) * 1000 for j in sample if j in decided]
    return {
        "webhook_to_decision_p50_ms": _quantile(to_decision, 0.5),
        "webhook_to_decision_p99_ms": _quantile(to_decision, 0.99),
        "decision_to_write_back_p50_ms": _quantile(to_writeback, 0.5),
        "decision_to_write_back_p99_ms": _quantile(to_writeback, 0.99),
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _cpu_seconds(stack: LocalStack) -> dict[str, float]:
    """CPU time used so far by each process tree of the stack, and by the whole machine."""
    used = {"machine": sum(psutil.cpu_times()[:3])}  # user, nice, system
    for name, process in stack.processes.items():
        try:
            used[name] = tree_cpu_seconds(process.pid)
        except psutil.Error:
            continue
    return used


def _cpu_share(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Seconds of CPU each process spent in a run; `other` is the broker, PostgreSQL and
    this load generator, what the machine spent beyond the stack's own processes."""
    spent = {name: round(after[name] - before.get(name, 0.0), 1) for name in after}
    spent["other"] = round(spent["machine"] - sum(v for k, v in spent.items() if k != "machine"), 1)
    return spent


def _latency_run(stack: LocalStack, rate: int, seconds: float, start_id: int) -> dict[str, Any]:
    jobs = _jobs(int(rate * seconds), start_id)
    with httpx.Client(base_url=stack.config.ats_url, timeout=30) as client:
        for job in jobs:
            client.post("/sandbox/jobs", json=job).raise_for_status()
    cpu_before = _cpu_seconds(stack)
    began = time.monotonic()
    sent_at = asyncio.run(_offer(stack.config, jobs, rate))
    offered_for = time.monotonic() - began
    written_at = _latencies(stack.config, sent_at, 600)
    latencies = [(written_at[j] - sent_at[j]) * 1000 for j in sent_at]
    emailed_at = _emailed_at(stack.config, sent_at, 600)
    to_email = [(emailed_at[j] - sent_at[j]) * 1000 for j in sent_at if j in emailed_at]
    return {
        **_stages(stack.config, sent_at, written_at),
        "webhook_to_last_email_p50_ms": _quantile(to_email, 0.5),
        "webhook_to_last_email_p99_ms": _quantile(to_email, 0.99),
        "requisitions": len(jobs),
        "achieved_rate_per_s": round(len(jobs) / offered_for, 1),
        "p50_ms": _quantile(latencies, 0.50),
        "p99_ms": _quantile(latencies, 0.99),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "cpu_seconds": _cpu_share(cpu_before, _cpu_seconds(stack)),
    }


def _requisition_records(count: int, tag: str) -> list[OutgoingRecord]:
    records = []
    template = handwritten_jobs()[0]
    for index in range(count):
        key = f"bench:{tag}-{index}"
        data = RequisitionData(
            requisition_key=key,
            source_system="bench",
            external_id=f"{tag}-{index}",
            title=str(template["name"]),
            description=str(template["notes"]),
            location={"city": "Raleigh", "region": "NC", "country": "US"},
        )
        event = CloudEvent[RequisitionData](source="/bench", type=REQUISITION_OPENED, data=data)
        # The headers intake's outbox relay writes, so the worker reads what production sends.
        headers = record_headers(event_headers(event))
        value = event.model_dump_json().encode()
        records.append(OutgoingRecord("requisitions.v1", key, value, headers))
    return records


async def _throughput(bootstrap: str, tag: str) -> float:
    settings = KafkaSettings(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [
            TopicPartition(TOPIC_DECISIONS, p)
            for p in consumer.partitions_for_topic(TOPIC_DECISIONS) or []
        ]
        consumer.assign(partitions)
        await consumer.seek_to_end()
        records = _requisition_records(SCALE_EVENTS, tag)
        started = time.monotonic()
        async with Producer(settings) as producer:
            await producer.send_batch(records)
        seen: set[str] = set()
        deadline = started + 600
        while len(seen) < SCALE_EVENTS and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for rows in batch.values():
                for row in rows:
                    key = (row.key or b"").decode()
                    if key.startswith(f"bench:{tag}-"):
                        seen.add(key)
        return round(len(seen) / (time.monotonic() - started), 1)
    finally:
        await consumer.stop()


def _scale_out(stack: LocalStack) -> dict[str, Any]:
    one = asyncio.run(_throughput(stack.broker.bootstrap, "one"))
    logs = stack.logs / "leveler-work-2.log"
    with logs.open("ab") as log:
        second = subprocess.Popen(
            [_command("leveler"), "work"], env=stack.env_for("leveler"), stdout=log, stderr=log
        )
    try:
        time.sleep(12)  # the group rebalances onto the second member
        two = asyncio.run(_throughput(stack.broker.bootstrap, "two"))
    finally:
        second.terminate()
        second.wait(timeout=30)
    return {
        "events": SCALE_EVENTS,
        "one_worker_decisions_per_s": one,
        "two_workers_decisions_per_s": two,
        "ratio_two_to_one": round(two / one, 2) if one else None,
        "note": "both workers share the machine's 2 cores with the broker and PostgreSQL",
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-stack-") as directory:
        # The sandbox enforces Greenhouse's documented Harvest limit (50 calls per 10 s)
        # unless told otherwise; lifted here, the figures are this system's own latency.
        config = StackConfig.on_free_ports(
            Path(directory),
            database="postgresql",
            ats_rate_limit=ATS_RATE_LIMIT,
            api_rate_limit="100000/second",
        )
        stack = LocalStack(config).start()
        sampler = RssSampler(stack)
        sampler.start()
        try:
            # The first requisitions after a cold start are slower than any later ones;
            # they are reported apart, and the measured runs start on a warm stack. The very
            # first is sent alone, right after every service answered /readyz.
            first = _latency_run(stack, 1, 1.0, 6_000_000)
            cold = _latency_run(stack, COLD_RATE, COLD_SECONDS, 7_000_000)
            latency = {
                f"rate_{rate}": _latency_run(stack, rate, seconds, 8_000_000 + rate * 10_000)
                for rate, seconds in RATES.items()
            }
            scale = _scale_out(stack)
        finally:
            sampler.stop.set()
            stack.stop()
    return {
        "description": (
            "Full local stack on PostgreSQL, one run, every process on this machine's cores. "
            f"The ATS sandbox's rate limit is lifted ({ATS_RATE_LIMIT} calls per 10 s): "
            "against Greenhouse's documented 50 calls per 10 s per API key, write-backs "
            "cannot exceed 5 per second, and a sustained higher rate queues in the notifier. "
            "Right after start one requisition is sent alone (`first_requisition_ms`), then "
            f"{int(COLD_RATE * COLD_SECONDS)} requisitions at {COLD_RATE}/s warm the stack; "
            "their figures are `cold_start`, and the latency runs follow."
        ),
        "database": "postgresql",
        "cold_start": {
            "first_requisition_ms": first["max_ms"],
            "requisitions": cold["requisitions"],
            "p50_ms": cold["p50_ms"],
            "max_ms": cold["max_ms"],
        },
        "latency": latency,
        "peak_rss_mb": {name: round(value, 1) for name, value in sampler.peak.items()},
        "scale_out": scale,
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
