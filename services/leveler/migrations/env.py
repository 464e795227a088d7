"""Alembic environment: async engine, the leveler's metadata, URL from the caller or env."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from leveler.adapters.tables import metadata
from leveling_common.db import create_engine

config = context.config


def _url() -> str:
    url = config.attributes.get("database_url") or os.environ.get("LEVELER_DATABASE_URL")
    if not url:
        raise SystemExit("LEVELER_DATABASE_URL is required to run migrations")
    return str(url)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_url(), pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    asyncio.run(_run_online())
