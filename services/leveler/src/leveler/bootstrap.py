"""The composition root: the only place concrete adapters are chosen and wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from leveler.adapters.catalogue_archive import SqlCatalogueArchive
from leveler.adapters.catalogue_client import HttpCatalogue
from leveler.adapters.greenhouse import GreenhouseMapping
from leveler.adapters.lever import LeverRequisitions
from leveler.adapters.tables import outbox
from leveler.adapters.unit_of_work import SqlUnitOfWork
from leveler.config import Settings
from leveler.entrypoints.poll_health import LeverPollHealth
from leveler.metrics import count_decisions
from leveler.service_layer.catalogue import CatalogueArchive, CatalogueSource
from leveler.service_layer.messages import MessageHandler, WorkerConfig
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.db import create_engine, create_session_factory, ping
from leveling_common.events import utc_now
from leveling_common.http.ratelimit import RateLimiter
from leveling_common.kafka import PartitionGate, Producer, broker_reachable
from leveling_common.messaging import OutboxRelay

__all__ = ["Container", "bootstrap"]


@dataclass
class Container:
    """Everything a process needs, built once from explicit settings."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    catalogue: CatalogueSource
    archive: CatalogueArchive
    greenhouse: GreenhouseMapping
    rate_limits: RateLimiter
    partitions: PartitionGate = field(default_factory=PartitionGate)
    lever_health: LeverPollHealth = field(default_factory=LeverPollHealth)
    clock: Callable[[], datetime] = utc_now
    relay: OutboxRelay | None = field(default=None)
    _producer: Producer | None = field(default=None, repr=False)

    def uow(self) -> AbstractUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def outbox_relay(self) -> OutboxRelay:
        """The relay publishing this database's outbox (one per process that runs `work`)."""
        if self.relay is None:
            self._producer = Producer(self.settings.kafka(), client_id="leveler-outbox")
            self.relay = OutboxRelay(self.sessions, outbox, self._producer, service="leveler")
        return self.relay

    async def start_publisher(self) -> None:
        """Connect the relay's producer now, so a broker problem shows at start-up."""
        self.outbox_relay()
        if self._producer is not None:
            await self._producer.start()

    def message_handler(self) -> MessageHandler:
        relay = self.outbox_relay()
        return MessageHandler(
            uow_factory=self.uow,
            catalogue=self.catalogue,
            config=WorkerConfig(
                consumer=self.settings.consumer_group,
                decisions_topic=self.settings.decisions_topic,
            ),
            clock=self.clock,
            after_commit=relay.wake,
            on_decisions=count_decisions,
        )

    def lever_feed(self) -> LeverRequisitions | None:
        """Lever's requisitions when a Lever API key is configured."""
        key = self.settings.lever_api_key
        if key is None:
            return None
        return LeverRequisitions(
            self.http,
            base_url=self.settings.lever_url,
            api_key=key.get_secret_value(),
            own_fields=self.settings.lever_writeback_keys(),
        )

    async def database_ready(self) -> None:
        await ping(self.engine)

    async def broker_ready(self) -> None:
        await broker_reachable(self.settings.kafka_bootstrap_servers)

    async def aclose(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
        await self.http.aclose()
        await self.engine.dispose()


def bootstrap(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Container:
    engine = create_engine(settings.database_url)
    http = httpx.AsyncClient(timeout=settings.catalogue_timeout_seconds)
    sessions = create_session_factory(engine)
    archive = SqlCatalogueArchive(sessions)
    catalogue = HttpCatalogue(
        http,
        base_url=settings.catalogue_url,
        token=settings.catalogue_bearer(),
        max_age_s=settings.catalogue_max_age_s,
        on_new_version=archive.keep,
    )
    return Container(
        settings=settings,
        engine=engine,
        sessions=sessions,
        http=http,
        catalogue=catalogue,
        archive=archive,
        greenhouse=GreenhouseMapping(
            writeback_fields=settings.writeback_field_keys(),
            salary_field=settings.greenhouse_salary_field,
        ),
        rate_limits=RateLimiter(settings.rate_limit),
        clock=clock,
    )
