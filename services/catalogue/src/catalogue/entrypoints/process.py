"""The catalogue as a running process (its API, its outbox relay and band sets coming into
force), migrations and the seed."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from importlib.metadata import version

from alembic.config import Config
from sqlalchemy.exc import DBAPIError

from catalogue.bootstrap import Catalogue, bootstrap
from catalogue.config import Settings
from catalogue.entrypoints.api import create_app
from catalogue.entrypoints.in_force import announce_until_stopped
from catalogue.seed import seed
from leveling_common import migrations
from leveling_common.aio import retry_until_stopped
from leveling_common.kafka import Producer, ensure_topics
from leveling_common.logging import get_logger
from leveling_common.service.cli import migrate as migrate_database
from leveling_common.service.lifecycle import Process

__all__ = ["alembic_config", "migrate", "process", "run_seed"]

_log = get_logger(__name__)


def alembic_config(database_url: str) -> Config:
    """The catalogue's Alembic configuration, pointed at `database_url`."""
    return migrations.alembic_config("catalogue", database_url)


def migrate(settings: Settings) -> int:
    return migrate_database("catalogue", settings.database_url)


async def _relay(catalogue: Catalogue, stop: asyncio.Event) -> None:
    kafka = catalogue.settings.kafka()

    async def create_topics() -> None:
        await ensure_topics(kafka, [catalogue.settings.changes_topic])

    if not await retry_until_stopped(create_topics, stop, waiting_for="broker"):
        return
    async with Producer(kafka, client_id="catalogue-outbox") as producer:
        _log.info("outbox_relay_started", topic=catalogue.settings.changes_topic)
        await catalogue.relay(producer).run(stop)


async def _work(catalogue: Catalogue, stop: asyncio.Event) -> None:
    """Announce band sets as they come into force, and relay the outbox."""
    await asyncio.gather(_relay(catalogue, stop), announce_until_stopped(catalogue.uow, stop))


def process(settings: Settings) -> Process:
    catalogue = bootstrap(settings)
    return Process(
        name="catalogue",
        version=version("leveling-catalogue"),
        settings=settings,
        host=settings.host,
        port=settings.port,
        readiness={"database": catalogue.database_ready, "broker": catalogue.broker_ready},
        api=lambda: create_app(settings, catalogue=catalogue),
        work=lambda stop: _work(catalogue, stop),
        close=catalogue.close,
    )


async def run_seed(settings: Settings) -> int:
    catalogue = bootstrap(settings)
    try:
        report = await seed(catalogue.uow)
    except DBAPIError as exc:
        print(
            f"catalogue seed: the database is not ready ({type(exc.orig).__name__}); "
            "run 'catalogue migrate' first"
        )
        return 1
    finally:
        await catalogue.close()
    print(json.dumps(asdict(report), indent=2, sort_keys=True))
    return 0
