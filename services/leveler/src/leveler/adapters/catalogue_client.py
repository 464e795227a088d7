"""Reads the catalogue snapshot over HTTP and keeps it, indexed, in memory.

The snapshot is revalidated with its ETag (a 304 costs no rebuild), refreshed when a change
event arrives or when it is older than `max_age_s`. When the catalogue is briefly down the
last good snapshot keeps serving; without any snapshot nothing is decided.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from pydantic import ValidationError

from leveler.adapters.catalogue_snapshot import to_domain
from leveler.service_layer.catalogue import LoadedCatalogue, load
from leveler.service_layer.errors import CatalogueUnavailable
from leveling_common.logging import get_logger
from leveling_common.snapshot import CatalogueSnapshot

__all__ = ["HttpCatalogue", "load_snapshot"]

_log = get_logger(__name__)
# After a failed revalidation, serve the cached snapshot this long before asking again.
_RETRY_AFTER_FAILURE_S = 5.0


def load_snapshot(snapshot: CatalogueSnapshot) -> LoadedCatalogue:
    return load(to_domain(snapshot))


@dataclass
class _Cached:
    etag: str | None
    catalogue: LoadedCatalogue
    checked_at: float


class HttpCatalogue:
    """The `CatalogueSource` of the running service."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        token: str,
        max_age_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        on_new_version: Callable[[str, bytes], Awaitable[None]] | None = None,
    ) -> None:
        self._client = client
        self._url = base_url.rstrip("/") + "/v1/snapshot"
        self._token = token
        self._max_age_s = max_age_s
        self._clock = clock
        self._cached: _Cached | None = None
        self._lock = asyncio.Lock()
        # Told of every version before anything is decided against it (the replay archive).
        self._on_new_version = on_new_version

    async def current(self) -> LoadedCatalogue:
        cached = self._cached
        if cached is not None and self._clock() - cached.checked_at < self._max_age_s:
            return cached.catalogue
        try:
            return await self.refresh()
        except CatalogueUnavailable:
            if cached is None:
                raise
            _log.warning("catalogue_unavailable_using_cached", version=cached.catalogue.version)
            cached.checked_at = self._clock() - self._max_age_s + _RETRY_AFTER_FAILURE_S
            return cached.catalogue

    async def refresh(self) -> LoadedCatalogue:
        async with self._lock:
            response = await self._get()
            cached = self._cached
            if response.status_code == 304 and cached is not None:
                cached.checked_at = self._clock()
                return cached.catalogue
            if response.status_code != 200:
                raise CatalogueUnavailable(f"catalogue answered HTTP {response.status_code}")
            catalogue = await self._load(response, cached)
            self._cached = _Cached(response.headers.get("etag"), catalogue, self._clock())
            return catalogue

    async def _get(self) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        if self._cached is not None and self._cached.etag:
            headers["If-None-Match"] = self._cached.etag
        try:
            return await self._client.get(self._url, headers=headers)
        except httpx.HTTPError as exc:
            raise CatalogueUnavailable(f"catalogue unreachable: {type(exc).__name__}") from exc

    async def _load(self, response: httpx.Response, cached: _Cached | None) -> LoadedCatalogue:
        try:
            snapshot = CatalogueSnapshot.model_validate_json(response.content)
        except ValidationError as exc:
            raise CatalogueUnavailable(f"catalogue sent an invalid snapshot: {exc}") from exc
        if cached is not None and cached.catalogue.version == snapshot.catalogue_version:
            return cached.catalogue
        if self._on_new_version is not None:
            await self._on_new_version(snapshot.catalogue_version, response.content)
        # Indexing is CPU work; a worker thread keeps the event loop (and Kafka heartbeats) alive.
        catalogue = await asyncio.to_thread(load_snapshot, snapshot)
        _log.info("catalogue_loaded", version=catalogue.version)
        return catalogue
