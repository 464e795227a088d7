import asyncio

from alembic import command
from sqlalchemy import inspect

from leveler.adapters.migrations import alembic_config, migrate
from leveler.adapters.tables import metadata
from leveling_common.db import create_engine


def _tables(url: str) -> set[str]:
    async def names() -> set[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                found = await connection.run_sync(lambda c: inspect(c).get_table_names())
        finally:
            await engine.dispose()
        return set(found) - {"alembic_version"}

    return asyncio.run(names())


def test_migrations_create_exactly_the_model_and_alembic_check_finds_no_drift(database_url):
    migrate(database_url)

    assert _tables(database_url) == set(metadata.tables)
    assert {"processed_events", "outbox"} <= _tables(database_url)
    command.check(alembic_config(database_url))


def test_migrations_are_reversible(database_url):
    migrate(database_url)
    command.downgrade(alembic_config(database_url), "base")

    assert _tables(database_url) == set()

    migrate(database_url)
    assert _tables(database_url) == set(metadata.tables)
