"""The `catalogue` command: migrate, seed, and `all` (API + outbox relay) as a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from catalogue.entrypoints.cli import main
from leveling_common.events import BANDSET_PUBLISHED
from leveling_common.testing import free_port, wait_for_port

pytestmark = pytest.mark.integration
TOKEN = "cli-admin-token-0123456789"


@pytest.fixture
def environment(monkeypatch, tmp_path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", url)
    return url


def test_migrate_then_seed_twice_loads_the_sample_catalogue_once(environment, capsys):
    assert main(["migrate"]) == 0
    assert main(["seed"]) == 0
    first = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert first["band_set_status"] == "published"
    assert first["band_count"] == 168
    assert set(first["profiles"].values()) == {"created"}
    assert main(["seed"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["band_set_status"] == "unchanged"
    assert set(second["profiles"].values()) == {"unchanged"}


def test_seed_before_migrate_says_what_to_do(environment, capsys):
    assert main(["seed"]) == 1
    assert "run 'catalogue migrate' first" in capsys.readouterr().out


def test_a_missing_admin_token_stops_with_one_line_naming_it(environment, monkeypatch, capsys):
    monkeypatch.delenv("LEVELING_ADMIN_TOKEN")
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "LEVELING_ADMIN_TOKEN" in err


def test_all_serves_the_api_and_relays_a_publication_to_the_broker(
    environment, kafka_bootstrap, catalogue_events
):
    assert main(["migrate"]) == 0
    port = free_port()
    env = {**os.environ, "CATALOGUE_PORT": str(port), "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    process = subprocess.Popen(
        [sys.executable, "-m", "catalogue.entrypoints.cli", "all"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, seconds=30)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as http:
            assert http.get("/readyz").status_code == 200
            assert (
                http.put(
                    "/v1/functions/CLINIC", json={"code": "CLINIC", "name": "Clinical"}
                ).status_code
                == 200
            )
            http.put("/v1/zones/US", json={"code": "US", "name": "United States", "country": "US"})
            http.post(
                "/v1/profiles",
                json={
                    "code": "CLINIC.T",
                    "name": "Trials",
                    "function_code": "CLINIC",
                    "levels": [{"code": "M1"}],
                },
            )
            band = {
                "function_code": "CLINIC",
                "profile_code": "CLINIC.T",
                "level": "M1",
                "zone": "US",
                "min": 90000,
                "mid": 100000,
                "max": 110000,
                "currency": "USD",
            }
            draft = http.post(
                "/v1/band-sets",
                json={"name": "cli", "effective_from": "2025-01-01T00:00:00Z", "bands": [band]},
            )
            assert draft.status_code == 201, draft.text
            band_set_id = draft.json()["id"]
            assert http.post(f"/v1/band-sets/{band_set_id}/publish").status_code == 200
        events = catalogue_events(kafka_bootstrap, band_set_id, seconds=8)
        assert [e["type"] for e in events] == [BANDSET_PUBLISHED]
        assert events[0]["data"]["band_set_id"] == band_set_id
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    # uvicorn re-raises the captured SIGTERM after a graceful shutdown.
    assert process.returncode in (0, -signal.SIGTERM), err.decode()[-2000:]
    assert "Application shutdown complete" in err.decode()


def test_a_lone_relay_serves_health_and_metrics_on_its_work_port(environment, kafka_bootstrap):
    assert main(["migrate"]) == 0
    port = free_port()
    env = {
        **os.environ,
        "CATALOGUE_WORK_PORT": str(port),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "catalogue.entrypoints.cli", "work"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, seconds=30)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            ready = http.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
            pending = 'leveling_outbox_pending_rows{service="catalogue"} 0.0'
            deadline = time.monotonic() + 20  # the relay reports after its first pass
            while pending not in http.get("/metrics").text and time.monotonic() < deadline:
                time.sleep(0.2)
            assert pending in http.get("/metrics").text
            assert http.get("/v1/profiles").status_code == 404  # the API is another process
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err.decode()[-2000:]
