"""Shared fixtures for the leveler's tests: the seed catalogue as the engine sees it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.catalogue import (
    Band,
    BandSet,
    Catalogue,
    Jurisdiction,
    Level,
    Profile,
    Rubric,
    Zone,
)
from leveler.domain.engine import LevelingIndex, build_index, decide
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Location, PayRange, Requisition
from leveler.evaluation.__main__ import DATA_DIR, DEFAULT_AT, run
from leveling_common.snapshot import CatalogueSnapshot

EVALUATION_DIR = Path(__file__).resolve().parents[1] / "evaluation"
DECISION_AT = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def engine_snapshot() -> CatalogueSnapshot:
    """The seed catalogue snapshot the evaluation and the service both use."""
    text = (EVALUATION_DIR / "seed_catalogue.json").read_text(encoding="utf-8")
    return CatalogueSnapshot.model_validate_json(text)


@pytest.fixture(scope="session")
def engine_catalogue(engine_snapshot: CatalogueSnapshot) -> Catalogue:
    return to_domain(engine_snapshot)


@pytest.fixture(scope="session")
def engine_index(engine_catalogue: Catalogue) -> LevelingIndex:
    """Built once per session: building is the expensive, once-per-version step."""
    return build_index(engine_catalogue)


@pytest.fixture
def decision_at() -> datetime:
    """An instant at which the seed band set is in force and every seed rule applies."""
    return DECISION_AT


def _level(rank: int, track: str = "M", **changes: Any) -> Level:
    fields: dict[str, Any] = {
        "code": f"{track}{rank}",
        "track": track,
        "rank": rank,
        "years_min": float(2 * (rank - 1)),
        "years_max": float(2 * rank),
        "rubric": Rubric(knowledge=f"knowledge step {rank}"),
        "responsibilities": (f"Coordinates widget assembly stage {rank} for the plant",),
    }
    fields.update(changes)
    return Level(**fields)


def _band(level: str, zone: str, mid: int, profile: str | None = "W.WIDGET") -> Band:
    return Band(
        profile_code=profile,
        function_code="W",
        level=level,
        zone=zone,
        min=Decimal(mid * 8 // 10),
        mid=Decimal(mid),
        max=Decimal(mid * 12 // 10),
        currency="USD",
    )


@pytest.fixture
def make_band() -> Callable[..., Band]:
    """A widget band: level, zone, mid and profile code (min and max 20 % either side)."""
    return _band


@pytest.fixture
def small_catalogue() -> Callable[..., Catalogue]:
    """A one-profile widget catalogue; keyword arguments replace any part of it."""

    def build(**changes: Any) -> Catalogue:
        profile = Profile(
            code="W.WIDGET",
            name="Widget Assembly Management",
            function_code="W",
            description="Manages widget assembly lines, widget quality and plant throughput.",
            levels=tuple(_level(rank) for rank in (1, 2, 3)),
        )
        zones = (
            Zone(
                code="US-NYC",
                name="New York City",
                country="US",
                region="NY",
                cities=("new york",),
                differential=1.2,
            ),
            Zone(code="US-CA", name="California", country="US", region="CA"),
            Zone(code="US-OTHER", name="US other", country="US"),
            Zone(code="US-REMOTE", name="US remote", country="US", remote=True),
            Zone(code="DE", name="Germany", country="DE"),
        )
        bands = tuple(
            _band(f"M{rank}", zone.code, 100_000 + 20_000 * rank)
            for rank in (1, 2, 3)
            for zone in zones
        )
        fields: dict[str, Any] = {
            "version": "small-1",
            "profiles": (profile,),
            "zones": zones,
            "band_sets": (
                BandSet(id="bs-1", name="First", effective_from=datetime(2026, 1, 1, tzinfo=UTC),
                        bands=bands),
            ),
            "jurisdictions": (
                Jurisdiction(code="US-CO", name="Colorado", country="US",
                             effective_from=date(2021, 1, 1), region="CO", covers_remote=True),
                Jurisdiction(code="US-NYC", name="New York City", country="US",
                             effective_from=date(2022, 11, 1), region="NY", city="new york",
                             covers_remote=True, forbids_open_ended=True),
                Jurisdiction(code="EU-DE", name="Germany", country="DE",
                             effective_from=date(2026, 6, 7)),
            ),
            "default_zone": "US-OTHER",
        }  # fmt: skip
        fields.update(changes)
        return Catalogue(**fields)

    return build


@pytest.fixture
def widget_band() -> Callable[..., Band]:
    """A band of the small catalogue's profile (profile None = the function baseline)."""
    return _band


@pytest.fixture
def widget_level() -> Callable[..., Level]:
    return _level


@pytest.fixture
def index_for_profile(
    small_catalogue: Callable[..., Catalogue],
) -> Callable[[Profile], LevelingIndex]:
    """The small catalogue's index with `profile` as its only profile, banded at each of its
    levels in every zone."""

    def build(profile: Profile) -> LevelingIndex:
        bands = tuple(
            _band(level.code, zone.code, 90_000 + 15_000 * level.rank, profile.code)
            for level in profile.levels
            for zone in small_catalogue().zones
        )
        band_set = BandSet(
            id="bs-profile", name="Profile", effective_from=datetime(2026, 1, 1, tzinfo=UTC),
            bands=bands,
        )  # fmt: skip
        return build_index(small_catalogue(profiles=(profile,), band_sets=(band_set,)))

    return build


@pytest.fixture
def decide_in_austin() -> Callable[[LevelingIndex, str, str], Outcome]:
    """Decide a posting (title and text) for Austin, TX, paying $100k-$120k."""

    def run(index: LevelingIndex, title: str, description: str) -> Outcome:
        requisition = Requisition(
            title=title,
            description=description,
            location=Location(city="Austin", region="TX", country="US"),
            posted_range=PayRange(Decimal(100_000), Decimal(120_000), "USD"),
        )
        return decide(requisition, index, at=DECISION_AT)

    return run


@pytest.fixture(scope="session")
def evaluation_report() -> dict[str, Any]:
    """`make evaluate`'s report of every labelled set, computed once for the tests that read
    it (read it, never change it)."""
    return run(DATA_DIR, at=DEFAULT_AT)
