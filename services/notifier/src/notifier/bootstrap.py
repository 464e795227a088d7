"""The composition root: the only place concrete adapters are chosen and wired."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from leveling_common.db import create_engine, create_session_factory, ping
from leveling_common.http import ReadinessCheck
from leveling_common.kafka import PartitionGate, broker_reachable
from notifier.adapters.ashby import (
    AshbyClient,
    AshbyConnection,
    AshbyFields,
    AshbyWriteBack,
    ashby_person,
)
from notifier.adapters.directory import AtsDirectory, UserLookup
from notifier.adapters.dlq_replay import KafkaDlqReplayer
from notifier.adapters.email import EmailSender, SmtpMailer, SmtpSettings
from notifier.adapters.greenhouse import (
    FieldMapping,
    GreenhouseClient,
    GreenhouseConnection,
    GreenhouseWriteBack,
    greenhouse_person,
)
from notifier.adapters.greenhouse_auth import ClientCredentialsAuth, basic_key_auth
from notifier.adapters.ledger import SqlLedger
from notifier.adapters.lever import (
    LeverClient,
    LeverConnection,
    LeverFields,
    LeverWriteBack,
    lever_person,
)
from notifier.adapters.rendering import Renderer
from notifier.adapters.webhook import WebhookSender
from notifier.config import Settings
from notifier.domain.delivery import Channel, RetryPolicy
from notifier.domain.links import Links
from notifier.domain.planning import Routing
from notifier.metrics import PrometheusObserver
from notifier.service_layer.dispatcher import Dispatcher, DispatchSettings
from notifier.service_layer.ports import ChannelSender

__all__ = ["Notifier", "bootstrap"]

GREENHOUSE = "greenhouse"
ASHBY = "ashby"
LEVER = "lever"


@dataclass
class Notifier:
    """Everything a notifier process runs on, built once from settings."""

    settings: Settings
    engine: AsyncEngine
    http: httpx.AsyncClient
    mailer: SmtpMailer
    ledger: SqlLedger
    dispatcher: Dispatcher
    routing: Routing
    replayer: KafkaDlqReplayer
    partitions: PartitionGate = field(default_factory=PartitionGate)

    def readiness(self) -> dict[str, ReadinessCheck]:
        return {
            "database": self.database_ready,
            "broker": self.broker_ready,
            "partitions": self.partitions.check,
        }

    async def database_ready(self) -> None:
        await ping(self.engine)

    async def broker_ready(self) -> None:
        await broker_reachable(self.settings.kafka_bootstrap_servers)

    async def aclose(self) -> None:
        await self.mailer.aclose()
        await self.http.aclose()
        await self.engine.dispose()


def _secret(value: object) -> str:
    getter = getattr(value, "get_secret_value", None)
    return str(getter()) if getter is not None else ""


def greenhouse_connection(settings: Settings) -> GreenhouseConnection:
    if settings.greenhouse_auth == "oauth2":
        auth: httpx.Auth = ClientCredentialsAuth(
            token_url=settings.greenhouse_token_endpoint(),
            client_id=settings.greenhouse_client_id or "",
            client_secret=_secret(settings.greenhouse_client_secret),
            subject=settings.greenhouse_on_behalf_of or None,
        )
    else:
        auth = basic_key_auth(settings.greenhouse_api_key.get_secret_value())
    return GreenhouseConnection(
        base_url=settings.greenhouse_url,
        auth=auth,
        on_behalf_of=settings.greenhouse_on_behalf_of,
        api_version="v3" if settings.greenhouse_auth == "oauth2" else "v1",
        fields=FieldMapping(
            level=settings.greenhouse_field_level,
            pay_band=settings.greenhouse_field_pay_band,
            rationale=settings.greenhouse_field_rationale,
        ),
        timeout_s=settings.greenhouse_timeout_seconds,
    )


def ashby_connection(settings: Settings) -> AshbyConnection:
    return AshbyConnection(
        base_url=settings.ashby_url,
        api_key=_secret(settings.ashby_api_key),
        fields=AshbyFields(
            level=settings.ashby_field_level or "",
            pay_band=settings.ashby_field_pay_band or "",
            rationale=settings.ashby_field_rationale or "",
        ),
        timeout_s=settings.ashby_timeout_seconds,
    )


def lever_connection(settings: Settings) -> LeverConnection:
    return LeverConnection(
        base_url=settings.lever_url,
        api_key=_secret(settings.lever_api_key),
        fields=LeverFields(
            level=settings.lever_field_level,
            pay_band=settings.lever_field_pay_band,
            rationale=settings.lever_field_rationale,
        ),
        timeout_s=settings.lever_timeout_seconds,
    )


def ats_sources(settings: Settings) -> frozenset[str]:
    """The source systems this notifier writes back to and looks people up in."""
    enabled = {ASHBY: settings.ashby_enabled, LEVER: settings.lever_enabled}
    return frozenset({GREENHOUSE, *(source for source, on in enabled.items() if on)})


def smtp_settings(settings: Settings) -> SmtpSettings:
    return SmtpSettings(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.email_from,
        start_tls=settings.smtp_starttls,
        use_tls=settings.smtp_tls,
        username=_secret(settings.smtp_username) or None,
        password=_secret(settings.smtp_password) or None,
        timeout_s=settings.smtp_timeout_seconds,
        connections=settings.smtp_connections,
    )


def links(settings: Settings) -> Links:
    templates = {
        "greenhouse": settings.greenhouse_job_url,
        "ashby": settings.ashby_job_url,
        "lever": settings.lever_job_url,
    }
    return Links(
        console_url=settings.console_url,
        job_urls={source: url for source, url in templates.items() if url},
    )


def _senders(
    settings: Settings, http: httpx.AsyncClient, mailer: SmtpMailer
) -> dict[Channel, ChannelSender]:
    greenhouse = GreenhouseClient(greenhouse_connection(settings), http)
    senders: dict[Channel, ChannelSender] = {Channel.GREENHOUSE: GreenhouseWriteBack(greenhouse)}
    lookups: dict[str, UserLookup] = {
        GREENHOUSE: lambda user_id: greenhouse_person(greenhouse, user_id)
    }
    if settings.ashby_enabled:
        ashby = AshbyClient(ashby_connection(settings), http)
        senders[Channel.ASHBY] = AshbyWriteBack(ashby)
        lookups[ASHBY] = lambda user_id: ashby_person(ashby, user_id)
    if settings.lever_enabled:
        lever = LeverClient(lever_connection(settings), http)
        senders[Channel.LEVER] = LeverWriteBack(lever)
        lookups[LEVER] = lambda user_id: lever_person(lever, user_id)
    email = EmailSender(
        mailer=mailer,
        renderer=Renderer(),
        directory=AtsDirectory(lookups, ttl_s=settings.greenhouse_user_cache_seconds),
        links=links(settings),
    )
    senders[Channel.EMAIL] = email
    senders[Channel.DIGEST] = email
    if settings.webhook_url and settings.webhook_secret:
        senders[Channel.WEBHOOK] = WebhookSender(
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            http=http,
            timeout_s=settings.webhook_timeout_seconds,
        )
    return senders


def bootstrap(settings: Settings) -> Notifier:
    """Build the process's engine, clients and services; nothing connects yet."""
    engine = create_engine(settings.database_url)
    ledger = SqlLedger(create_session_factory(engine))
    limits = httpx.Limits(max_connections=settings.dispatch_concurrency * 2)
    http = httpx.AsyncClient(limits=limits, headers={"User-Agent": "leveling-notifier"})
    mailer = SmtpMailer(smtp_settings(settings))
    dispatcher = Dispatcher(
        ledger=ledger,
        senders=_senders(settings, http, mailer),
        policy=RetryPolicy(
            max_attempts=settings.max_attempts,
            base=timedelta(seconds=settings.retry_base_seconds),
            cap=timedelta(seconds=settings.retry_cap_seconds),
        ),
        settings=DispatchSettings(
            concurrency=settings.dispatch_concurrency,
            lease=timedelta(seconds=settings.lease_seconds),
            idle_interval=settings.dispatch_idle_seconds,
        ),
        observer=PrometheusObserver(),
    )
    return Notifier(
        settings=settings,
        engine=engine,
        http=http,
        mailer=mailer,
        ledger=ledger,
        dispatcher=dispatcher,
        routing=Routing(
            ats_sources=ats_sources(settings),
            directory_sources=ats_sources(settings),
            webhook_url=settings.webhook_url if settings.webhook_secret else None,
            notify_unchanged=settings.notify_unchanged,
            digest_quiet=timedelta(seconds=settings.digest_quiet_seconds),
            digest_longest_wait=timedelta(seconds=settings.digest_longest_wait_seconds),
        ),
        replayer=KafkaDlqReplayer(settings.kafka()),
    )
