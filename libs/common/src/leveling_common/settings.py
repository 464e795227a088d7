"""Service settings, read from the environment only (DESIGN.md section 5a).

Nothing here is built at import time: each service's composition root calls
`load_settings(Settings)` once and passes the result down explicitly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn, TypeVar

import limits
from pydantic import AfterValidator, BaseModel, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = [
    "BaseServiceSettings",
    "DatabaseUrl",
    "KafkaSettings",
    "OidcSettings",
    "Port",
    "RateLimit",
    "load_settings",
    "service_config",
    "sqlite_url_under_var",
]

SettingsT = TypeVar("SettingsT", bound="BaseServiceSettings")

_BOOTSTRAP = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")
_DB_URL = re.compile(r"^(sqlite\+aiosqlite:///.+|postgresql\+asyncpg://.+)$")


def _check_bootstrap(value: str) -> str:
    servers = [part.strip() for part in value.split(",") if part.strip()]
    if not servers or not all(_BOOTSTRAP.match(s) for s in servers):
        raise ValueError("expected host:port[,host:port...]")
    return ",".join(servers)


def _check_db_url(value: str) -> str:
    if not _DB_URL.match(value):
        raise ValueError("expected sqlite+aiosqlite:///PATH or postgresql+asyncpg://...")
    return value


BootstrapServers = Annotated[str, AfterValidator(_check_bootstrap)]
DatabaseUrl = Annotated[str, AfterValidator(_check_db_url)]
Port = Annotated[int, Field(ge=1, le=65535)]


def _check_rate_limit(value: str) -> str:
    try:
        limits.parse(value)
    except ValueError as exc:
        raise ValueError(f"not a rate limit such as '100/second': {exc}") from exc
    return value


# A count per period in the `limits` notation: "100/second", "6000 per minute".
RateLimit = Annotated[str, AfterValidator(_check_rate_limit)]


def sqlite_url_under_var(service: str) -> str:
    """The local default database: a SQLite file per service under ./var/."""
    return f"sqlite+aiosqlite:///{Path('var') / f'{service}.db'}"


def service_config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, extra="ignore", populate_by_name=False, case_sensitive=False
    )


SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]


class KafkaSettings(BaseModel):
    """How to reach the broker and how the consumer group behaves."""

    bootstrap_servers: BootstrapServers = "127.0.0.1:9092"
    partitions: int = Field(default=3, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    security_protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    session_timeout_ms: int = 6_000
    heartbeat_interval_ms: int = 2_000
    max_batch: int = Field(default=500, ge=1)
    # How long a fetch waits for records. Apache Kafka answers as soon as records arrive, so
    # this only bounds idle polling there; Tansu answers when the wait is over, so on the
    # local stack it is part of every hop's latency.
    fetch_max_wait_ms: int = Field(default=100, ge=1, le=10_000)
    client_id: str = "leveling"


class OidcSettings(BaseModel):
    """Console sign-in through an OpenID Connect provider."""

    discovery_url: str
    client_id: str
    client_secret: SecretStr
    # The claim holding the person's roles (a list, or a space-separated string).
    roles_claim: str = "roles"
    # Product role -> the provider's name for it, when a company's groups are named otherwise.
    role_names: dict[str, str] = Field(default_factory=dict)
    session_hours: float = Field(default=8.0, gt=0, le=24 * 30)


def _role_names(value: str) -> dict[str, str]:
    """'recruiter=Talent Acquisition;comp=Total Rewards' -> {'recruiter': 'Talent ...'}."""
    names: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in value.split(";"))):
        role, sep, name = entry.partition("=")
        if not sep or role.strip() not in {"recruiter", "comp", "ops"} or not name.strip():
            raise ValueError("expected 'recruiter=NAME;comp=NAME;ops=NAME' (any of the three)")
        names[role.strip()] = name.strip()
    return names


def _check_role_names(value: str) -> str:
    _role_names(value)
    return value


class BaseServiceSettings(BaseSettings):
    """Settings every service shares; un-prefixed variables are the same for all three."""

    environment: Literal["development", "production"] = Field(
        default="development", validation_alias="LEVELING_ENV"
    )
    kafka_bootstrap_servers: BootstrapServers = Field(
        default="127.0.0.1:9092", validation_alias="KAFKA_BOOTSTRAP_SERVERS"
    )
    kafka_partitions: int = Field(default=3, ge=1, validation_alias="KAFKA_TOPIC_PARTITIONS")
    kafka_replication_factor: int = Field(
        default=1, ge=1, validation_alias="KAFKA_REPLICATION_FACTOR"
    )
    kafka_security_protocol: SecurityProtocol = Field(
        default="PLAINTEXT", validation_alias="KAFKA_SECURITY_PROTOCOL"
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        default=None, validation_alias="KAFKA_SASL_MECHANISM"
    )
    kafka_sasl_username: str | None = Field(default=None, validation_alias="KAFKA_SASL_USERNAME")
    kafka_sasl_password: SecretStr | None = Field(
        default=None, validation_alias="KAFKA_SASL_PASSWORD"
    )
    kafka_fetch_max_wait_ms: int = Field(
        default=100, ge=1, le=10_000, validation_alias="KAFKA_FETCH_MAX_WAIT_MS"
    )
    admin_token: SecretStr = Field(validation_alias="LEVELING_ADMIN_TOKEN", min_length=16)
    api_tokens: str = Field(
        default="",
        validation_alias="LEVELING_API_TOKENS",
        description="Extra tokens: 'sha256hex=scope scope;sha256hex=scope'.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", validation_alias="LEVELING_LOG_LEVEL"
    )
    otlp_endpoint: str | None = Field(default=None, validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    json_body_limit_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        validation_alias="LEVELING_JSON_BODY_LIMIT_BYTES",
        description="Largest JSON request body any API takes; larger ones get 413.",
    )
    oidc_discovery_url: str | None = Field(
        default=None,
        validation_alias="LEVELING_OIDC_DISCOVERY_URL",
        description="The provider's /.well-known/openid-configuration; set, consoles sign in "
        "through it.",
    )
    oidc_client_id: str | None = Field(default=None, validation_alias="LEVELING_OIDC_CLIENT_ID")
    oidc_client_secret: SecretStr | None = Field(
        default=None, validation_alias="LEVELING_OIDC_CLIENT_SECRET"
    )
    oidc_roles_claim: str = Field(
        default="roles", min_length=1, validation_alias="LEVELING_OIDC_ROLES_CLAIM"
    )
    oidc_role_names: Annotated[str, AfterValidator(_check_role_names)] = Field(
        default="",
        validation_alias="LEVELING_OIDC_ROLE_NAMES",
        description="The provider's names for the roles: 'recruiter=NAME;comp=NAME;ops=NAME'.",
    )
    console_session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, validation_alias="LEVELING_CONSOLE_SESSION_HOURS"
    )
    # <SERVICE>_WORK_PORT: the service's prefix applies, so each service has its own.
    work_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Port on which `work` serves /healthz, /readyz and /metrics; 0 serves none.",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> BaseServiceSettings:
        if self.admin_token.get_secret_value().lower() in {"changethis", "changeme"}:
            raise ValueError("LEVELING_ADMIN_TOKEN: placeholder value is not allowed")
        return self

    @model_validator(mode="after")
    def _oidc_needs_a_client(self) -> BaseServiceSettings:
        if self.oidc_discovery_url and not (self.oidc_client_id and self.oidc_client_secret):
            raise ValueError(
                "LEVELING_OIDC_CLIENT_ID and LEVELING_OIDC_CLIENT_SECRET are required "
                "with LEVELING_OIDC_DISCOVERY_URL"
            )
        return self

    def oidc(self) -> OidcSettings | None:
        """Console sign-in through OpenID Connect, when a provider is configured."""
        if not (self.oidc_discovery_url and self.oidc_client_id and self.oidc_client_secret):
            return None
        return OidcSettings(
            discovery_url=self.oidc_discovery_url,
            client_id=self.oidc_client_id,
            client_secret=self.oidc_client_secret,
            roles_claim=self.oidc_roles_claim,
            role_names=_role_names(self.oidc_role_names),
            session_hours=self.console_session_hours,
        )

    def kafka(self) -> KafkaSettings:
        return KafkaSettings(
            bootstrap_servers=self.kafka_bootstrap_servers,
            partitions=self.kafka_partitions,
            replication_factor=self.kafka_replication_factor,
            security_protocol=self.kafka_security_protocol,
            sasl_mechanism=self.kafka_sasl_mechanism,
            sasl_username=self.kafka_sasl_username,
            sasl_password=self.kafka_sasl_password,
            fetch_max_wait_ms=self.kafka_fetch_max_wait_ms,
        )


def _env_name(cls: type[BaseSettings], field_name: str) -> str:
    aliases = {
        f.validation_alias for f in cls.model_fields.values() if isinstance(f.validation_alias, str)
    }
    if field_name in aliases:
        return field_name
    field = cls.model_fields.get(field_name)
    if field is not None and isinstance(field.validation_alias, str):
        return field.validation_alias
    prefix = str(cls.model_config.get("env_prefix") or "")
    return f"{prefix}{field_name}".upper()


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"configuration error: {message}\n")
    raise SystemExit(2)


def load_settings(cls: type[SettingsT], **overrides: Any) -> SettingsT:
    """Build settings from the environment; a bad variable ends the process with exit code 2."""
    try:
        settings = cls(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = error.get("loc") or ()
        if location:
            name = _env_name(cls, str(location[0]))
            what = "is required" if error["type"] == "missing" else f"is invalid: {error['msg']}"
            _fail(f"{name} {what}")
        _fail(str(error["msg"]).removeprefix("Value error, "))
    if settings.environment == "production":
        _require_explicit_in_production(cls, settings)
    return settings


def _require_explicit_in_production(cls: type[SettingsT], settings: SettingsT) -> None:
    for name in sorted(cls.model_fields):
        if name.endswith("database_url") and name not in settings.model_fields_set:
            _fail(f"{_env_name(cls, name)} is required when LEVELING_ENV=production")
    if "kafka_bootstrap_servers" not in settings.model_fields_set:
        _fail("KAFKA_BOOTSTRAP_SERVERS is required when LEVELING_ENV=production")
