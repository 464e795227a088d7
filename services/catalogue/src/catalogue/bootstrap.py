"""The composition root: the only place concrete adapters are chosen and wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from catalogue.adapters import tables
from catalogue.adapters.leveler_client import LevelerImpactClient
from catalogue.adapters.sql_unit_of_work import SqlUnitOfWork
from catalogue.config import Settings
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import SnapshotCache
from leveling_common.db import create_engine, create_session_factory, ping
from leveling_common.http.ratelimit import RateLimiter
from leveling_common.kafka import broker_reachable
from leveling_common.messaging import EventPublisher, OutboxRelay

__all__ = ["Catalogue", "bootstrap"]


@dataclass
class Catalogue:
    """Everything a process of the catalogue needs, built from settings."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    snapshot_cache: SnapshotCache = field(default_factory=SnapshotCache)
    on_events: Callable[[], None] | None = None
    leveler: LevelerImpactClient | None = None
    rate_limits: RateLimiter = field(default_factory=lambda: RateLimiter("100/second"))

    def uow(self) -> UnitOfWork:
        return SqlUnitOfWork(self.sessions, on_events=self._events_committed)

    def _events_committed(self) -> None:
        if self.on_events is not None:
            self.on_events()

    def relay(self, publisher: EventPublisher) -> OutboxRelay:
        """The outbox relay; commits that enqueue events wake it at once."""
        relay = OutboxRelay(
            self.sessions,
            tables.outbox,
            publisher,
            batch_size=self.settings.relay_batch_size,
            service="catalogue",
        )
        self.on_events = relay.wake
        return relay

    async def database_ready(self) -> None:
        await ping(self.engine)

    async def broker_ready(self) -> None:
        await broker_reachable(self.settings.kafka_bootstrap_servers)

    async def close(self) -> None:
        if self.leveler is not None:
            await self.leveler.aclose()
        await self.engine.dispose()


def bootstrap(settings: Settings) -> Catalogue:
    engine = create_engine(settings.database_url)
    return Catalogue(
        settings=settings,
        engine=engine,
        sessions=create_session_factory(engine),
        leveler=_leveler(settings),
        rate_limits=RateLimiter(settings.rate_limit),
    )


def _leveler(settings: Settings) -> LevelerImpactClient | None:
    """The impact preview's client; without a leveler URL the console shows bands only."""
    if not settings.leveler_url:
        return None
    token = settings.leveler_token.get_secret_value() or settings.admin_token.get_secret_value()
    return LevelerImpactClient(
        settings.leveler_url, token, timeout_seconds=settings.leveler_timeout_seconds
    )
