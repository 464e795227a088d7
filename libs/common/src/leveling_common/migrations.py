"""Alembic for every service: where its scripts are, and the one `env.py` they all run.

A service's `migrations/env.py` is two lines: it imports its table metadata and calls
`run_migrations(metadata, "<service>")`. The scripts ship inside the wheel as
`<package>/_migrations` (hatch `force-include`); in the source tree they sit in
`services/<service>/migrations`, beside `src/`.

An unset URL means what it means to the service itself: its SQLite file under `var/`, the
default of its settings, so `alembic upgrade head` and `<service> migrate` agree.
"""

from __future__ import annotations

import asyncio
import importlib
import logging.config
import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection

from leveling_common.db import create_engine
from leveling_common.settings import sqlite_url_under_var

__all__ = ["alembic_config", "migrations_dir", "run_migrations", "upgrade"]

_FILE_TEMPLATE = "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s_%%(rev)s"


def migrations_dir(package: str) -> Path:
    """The migration scripts of the service whose top-level package is `package`."""
    package_dir = Path(str(importlib.import_module(package).__file__)).resolve().parent
    bundled = package_dir / "_migrations"
    return bundled if bundled.is_dir() else package_dir.parents[1] / "migrations"


def alembic_config(package: str, database_url: str) -> Config:
    """An Alembic configuration for `package`'s scripts, pointed at `database_url`."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir(package)))
    config.set_main_option("file_template", _FILE_TEMPLATE)
    config.attributes["database_url"] = database_url
    return config


def upgrade(package: str, database_url: str, revision: str = "head") -> None:
    """Apply `package`'s migrations up to `revision`; blocking, so call it outside a loop."""
    command.upgrade(alembic_config(package, database_url), revision)


def _database_url(service: str) -> str:
    config = context.config
    configured = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    from_env = os.environ.get(f"{service.upper()}_DATABASE_URL")
    return str(configured or from_env or sqlite_url_under_var(service))


def _run_on(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things in place; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str, metadata: MetaData) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_on, metadata)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations(metadata: MetaData, service: str) -> None:
    """The body of every service's `env.py`: offline (SQL script) or online (async engine)."""
    if context.config.config_file_name is not None:  # run by the `alembic` command
        logging.config.fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    url = _database_url(service)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(_run_online(url, metadata))
