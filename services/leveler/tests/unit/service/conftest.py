"""A fake catalogue source, the in-memory unit of work, and builders of requisitions and
catalogues for the leveler service's unit tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from leveler.adapters.catalogue_client import load_snapshot
from leveler.adapters.memory import InMemoryDatabase
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import CatalogueUnavailable
from leveler.testing import raised_band_set
from leveling_common.events import RequisitionData
from leveling_common.snapshot import CatalogueSnapshot

SEED_CATALOGUE = Path(__file__).resolve().parents[3] / "evaluation" / "seed_catalogue.json"
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


class FakeCatalogue:
    """A catalogue source whose content and availability the test controls."""

    def __init__(self, loaded: LoadedCatalogue | None) -> None:
        self.loaded = loaded
        self.available = True
        self.refreshes = 0

    async def current(self) -> LoadedCatalogue:
        if self.loaded is None:
            raise CatalogueUnavailable("no snapshot")
        return self.loaded

    async def refresh(self) -> LoadedCatalogue:
        self.refreshes += 1
        if not self.available or self.loaded is None:
            raise CatalogueUnavailable("catalogue down")
        return self.loaded


@pytest.fixture(scope="session")
def seed_snapshot() -> CatalogueSnapshot:
    return CatalogueSnapshot.model_validate_json(SEED_CATALOGUE.read_text())


@pytest.fixture(scope="session")
def seed_catalogue(seed_snapshot: CatalogueSnapshot) -> LoadedCatalogue:
    return load_snapshot(seed_snapshot)


@pytest.fixture
def database() -> InMemoryDatabase:
    return InMemoryDatabase()


@pytest.fixture
def now() -> datetime:
    return NOW


def _raised_band_set(
    snapshot: CatalogueSnapshot, *, zone: str, percent: int, band_set_id: str
) -> CatalogueSnapshot:
    return raised_band_set(
        snapshot,
        zone=zone,
        percent=percent,
        band_set_id=band_set_id,
        effective_from=NOW - timedelta(hours=1),
    )


@pytest.fixture
def with_raised_band_set() -> Callable[..., CatalogueSnapshot]:
    return _raised_band_set


_LOCATIONS: dict[str, dict[str, Any]] = {
    "nyc": {"name": "New York, NY, United States", "city": "New York", "region": "NY",
            "country": "US"},
    "boston": {"name": "Boston, MA, United States", "city": "Boston", "region": "MA",
               "country": "US"},
    "raleigh": {"name": "Raleigh, NC, United States", "city": "Raleigh", "region": "NC",
                "country": "US"},
}  # fmt: skip

DESCRIPTION = (
    "<p>Lead a team of 4 clinical project managers across multiple studies; own timelines, "
    "budgets and vendor oversight. 7+ years of clinical trial management experience.</p>"
)


def make_requisition(external_id: str, **changes: Any) -> RequisitionData:
    document: dict[str, Any] = {
        "requisition_key": f"greenhouse:{external_id}",
        "source_system": "greenhouse",
        "external_id": external_id,
        "title": "Senior Clinical Project Manager",
        "description": DESCRIPTION,
        "location": _LOCATIONS["nyc"],
        "hiring_team": {"recruiters": [{"external_user_id": "4080001"}]},
    }
    where = changes.pop("where", None)
    if where is not None:
        document["location"] = _LOCATIONS[where]
    document.update(changes)
    return RequisitionData.model_validate(document)


@pytest.fixture
def requisition() -> Callable[..., RequisitionData]:
    return make_requisition


@pytest.fixture
def fake_catalogue() -> type[FakeCatalogue]:
    return FakeCatalogue
