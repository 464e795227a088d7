"""Alembic environment of the catalogue: async engine, SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from catalogue.adapters.tables import metadata
from leveling_common.db import create_engine
from leveling_common.settings import sqlite_url_under_var

config = context.config


def _url() -> str:
    configured = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    return str(
        configured or os.environ.get("CATALOGUE_DATABASE_URL") or sqlite_url_under_var("catalogue")
    )


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(_run_online())
