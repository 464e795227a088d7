"""The `notifier` command: configuration errors, migrate, and `all` serving and stopping."""

import asyncio
import os
import subprocess
import sys

import httpx
import pytest

from leveling_common.testing import child_process, free_port, ready_answer, terminate

pytestmark = pytest.mark.integration

TOKEN = "integration-admin-token-0123456789"


def command(*args):
    return [sys.executable, "-m", "notifier.entrypoints.cli", *args]


def clean_env(**values):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFIER_", "LEVELING_"))}
    env.update(values)
    return env


def test_a_missing_admin_token_stops_the_process_with_one_line_naming_it():
    result = subprocess.run(
        command("work"), env=clean_env(), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: LEVELING_ADMIN_TOKEN is required"
    ]


def test_a_malformed_variable_is_named():
    env = clean_env(LEVELING_ADMIN_TOKEN=TOKEN, NOTIFIER_SMTP_PORT="lots")
    result = subprocess.run(
        command("serve"), env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("configuration error: NOTIFIER_SMTP_PORT is invalid")


@pytest.fixture
async def migrated_env(tmp_path, kafka_settings, ats, mailbox, random_id):
    """The environment of a notifier process, its database migrated as `notifier migrate`."""
    env = clean_env(
        LEVELING_ADMIN_TOKEN=TOKEN,
        LEVELING_LOG_LEVEL="WARNING",
        KAFKA_BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        NOTIFIER_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'notifier.db'}",
        NOTIFIER_DECISIONS_TOPIC=random_id("decisions"),
        NOTIFIER_CONSUMER_GROUP=random_id("notifier"),
        NOTIFIER_GREENHOUSE_URL=ats.url,
        NOTIFIER_SMTP_PORT=str(mailbox.port),
    )
    migrate = await asyncio.create_subprocess_exec(*command("migrate"), env=env)
    assert await asyncio.wait_for(migrate.wait(), timeout=60) == 0
    return env


@pytest.mark.parametrize("mode", ["serve", "all"])
async def test_migrate_then_the_api_serves_until_sigterm_stops_it_cleanly(mode, migrated_env):
    port = free_port()
    env = migrated_env | {"NOTIFIER_PORT": str(port)}
    async with child_process(command(mode), env) as process:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            ready = await ready_answer(http)
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "partitions": "ok"}
            listed = await http.get("/v1/deliveries", headers={"Authorization": f"Bearer {TOKEN}"})
            assert listed.json() == {"items": [], "next_cursor": None}
            assert (await http.get("/openapi.json")).json()["info"]["title"] == "leveling notifier"
        assert await terminate(process) == 0


async def test_a_lone_worker_serves_health_and_metrics_on_its_work_port(migrated_env):
    port = free_port()
    env = migrated_env | {"NOTIFIER_WORK_PORT": str(port)}
    async with child_process(command("work"), env) as process:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            ready = await ready_answer(http)
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "partitions": "ok"}
            metrics = (await http.get("/metrics")).text
            # The ledger's gauge, refreshed on scrape, and the worker's own HTTP metrics.
            assert 'leveling_notifier_deliveries{channel="email",status="pending"} 0.0' in metrics
            assert 'leveling_http_requests_total{method="GET",route="/readyz"' in metrics
            assert (await http.get("/v1/deliveries")).status_code == 404  # the API lives elsewhere
        assert await terminate(process) == 0
