"""Bad configuration: every service command stops with one line naming the variable, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = {
    "catalogue": ("migrate", "serve", "work", "all", "seed"),
    "leveler": ("migrate", "serve", "work", "all"),
    "notifier": ("migrate", "serve", "work", "all"),
}
CASES = [(service, command) for service, commands in COMMANDS.items() for command in commands]


def _run(service: str, command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name(service)
    return subprocess.run(
        [str(executable), command], env=env, capture_output=True, text=True, timeout=60
    )


def _base_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LEVEL", "CATALOGUE_", "NOTIFIER_", "KAFKA_"))
    }
    env["LEVELING_ADMIN_TOKEN"] = "an-admin-token-long-enough"
    for service in COMMANDS:
        env[f"{service.upper()}_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / service}.db"
    return env


def _assert_one_line(result: subprocess.CompletedProcess[str], variable: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("service", "command"), CASES)
def test_a_missing_admin_token_stops_the_command_with_one_line(service, command, tmp_path):
    env = _base_env(tmp_path)
    del env["LEVELING_ADMIN_TOKEN"]
    _assert_one_line(_run(service, command, env), "LEVELING_ADMIN_TOKEN")


@pytest.mark.parametrize(("service", "command"), CASES)
def test_a_malformed_database_url_stops_the_command_with_one_line(service, command, tmp_path):
    env = _base_env(tmp_path)
    variable = f"{service.upper()}_DATABASE_URL"
    env[variable] = "mysql://somewhere/db"
    _assert_one_line(_run(service, command, env), variable)


@pytest.mark.parametrize(("service", "command"), CASES)
def test_a_malformed_port_or_broker_stops_the_command_with_one_line(service, command, tmp_path):
    env = _base_env(tmp_path)
    env[f"{service.upper()}_PORT"] = "http"
    _assert_one_line(_run(service, command, env), f"{service.upper()}_PORT")
    env = _base_env(tmp_path)
    env["KAFKA_BOOTSTRAP_SERVERS"] = "broker-without-port"
    _assert_one_line(_run(service, command, env), "KAFKA_BOOTSTRAP_SERVERS")


@pytest.mark.parametrize("service", list(COMMANDS))
def test_production_mode_refuses_the_default_database(service, tmp_path):
    env = _base_env(tmp_path)
    del env[f"{service.upper()}_DATABASE_URL"]
    env["LEVELING_ENV"] = "production"
    env["KAFKA_BOOTSTRAP_SERVERS"] = "kafka:9092"
    # Production also needs the notifier's ATS credentials; give them so the database is
    # the one thing missing.
    env["NOTIFIER_GREENHOUSE_TOKEN_URL"] = "https://auth.greenhouse.io/token"
    env["NOTIFIER_GREENHOUSE_CLIENT_ID"] = "a-harvest-v3-client"
    env["NOTIFIER_GREENHOUSE_CLIENT_SECRET"] = "a-harvest-v3-secret"
    env["NOTIFIER_GREENHOUSE_ON_BEHALF_OF"] = "4080000"
    _assert_one_line(_run(service, "serve", env), f"{service.upper()}_DATABASE_URL")
