"""The catalogue's settings: variables prefixed CATALOGUE_, plus the shared ones."""

from __future__ import annotations

from pydantic import Field, SecretStr

from leveling_common.events import TOPIC_CATALOGUE
from leveling_common.settings import (
    BaseServiceSettings,
    DatabaseUrl,
    Port,
    RateLimit,
    service_config,
    sqlite_url_under_var,
)

__all__ = ["Settings"]


class Settings(BaseServiceSettings):
    """Built once by the composition root and passed down; never read at import time."""

    model_config = service_config("CATALOGUE_")

    database_url: DatabaseUrl = sqlite_url_under_var("catalogue")
    host: str = "127.0.0.1"
    port: Port = 8001
    changes_topic: str = TOPIC_CATALOGUE
    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    # The leveler, asked before publishing which open requisitions a draft would move.
    leveler_url: str | None = None
    leveler_token: SecretStr = SecretStr("")
    leveler_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # Writes per API token, in the `limits` notation (past it: 429 with Retry-After).
    rate_limit: RateLimit = "100/second"
