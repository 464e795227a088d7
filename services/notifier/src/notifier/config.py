"""The notifier's settings, from `NOTIFIER_*` and the shared un-prefixed variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator

from leveling_common.settings import (
    BaseServiceSettings,
    DatabaseUrl,
    Port,
    service_config,
    sqlite_url_under_var,
)

__all__ = ["Settings"]

# The local ATS sandbox's client credentials, so `make run` needs no configuration;
# production refuses them.
_SANDBOX_CLIENT_ID = "sandbox-client"
_SANDBOX_CLIENT_SECRET = "sandbox-client-secret"


class Settings(BaseServiceSettings):
    """Every field reads `NOTIFIER_<FIELD>` unless it names another variable."""

    model_config = service_config("NOTIFIER_")

    database_url: DatabaseUrl = sqlite_url_under_var("notifier")
    host: str = "127.0.0.1"
    port: Port = 8003

    decisions_topic: str = "leveling.decisions.v1"
    consumer_group: str = "notifier"

    greenhouse_url: str = "http://127.0.0.1:8010"
    # oauth2: Harvest v3 with a client-credentials token (Greenhouse's current API).
    # basic: the legacy Harvest v1 with an API key (retired by Greenhouse on 2026-08-31).
    greenhouse_auth: Literal["basic", "oauth2"] = "oauth2"
    greenhouse_api_key: SecretStr = SecretStr("")
    # The Greenhouse user writes are made for: v3's token `sub`, v1's On-Behalf-Of.
    greenhouse_on_behalf_of: str = ""
    # Unset: `<greenhouse_url>/auth/token`, where the local ATS sandbox issues tokens.
    greenhouse_token_url: str | None = None
    greenhouse_client_id: str | None = _SANDBOX_CLIENT_ID
    greenhouse_client_secret: SecretStr | None = SecretStr(_SANDBOX_CLIENT_SECRET)
    greenhouse_field_level: str = "level"
    greenhouse_field_pay_band: str = "pay_band"
    greenhouse_field_rationale: str = "level_rationale"
    greenhouse_timeout_seconds: float = Field(default=10.0, gt=0)
    # How long a looked-up ATS user (name, email) is kept, for every connected ATS.
    greenhouse_user_cache_seconds: float = Field(default=600.0, ge=0)

    # Ashby write-back and user look-up, on once an API key is set. The fields are the
    # ids of the job custom fields: String (level), CompensationRange (band), LongText.
    ashby_url: str = "https://api.ashbyhq.com"
    ashby_api_key: SecretStr | None = None
    ashby_field_level: str | None = None
    ashby_field_pay_band: str | None = None
    ashby_field_rationale: str | None = None
    ashby_timeout_seconds: float = Field(default=10.0, gt=0)

    # Lever write-back and user look-up, on once an API key is set: the keys of three text
    # requisition custom fields.
    lever_url: str = "https://api.lever.co"
    lever_api_key: SecretStr | None = None
    lever_field_level: str = "level"
    lever_field_pay_band: str = "pay_band"
    lever_field_rationale: str = "level_rationale"
    lever_timeout_seconds: float = Field(default=10.0, gt=0)

    smtp_host: str = "127.0.0.1"
    smtp_port: Port = 1025
    email_from: str = "Leveling <leveling@localhost>"
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_username: SecretStr | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    smtp_connections: int = Field(default=4, ge=1, le=64)

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)

    # Where recipients act: the leveler console (its base URL) and each ATS's job page,
    # a URL with `{id}` for the job's id in that ATS; unset means no link.
    console_url: str | None = "http://127.0.0.1:8002"
    greenhouse_job_url: str | None = None
    ashby_job_url: str | None = None
    lever_job_url: str | None = None
    # Also notify (and write back) decision versions that change neither level, band
    # nor flags.
    notify_unchanged: bool = False
    # A band-set publication's re-levels reach each recipient as one digest, sent once no
    # further job joined it for the quiet period (and at the latest after the longest wait).
    digest_quiet_seconds: float = Field(default=30.0, gt=0)
    digest_longest_wait_seconds: float = Field(default=600.0, gt=0)

    max_attempts: int = Field(default=8, ge=1)
    retry_base_seconds: float = Field(default=2.0, gt=0)
    retry_cap_seconds: float = Field(default=600.0, gt=0)
    lease_seconds: float = Field(default=120.0, gt=0)
    dispatch_concurrency: int = Field(default=16, ge=1, le=512)
    dispatch_idle_seconds: float = Field(default=0.5, gt=0)

    @property
    def ashby_enabled(self) -> bool:
        return bool(self.ashby_api_key and self.ashby_api_key.get_secret_value())

    @property
    def lever_enabled(self) -> bool:
        return bool(self.lever_api_key and self.lever_api_key.get_secret_value())

    def greenhouse_token_endpoint(self) -> str:
        return self.greenhouse_token_url or f"{self.greenhouse_url.rstrip('/')}/auth/token"

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        checks = (
            _webhook_pair,
            _lease_outlasts_sends,
            _oauth2_complete,
            _ashby_complete,
            _production_ats,
        )
        for check in checks:
            problem = check(self)
            if problem:
                raise ValueError(problem)
        return self


def _webhook_pair(s: Settings) -> str | None:
    if bool(s.webhook_url) != bool(s.webhook_secret):
        return "NOTIFIER_WEBHOOK_URL and NOTIFIER_WEBHOOK_SECRET go together"
    return None


def _lease_outlasts_sends(s: Settings) -> str | None:
    timeouts = [s.greenhouse_timeout_seconds, s.smtp_timeout_seconds, s.webhook_timeout_seconds]
    if s.ashby_enabled:
        timeouts.append(s.ashby_timeout_seconds)
    if s.lever_enabled:
        timeouts.append(s.lever_timeout_seconds)
    slowest = max(timeouts)
    if s.lease_seconds <= 2 * slowest:
        return (
            "NOTIFIER_LEASE_SECONDS must exceed twice the longest send timeout "
            f"({slowest:g}s), or a slow send could be repeated by another process"
        )
    return None


def _oauth2_complete(s: Settings) -> str | None:
    secret = s.greenhouse_client_secret.get_secret_value() if s.greenhouse_client_secret else ""
    if s.greenhouse_auth == "oauth2" and not (s.greenhouse_client_id and secret):
        return (
            "NOTIFIER_GREENHOUSE_AUTH=oauth2 needs NOTIFIER_GREENHOUSE_CLIENT_ID and "
            "NOTIFIER_GREENHOUSE_CLIENT_SECRET"
        )
    return None


def _ashby_complete(s: Settings) -> str | None:
    fields = (s.ashby_field_level, s.ashby_field_pay_band, s.ashby_field_rationale)
    if s.ashby_api_key and s.ashby_api_key.get_secret_value() and not all(fields):
        return (
            "NOTIFIER_ASHBY_API_KEY needs NOTIFIER_ASHBY_FIELD_LEVEL, "
            "NOTIFIER_ASHBY_FIELD_PAY_BAND and NOTIFIER_ASHBY_FIELD_RATIONALE"
        )
    return None


def _production_ats(s: Settings) -> str | None:
    if s.environment != "production":
        return None
    if s.greenhouse_auth == "basic" and not s.greenhouse_api_key.get_secret_value():
        return "NOTIFIER_GREENHOUSE_API_KEY is required in production"
    if s.greenhouse_auth == "oauth2" and (
        not s.greenhouse_token_url or s.greenhouse_client_id == _SANDBOX_CLIENT_ID
    ):
        return (
            "NOTIFIER_GREENHOUSE_TOKEN_URL and NOTIFIER_GREENHOUSE_CLIENT_ID (not the "
            "sandbox's) are required in production"
        )
    if not s.greenhouse_on_behalf_of:
        return "NOTIFIER_GREENHOUSE_ON_BEHALF_OF is required in production"
    return None
