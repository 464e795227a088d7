"""Exactly-once effects through faults and crashes.

1,000 decisions flow through a real `notifier work` subprocess while the ATS answers 503
to one call in five and the SMTP relay 451 to one message in seven, and the process is
killed with SIGKILL three times. Every delivery must end sent, and every effect must
happen once: one accepted write-back per Idempotency-Key, one distinct email per
Message-ID (a message re-sent after a kill carries the same Message-ID, so it is the same
effect to its reader and is counted, and bounded, separately).
"""

import asyncio
import os
import signal
import sys
from collections import Counter

import pytest

from leveling_common.db import create_engine, create_session_factory
from leveling_devstack.ats_sandbox import SANDBOX_API_KEY, SandboxState, create_app
from leveling_devstack.people import HIRING_MANAGERS, INTEGRATION_USER, RECRUITERS
from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.server import BackgroundServer
from notifier.adapters.ledger import SqlLedger
from notifier.adapters.migrations import upgrade
from notifier.domain.delivery import Channel, Status

pytestmark = pytest.mark.integration

DECISIONS = 1_000
FIRST_JOB = 4_100_000
CONCURRENCY = 32
ADMIN_TOKEN = "integration-admin-token-0123456789"


@pytest.fixture(scope="module")
def busy_ats():
    """A sandbox of its own with a thousand jobs and no rate limit to speak of."""
    template = handwritten_jobs()[0]
    jobs = [template | {"id": FIRST_JOB + n, "name": f"Job {n}"} for n in range(DECISIONS)]
    state = SandboxState(jobs=jobs, rate_limit=1_000_000)
    with BackgroundServer(create_app(state), port=0) as server:
        yield server.url, state


def decisions(decision_data):
    made = []
    for n in range(DECISIONS):
        recruiter = RECRUITERS[n % len(RECRUITERS)]
        manager = HIRING_MANAGERS[n % len(HIRING_MANAGERS)]
        team = {
            "recruiters": [{"external_user_id": str(recruiter.id), "name": None, "email": None}],
            "hiring_managers": [
                {"external_user_id": None, "name": manager.name, "email": manager.email}
            ],
        }
        made.append(decision_data(external_id=str(FIRST_JOB + n), hiring_team=team))
    return made


class NotifierProcess:
    """`notifier work` as a real subprocess, its output kept in a log file."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.process = None
        self.kills = 0

    async def start(self):
        log = await asyncio.to_thread(self.log_path.open, "ab")
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "notifier.entrypoints.cli",
                "work",
                env=self.env,
                stdout=log,
                stderr=log,
            )
        finally:
            log.close()

    async def kill(self):
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        self.kills += 1

    async def terminate(self):
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), timeout=30)

    async def ensure_stopped(self):
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    def log_tail(self):
        return self.log_path.read_text(errors="replace")[-3000:]


async def progress(ledger):
    counts = await ledger.counts()
    total = sum(counts.values())
    sent = sum(n for (status, _), n in counts.items() if status is Status.SENT)
    return total, sent


async def wait_until(ledger, process, condition, *, within):
    async with asyncio.timeout(within):
        while not condition(*await progress(ledger)):
            assert process.process.returncode is None, process.log_tail()
            await asyncio.sleep(0.1)


async def test_every_delivery_is_sent_exactly_once_through_faults_and_kills(
    tmp_path, kafka_settings, busy_ats, mailbox, decisions_topic, random_id, decision_data
):
    ats_url, ats_state = busy_ats
    ats_state.reset()
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'notifier.db'}"
    await asyncio.to_thread(upgrade, database_url)
    ats_state.fail_every(5, status=503)
    mailbox.fail_every(7, code=451)
    await decisions_topic.publish(decisions(decision_data))
    expected = DECISIONS * 3

    env = os.environ | {
        "LEVELING_ADMIN_TOKEN": ADMIN_TOKEN,
        "LEVELING_LOG_LEVEL": "WARNING",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_settings.bootstrap_servers,
        "NOTIFIER_DATABASE_URL": database_url,
        "NOTIFIER_DECISIONS_TOPIC": decisions_topic.name,
        "NOTIFIER_CONSUMER_GROUP": random_id("notifier"),
        "NOTIFIER_GREENHOUSE_URL": ats_url,
        "NOTIFIER_GREENHOUSE_API_KEY": SANDBOX_API_KEY,
        "NOTIFIER_GREENHOUSE_ON_BEHALF_OF": str(INTEGRATION_USER.id),
        "NOTIFIER_SMTP_HOST": mailbox.host,
        "NOTIFIER_SMTP_PORT": str(mailbox.port),
        "NOTIFIER_EMAIL_FROM": "Leveling <leveling@meridianbio.example.com>",
        "NOTIFIER_MAX_ATTEMPTS": "100",
        "NOTIFIER_RETRY_BASE_SECONDS": "0.1",
        "NOTIFIER_RETRY_CAP_SECONDS": "1",
        "NOTIFIER_GREENHOUSE_TIMEOUT_SECONDS": "2",
        "NOTIFIER_SMTP_TIMEOUT_SECONDS": "2",
        "NOTIFIER_WEBHOOK_TIMEOUT_SECONDS": "2",
        "NOTIFIER_LEASE_SECONDS": "5",
        "NOTIFIER_DISPATCH_CONCURRENCY": str(CONCURRENCY),
        "NOTIFIER_DISPATCH_IDLE_SECONDS": "0.1",
    }
    engine = create_engine(database_url)
    ledger = SqlLedger(create_session_factory(engine))
    worker = NotifierProcess(env, tmp_path / "notifier.log")
    try:
        await worker.start()
        # First kill: as soon as intake has committed something, likely mid-consumption.
        for threshold in (None, 0.3, 0.6):
            if threshold is None:
                await wait_until(ledger, worker, lambda total, sent: total > 0, within=60)
            else:
                await wait_until(
                    ledger, worker, lambda t, sent, x=threshold: sent >= x * expected, within=60
                )
            await worker.kill()
            await worker.start()
        await wait_until(ledger, worker, lambda total, sent: sent == expected, within=90)
        assert await worker.terminate() == 0, worker.log_tail()
        page = await ledger.page(status=None, limit=10_000, after=None)
    finally:
        await worker.ensure_stopped()
        await engine.dispose()

    rows = page.items
    assert worker.kills == 3
    assert len(rows) == expected
    assert {r.status for r in rows} == {Status.SENT}

    # The ATS: one accepted write-back per delivery, one per job, despite 503s and kills.
    writebacks = ats_state.writebacks()
    ats_ids = {r.id for r in rows if r.channel is Channel.GREENHOUSE}
    assert len(writebacks) == DECISIONS
    assert {w.idempotency_key for w in writebacks} == ats_ids
    assert len({w.job_id for w in writebacks}) == DECISIONS
    assert any(c.status == 503 for c in ats_state.calls())

    # The mailbox: every email delivery arrived, under its own Message-ID, once per effect.
    messages = mailbox.messages()
    email_ids = {f"<{r.id}@meridianbio.example.com>" for r in rows if r.channel is Channel.EMAIL}
    seen = Counter(m.message_id for m in messages)
    assert set(seen) == email_ids
    assert len(seen) == 2 * DECISIONS
    assert mailbox.rejected_count > 0
    repeats = sum(n - 1 for n in seen.values())
    # Only a send in flight at a kill can be repeated (its outcome was never stored).
    assert repeats <= worker.kills * CONCURRENCY, f"{repeats} repeated messages"
