"""Every catalogue version the leveler decided against, kept in its own database as the
catalogue served it, so a stored decision can be replayed whatever the catalogue holds now."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leveler.adapters.catalogue_client import load_snapshot
from leveler.adapters.tables import catalogue_snapshots
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import CatalogueUnavailable
from leveling_common.db import insert_with_conflicts
from leveling_common.events import utc_now
from leveling_common.snapshot import CatalogueSnapshot

__all__ = ["SqlCatalogueArchive"]

# Replays mostly ask for the few latest versions; indexing one is the costly part.
_LOADED_VERSIONS = 4


class SqlCatalogueArchive:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._loaded: OrderedDict[str, LoadedCatalogue] = OrderedDict()

    async def keep(self, version: str, body: bytes) -> None:
        """Store a version once (a version is a content hash: the same body every time)."""
        try:
            async with self._sessions() as session, session.begin():
                statement = insert_with_conflicts(session, catalogue_snapshots)
                await session.execute(
                    statement.values(
                        catalogue_version=version, snapshot=body.decode(), kept_at=utc_now()
                    ).on_conflict_do_nothing(
                        index_elements=[catalogue_snapshots.c.catalogue_version]
                    )
                )
        except SQLAlchemyError as exc:
            # Nothing is decided against a version that could not be kept for replay.
            raise CatalogueUnavailable(f"catalogue {version} could not be kept: {exc}") from exc

    async def at_version(self, version: str) -> LoadedCatalogue | None:
        if version in self._loaded:
            self._loaded.move_to_end(version)
            return self._loaded[version]
        async with self._sessions() as session:
            body = await session.scalar(
                select(catalogue_snapshots.c.snapshot).where(
                    catalogue_snapshots.c.catalogue_version == version
                )
            )
        if body is None:
            return None
        snapshot = CatalogueSnapshot.model_validate_json(body)
        loaded = await asyncio.to_thread(load_snapshot, snapshot)
        self._loaded[version] = loaded
        while len(self._loaded) > _LOADED_VERSIONS:
            self._loaded.popitem(last=False)
        return loaded
