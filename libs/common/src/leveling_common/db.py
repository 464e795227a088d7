"""Async SQLAlchemy engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

__all__ = [
    "NAMING_CONVENTION",
    "create_engine",
    "create_session_factory",
    "insert_with_conflicts",
    "naming_metadata",
    "ping",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def naming_metadata() -> MetaData:
    """A MetaData whose constraint names are stable, so migrations can drop them by name."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while the worker writes; busy_timeout turns lock contention into
    # a short wait instead of an immediate "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """One engine per process, built by the composition root."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = _create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: with asyncpg it costs two round trips (BEGIN, ROLLBACK) per checkout,
    # a fifth of a webhook's database time. A connection the server dropped fails its next
    # statement instead; SQLAlchemy then discards every pooled connection of that age, and
    # the caller's retry (the consumer loop, the relay, the ATS re-sending a webhook) runs
    # on a fresh one. Recycling bounds how long an idle connection is trusted.
    return _create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def insert_with_conflicts(session: AsyncSession, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can say what to do on a key conflict (`ON CONFLICT …`), in the
    session's own dialect; both databases take the same clauses."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def ping(engine: AsyncEngine) -> None:
    """Raises when the database cannot answer a trivial query (used by /readyz)."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
