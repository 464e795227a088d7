import pytest
from pydantic import ValidationError

from notifier.config import Settings

TOKEN = "t" * 32


def settings(**values):
    return Settings(LEVELING_ADMIN_TOKEN=TOKEN, **values)


def test_defaults_point_at_the_local_sandbox_and_sink():
    s = settings()
    assert (s.port, s.greenhouse_url, s.smtp_host, s.smtp_port) == (
        8003,
        "http://127.0.0.1:8010",
        "127.0.0.1",
        1025,
    )
    assert s.decisions_topic == "leveling.decisions.v1"
    assert s.consumer_group == "notifier"


def test_variables_are_read_with_the_notifier_prefix(monkeypatch):
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("NOTIFIER_MAX_ATTEMPTS", "12")
    monkeypatch.setenv("NOTIFIER_SMTP_PASSWORD", "hunter2")
    monkeypatch.setenv("NOTIFIER_GREENHOUSE_ON_BEHALF_OF", "4080000")
    s = Settings()
    assert s.max_attempts == 12
    assert s.greenhouse_on_behalf_of == "4080000"
    assert s.smtp_password is not None
    assert "hunter2" not in repr(s)


def test_a_webhook_url_without_a_secret_is_refused():
    with pytest.raises(ValidationError, match="NOTIFIER_WEBHOOK_SECRET"):
        settings(webhook_url="https://hooks.example.com/x")


def test_a_lease_shorter_than_a_send_could_take_is_refused():
    with pytest.raises(ValidationError, match="NOTIFIER_LEASE_SECONDS"):
        settings(lease_seconds=30, smtp_timeout_seconds=30)


def test_harvest_v3_with_the_sandboxs_client_is_the_default():
    s = settings()
    assert s.greenhouse_auth == "oauth2"
    assert s.greenhouse_token_endpoint() == "http://127.0.0.1:8010/auth/token"
    assert s.greenhouse_client_id == "sandbox-client"


def test_oauth2_needs_client_credentials():
    with pytest.raises(ValidationError, match="NOTIFIER_GREENHOUSE_CLIENT_SECRET"):
        settings(greenhouse_auth="oauth2", greenhouse_client_id="cid", greenhouse_client_secret="")


def test_production_needs_the_ats_credentials_and_acting_user():
    with pytest.raises(ValidationError, match="NOTIFIER_GREENHOUSE_TOKEN_URL"):
        settings(LEVELING_ENV="production")
    real = {
        "greenhouse_token_url": "https://auth.greenhouse.io/token",
        "greenhouse_client_id": "cid",
        "greenhouse_client_secret": "cs",
    }
    with pytest.raises(ValidationError, match="NOTIFIER_GREENHOUSE_ON_BEHALF_OF"):
        settings(LEVELING_ENV="production", **real)
    with pytest.raises(ValidationError, match="NOTIFIER_GREENHOUSE_API_KEY"):
        settings(LEVELING_ENV="production", greenhouse_auth="basic")
    with pytest.raises(ValidationError, match="NOTIFIER_GREENHOUSE_ON_BEHALF_OF"):
        settings(LEVELING_ENV="production", greenhouse_auth="basic", greenhouse_api_key="k")
