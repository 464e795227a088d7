"""The `notifier` command: configuration errors, migrate, and `all` serving and stopping."""

import asyncio
import os
import signal
import subprocess
import sys

import httpx
import pytest

from leveling_common.testing import free_port

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


@pytest.mark.parametrize("mode", ["serve", "all"])
async def test_migrate_then_the_api_serves_until_sigterm_stops_it_cleanly(
    mode, tmp_path, kafka_settings, ats, mailbox, random_id
):
    port = free_port()
    env = clean_env(
        LEVELING_ADMIN_TOKEN=TOKEN,
        LEVELING_LOG_LEVEL="WARNING",
        KAFKA_BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        NOTIFIER_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'notifier.db'}",
        NOTIFIER_PORT=str(port),
        NOTIFIER_DECISIONS_TOPIC=random_id("decisions"),
        NOTIFIER_CONSUMER_GROUP=random_id("notifier"),
        NOTIFIER_GREENHOUSE_URL=ats.url,
        NOTIFIER_SMTP_PORT=str(mailbox.port),
    )
    migrate = await asyncio.create_subprocess_exec(*command("migrate"), env=env)
    assert await asyncio.wait_for(migrate.wait(), timeout=60) == 0
    process = await asyncio.create_subprocess_exec(
        *command(mode), env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            async with asyncio.timeout(30):
                while True:
                    try:
                        ready = await http.get("/readyz")
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)
            assert ready.status_code == 200
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
            listed = await http.get("/v1/deliveries", headers={"Authorization": f"Bearer {TOKEN}"})
            assert listed.json() == {"items": [], "next_cursor": None}
            assert (await http.get("/openapi.json")).json()["info"]["title"] == "leveling notifier"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
