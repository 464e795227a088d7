"""Settings: a missing or malformed variable ends the process with one line and exit 2."""

from __future__ import annotations

import pytest

from leveling_common.settings import (
    BaseServiceSettings,
    DatabaseUrl,
    Port,
    load_settings,
    service_config,
    sqlite_url_under_var,
)


class ExampleSettings(BaseServiceSettings):
    model_config = service_config("EXAMPLE_")
    database_url: DatabaseUrl = sqlite_url_under_var("example")
    port: Port = 8009


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch):
    for name in ("EXAMPLE_PORT", "EXAMPLE_DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "LEVELING_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", "a-long-enough-admin-token")


def _exit_line(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        load_settings(ExampleSettings)
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_defaults_give_local_sqlite_and_broker():
    settings = load_settings(ExampleSettings)
    assert settings.database_url == "sqlite+aiosqlite:///var/example.db"
    assert settings.kafka().bootstrap_servers == "127.0.0.1:9092"


def test_missing_admin_token_names_the_variable(monkeypatch, capsys):
    monkeypatch.delenv("LEVELING_ADMIN_TOKEN")
    assert "LEVELING_ADMIN_TOKEN is required" in _exit_line(capsys)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EXAMPLE_PORT", "eighty"),
        ("EXAMPLE_PORT", "70000"),
        ("EXAMPLE_DATABASE_URL", "mysql://nope"),
        ("KAFKA_BOOTSTRAP_SERVERS", "no-port-here"),
        ("LEVELING_ADMIN_TOKEN", "short"),
        ("LEVELING_ENV", "staging"),
    ],
)
def test_malformed_variable_names_the_variable(monkeypatch, capsys, variable, value):
    monkeypatch.setenv(variable, value)
    line = _exit_line(capsys)
    assert line.startswith(f"configuration error: {variable} is invalid")


def test_production_refuses_silent_database_default(monkeypatch, capsys):
    monkeypatch.setenv("LEVELING_ENV", "production")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    assert "EXAMPLE_DATABASE_URL is required when LEVELING_ENV=production" in _exit_line(capsys)


def test_placeholder_admin_token_is_refused(monkeypatch, capsys):
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", "changethis" * 2)
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", "changethis")
    assert "LEVELING_ADMIN_TOKEN" in _exit_line(capsys)


def test_bootstrap_lists_are_normalised(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", " k1:9092, k2:9093 ")
    assert load_settings(ExampleSettings).kafka().bootstrap_servers == "k1:9092,k2:9093"


def test_a_sign_in_provider_needs_its_client(monkeypatch, capsys):
    monkeypatch.setenv("LEVELING_OIDC_DISCOVERY_URL", "https://id.example/.well-known/x")
    line = _exit_line(capsys)
    assert "LEVELING_OIDC_CLIENT_ID and LEVELING_OIDC_CLIENT_SECRET are required" in line


def test_the_providers_role_names_are_checked_and_kept(monkeypatch, capsys):
    monkeypatch.setenv("LEVELING_OIDC_DISCOVERY_URL", "https://id.example/.well-known/x")
    monkeypatch.setenv("LEVELING_OIDC_CLIENT_ID", "consoles")
    monkeypatch.setenv("LEVELING_OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("LEVELING_OIDC_ROLE_NAMES", "recruiter=Talent Acquisition; ops=SRE")
    oidc = load_settings(ExampleSettings).oidc()
    assert oidc is not None
    assert oidc.role_names == {"recruiter": "Talent Acquisition", "ops": "SRE"}
    monkeypatch.setenv("LEVELING_OIDC_ROLE_NAMES", "admin=Everyone")
    assert _exit_line(capsys).startswith("configuration error: LEVELING_OIDC_ROLE_NAMES is invalid")


def test_without_a_provider_there_is_no_sign_in_through_one():
    assert load_settings(ExampleSettings).oidc() is None
