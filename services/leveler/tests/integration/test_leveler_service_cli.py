"""The `leveler` command as an operator runs it: real subprocesses, real servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
from sqlalchemy import create_engine, inspect

from leveling_common.testing import free_port

TOKEN = "cli-test-admin-token-0123456789"
COMMAND = [sys.executable, "-m", "leveler.entrypoints.cli"]


def _env(**values: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEVELER_", "LEVELING_"))}
    return {**clean, **values}


def test_migrate_creates_the_schema_and_exits_zero(tmp_path):
    database = tmp_path / "leveler.db"
    env = _env(LEVELING_ADMIN_TOKEN=TOKEN, LEVELER_DATABASE_URL=f"sqlite+aiosqlite:///{database}")

    result = subprocess.run([*COMMAND, "migrate"], env=env, capture_output=True, timeout=60)

    assert result.returncode == 0, result.stderr.decode()
    tables = set(inspect(create_engine(f"sqlite:///{database}")).get_table_names())
    assert {"requisitions", "decisions", "overrides", "processed_events", "outbox"} <= tables


def test_a_missing_required_variable_stops_with_one_line_naming_it(tmp_path):
    result = subprocess.run([*COMMAND, "serve"], env=_env(), capture_output=True, timeout=60)

    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert "LEVELING_ADMIN_TOKEN" in lines[0]


def test_all_serves_health_and_readiness_and_stops_cleanly_on_sigterm(
    tmp_path, kafka_bootstrap, catalogue, random_id
):
    database = f"sqlite+aiosqlite:///{tmp_path / 'leveler.db'}"
    port = free_port()
    env = _env(
        LEVELING_ADMIN_TOKEN=TOKEN,
        LEVELER_DATABASE_URL=database,
        LEVELER_PORT=str(port),
        KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CATALOGUE_URL=catalogue.url,
        LEVELER_CONSUMER_GROUP=random_id("cli"),
        LEVELER_REQUISITIONS_TOPIC=random_id("requisitions"),
        LEVELER_CATALOGUE_TOPIC=random_id("catalogue"),
        LEVELER_DECISIONS_TOPIC=random_id("decisions"),
    )
    subprocess.run([*COMMAND, "migrate"], env=env, check=True, capture_output=True, timeout=60)
    log = (tmp_path / "all.log").open("wb")
    process = subprocess.Popen([*COMMAND, "all"], env=env, stdout=log, stderr=log)
    try:
        ready = _wait_ready(f"http://127.0.0.1:{port}")
        # Give the worker time to join its group, so the stop interrupts a running consumer.
        time.sleep(4)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()

    assert ready == {
        "status": "ready",
        "checks": {"broker": "ok", "database": "ok", "partitions": "ok"},
    }
    assert code == 0, (tmp_path / "all.log").read_text()[-2000:]
    assert '"event": "stopped"' in (tmp_path / "all.log").read_text()


def _wait_ready(url: str, seconds: float = 30.0) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{url}/readyz", timeout=2)
            if response.status_code == 200:
                assert httpx.get(f"{url}/healthz", timeout=2).json()["status"] == "ok"
                return dict(response.json())
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the service never became ready")
