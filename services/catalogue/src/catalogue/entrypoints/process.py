"""The catalogue's processes: migrations, the API, the outbox relay, the seed loader."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from importlib.metadata import version

import uvicorn
from alembic.config import Config
from sqlalchemy.exc import DBAPIError

from catalogue.bootstrap import Catalogue, bootstrap
from catalogue.config import Settings
from catalogue.entrypoints.api import create_app
from catalogue.seed import seed
from leveling_common import migrations
from leveling_common.aio import retry_until_stopped
from leveling_common.http import create_ops_app, serve_until
from leveling_common.kafka import (
    Producer,
    ensure_topics,
    install_stop_signals,
)
from leveling_common.logging import get_logger

__all__ = ["alembic_config", "all_in_one", "migrate", "relay_only", "run_seed", "serve"]

_log = get_logger(__name__)


def alembic_config(database_url: str) -> Config:
    """The catalogue's Alembic configuration, pointed at `database_url`."""
    return migrations.alembic_config("catalogue", database_url)


def migrate(settings: Settings) -> int:
    migrations.upgrade("catalogue", settings.database_url)
    print(f"catalogue: database at revision head ({settings.database_url.split('://')[0]})")
    return 0


def _server(settings: Settings, catalogue: Catalogue) -> uvicorn.Server:
    app = create_app(settings, catalogue=catalogue)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_config=None, access_log=False
    )
    return uvicorn.Server(config)


async def _relay(catalogue: Catalogue, stop: asyncio.Event) -> None:
    kafka = catalogue.settings.kafka()

    async def create_topics() -> None:
        await ensure_topics(kafka, [catalogue.settings.changes_topic])

    if not await retry_until_stopped(create_topics, stop, waiting_for="broker"):
        return
    async with Producer(kafka, client_id="catalogue-outbox") as producer:
        _log.info("outbox_relay_started", topic=catalogue.settings.changes_topic)
        await catalogue.relay(producer).run(stop)


async def serve(settings: Settings) -> None:
    catalogue = bootstrap(settings)
    try:
        await _server(settings, catalogue).serve()
    finally:
        await catalogue.close()


async def relay_only(settings: Settings) -> None:
    catalogue = bootstrap(settings)
    stop = asyncio.Event()
    install_stop_signals(stop)
    try:
        await asyncio.gather(_relay(catalogue, stop), _ops(catalogue, stop))
    finally:
        await catalogue.close()


async def _ops(catalogue: Catalogue, stop: asyncio.Event) -> None:
    """The relay process's health and metrics, when CATALOGUE_WORK_PORT names a port."""
    settings = catalogue.settings
    if not settings.work_port:
        return

    app = create_ops_app(
        service="catalogue",
        version=version("leveling-catalogue"),
        settings=settings,
        readiness={"database": catalogue.database_ready, "broker": catalogue.broker_ready},
    )
    await serve_until(app, host=settings.host, port=settings.work_port, stop=stop)


async def all_in_one(settings: Settings) -> None:
    """API and outbox relay in one process; the server's shutdown also stops the relay."""
    catalogue = bootstrap(settings)
    stop = asyncio.Event()
    relay = asyncio.create_task(_relay(catalogue, stop))
    try:
        await _server(settings, catalogue).serve()
    finally:
        stop.set()
        await relay
        await catalogue.close()


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
