"""The catalogue as the use cases see it: a built index plus the facts needed to validate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from leveler.domain.catalogue import Catalogue
from leveler.domain.engine import LevelingIndex, build_index

__all__ = ["CatalogueArchive", "CatalogueSource", "LoadedCatalogue", "load"]


@dataclass(frozen=True)
class LoadedCatalogue:
    """One catalogue version, indexed once and shared by every decision made against it."""

    version: str
    index: LevelingIndex
    tracks: Mapping[str, Mapping[str, str]]
    band_set_ids: frozenset[str]

    def track_of(self, profile_code: str, level: str) -> str | None:
        """The track of `level` on the profile, or None when the profile has no such level."""
        return self.tracks.get(profile_code, {}).get(level)


def load(catalogue: Catalogue) -> LoadedCatalogue:
    """Build the index (the expensive part) and the lookups kept beside it."""
    return LoadedCatalogue(
        version=catalogue.version,
        index=build_index(catalogue),
        tracks={p.code: {lv.code: lv.track for lv in p.levels} for p in catalogue.profiles},
        band_set_ids=frozenset(band_set.id for band_set in catalogue.band_sets),
    )


class CatalogueSource(Protocol):
    async def current(self) -> LoadedCatalogue:
        """The cached catalogue (revalidated when old); raises CatalogueUnavailable if none."""

    async def refresh(self) -> LoadedCatalogue:
        """Revalidate now; raises CatalogueUnavailable when the catalogue cannot be read."""


class CatalogueArchive(Protocol):
    async def at_version(self, version: str) -> LoadedCatalogue | None:
        """The catalogue version a past decision was made against, as it was served."""
