"""The leveler's settings: environment variables prefixed LEVELER_, plus the shared ones."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr

from leveling_common.events import TOPIC_CATALOGUE, TOPIC_DECISIONS, TOPIC_REQUISITIONS
from leveling_common.settings import (
    BaseServiceSettings,
    DatabaseUrl,
    Port,
    RateLimit,
    service_config,
    sqlite_url_under_var,
)

__all__ = ["ONE_MIB", "Settings"]

ONE_MIB = 1024 * 1024


class Settings(BaseServiceSettings):
    """Built once by the composition root and passed down; never read at import time."""

    model_config = service_config("LEVELER_")

    database_url: DatabaseUrl = sqlite_url_under_var("leveler")
    host: str = "127.0.0.1"
    port: Port = 8002

    greenhouse_secret: SecretStr | None = Field(
        default=None, description="Greenhouse webhook secret; unset → that webhook answers 503."
    )
    ashby_secret: SecretStr | None = Field(
        default=None, description="Ashby webhook secret; unset → that webhook answers 503."
    )
    greenhouse_writeback_fields: str = Field(
        default="level,pay_band,level_rationale",
        description="Keys of the job custom fields the notifier writes; changes to them alone "
        "never re-level a job.",
    )
    greenhouse_salary_field: str = Field(
        default="salary_range",
        description="Custom field (currency_range) holding the posted range; when absent the "
        "first other currency_range field is used.",
    )
    max_body_bytes: int = Field(default=ONE_MIB, ge=1024)
    # Per source (a webhook's ATS, or an API token), in the `limits` notation.
    rate_limit: RateLimit = "100/second"

    catalogue_url: str = Field(
        default="http://127.0.0.1:8001", validation_alias="CATALOGUE_URL", min_length=8
    )
    catalogue_token: SecretStr | None = Field(
        default=None, description="Bearer token for the catalogue; the admin token when unset."
    )
    # Timeouts are named *_TIMEOUT_SECONDS in every service; the older _S name still works.
    catalogue_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        validation_alias=AliasChoices(
            "LEVELER_CATALOGUE_TIMEOUT_SECONDS", "LEVELER_CATALOGUE_TIMEOUT_S"
        ),
    )
    catalogue_max_age_s: float = Field(
        default=300.0,
        gt=0,
        description="Revalidate the cached snapshot after this long even without a change event.",
    )
    lever_api_key: SecretStr | None = Field(
        default=None,
        description="Lever API key; when set, `work` polls Lever's requisitions (no webhooks "
        "carry them).",
    )
    lever_url: str = Field(default="https://api.lever.co", description="Lever API base URL.")
    lever_writeback_fields: str = Field(
        default="level,pay_band,level_rationale",
        description="Keys of the requisition custom fields the notifier writes; they are not "
        "read as job text, so a write-back never re-levels a requisition.",
    )
    lever_poll_seconds: float = Field(
        default=60.0, ge=5.0, description="Pause between two passes over Lever's requisitions."
    )

    consumer_group: str = "leveler"
    requisitions_topic: str = TOPIC_REQUISITIONS
    catalogue_topic: str = TOPIC_CATALOGUE
    decisions_topic: str = TOPIC_DECISIONS

    def writeback_field_keys(self) -> frozenset[str]:
        return _keys(self.greenhouse_writeback_fields)

    def lever_writeback_keys(self) -> frozenset[str]:
        return _keys(self.lever_writeback_fields)

    def catalogue_bearer(self) -> str:
        token = self.catalogue_token or self.admin_token
        return token.get_secret_value()


def _keys(listed: str) -> frozenset[str]:
    return frozenset(k.strip() for k in listed.split(",") if k.strip())
