import asyncio

import pytest
from alembic import command
from sqlalchemy import inspect

from leveling_common.db import create_engine
from notifier.adapters.migrations import alembic_config, upgrade

pytestmark = pytest.mark.integration


async def _tables(url):
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def test_the_migrations_create_the_ledger_and_match_the_table_definitions(database_url):
    upgrade(database_url)
    assert {"decisions", "deliveries", "processed_events"} <= asyncio.run(_tables(database_url))
    # Raises if the tables in code and the migrated schema differ.
    command.check(alembic_config(database_url))


def test_the_migrations_are_reversible(database_url):
    config = alembic_config(database_url)
    upgrade(database_url)
    command.downgrade(config, "base")
    assert not {"decisions", "deliveries"} & asyncio.run(_tables(database_url))
    upgrade(database_url)
    assert "deliveries" in asyncio.run(_tables(database_url))
