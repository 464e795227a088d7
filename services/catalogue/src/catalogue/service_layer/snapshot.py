"""The catalogue snapshot the leveler decides from, and the catalogue version derived from it."""

from __future__ import annotations

import asyncio
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from catalogue.domain.exceptions import NotFound
from catalogue.domain.model import JobFunction, Level, RoleProfile
from catalogue.domain.pay import Band, BandSet, effective_to
from catalogue.domain.pay_structure import effective_bands
from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.service_layer.ports import CatalogueRepository, UnitOfWork
from leveling_common.events import utc_now
from leveling_common.snapshot import (
    BandSetSnapshot,
    BandSnapshot,
    CatalogueSnapshot,
    JurisdictionSnapshot,
    LevelSnapshot,
    ProfileSnapshot,
    RubricSnapshot,
    SkillSnapshot,
    TitleConventionSnapshot,
    ZoneSnapshot,
)

__all__ = [
    "ReadModel",
    "SnapshotCache",
    "band_set_snapshot",
    "build_snapshot",
    "catalogue_version",
    "compress_snapshot",
    "current_snapshot",
    "snapshot_at",
]


def _level(level: Level) -> LevelSnapshot:
    return LevelSnapshot(
        code=level.code,
        track=level.track,
        rank=level.rank,
        name=level.name,
        scope=level.scope,
        autonomy=level.autonomy,
        complexity=level.complexity,
        impact=level.impact,
        decision_rights=level.decision_rights,
        leadership=level.leadership,
        years_min=level.years.low,
        years_max=level.years.high,
        rubric=RubricSnapshot(
            knowledge=level.rubric.knowledge,
            complexity=level.rubric.complexity,
            collaboration=level.rubric.collaboration,
            degree_years=level.rubric.degree_years,
        ),
        responsibilities=list(level.responsibilities),
    )


def _profile(profile: RoleProfile, functions: dict[str, JobFunction]) -> ProfileSnapshot:
    function = functions.get(profile.function_code)
    return ProfileSnapshot(
        code=profile.code,
        name=profile.name,
        function_code=profile.function_code,
        function_name=function.name if function else "",
        description=profile.description,
        distinguishing=profile.distinguishing,
        aliases=list(profile.aliases),
        skills=[SkillSnapshot(name=s.name, description=s.description) for s in profile.skills],
        soc_codes=[s.code for s in profile.soc_codes],
        levels=[_level(level) for level in profile.levels],
    )


def _zone(zone: Zone) -> ZoneSnapshot:
    return ZoneSnapshot(
        code=zone.code,
        name=zone.name,
        country=zone.country,
        region=zone.region,
        cities=list(zone.cities),
        remote=zone.remote,
        differential=float(zone.differential),
    )


def band_set_snapshot(
    band_set: BandSet, published: list[BandSet], *, bands: Iterable[Band]
) -> BandSetSnapshot:
    """The set as the leveler reads it, with `bands` its effective bands (pay_structure)."""
    return BandSetSnapshot(
        id=band_set.id,
        name=band_set.name,
        effective_from=band_set.effective_from,
        effective_to=effective_to(band_set, published),
        bands=[
            BandSnapshot(
                profile_code=b.profile_code,
                function_code=b.function_code,
                level=b.level,
                zone=b.zone,
                min=b.min,
                mid=b.mid,
                max=b.max,
                currency=b.currency,
                interval=b.interval,
            )
            for b in bands
        ],
    )


def _jurisdiction(rule: Jurisdiction) -> JurisdictionSnapshot:
    return JurisdictionSnapshot(
        code=rule.code,
        name=rule.name,
        country=rule.country,
        region=rule.region,
        city=rule.city,
        covers_remote=rule.covers_remote,
        forbids_open_ended=rule.forbids_open_ended,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
    )


def catalogue_version(snapshot: CatalogueSnapshot) -> str:
    """A content hash: equal catalogues share a version, any change gives a new one."""
    excluded = {"catalogue_version", "generated_at"}
    if not snapshot.title_conventions:
        # Added later: a catalogue without conventions keeps the version it had before.
        excluded.add("title_conventions")
    content = snapshot.model_dump_json(exclude=excluded)
    return "cv-" + hashlib.sha256(content.encode()).hexdigest()[:20]


async def build_snapshot(
    repo: CatalogueRepository, *, now: datetime | None = None
) -> CatalogueSnapshot:
    functions = {f.code: f for f in await repo.list_functions()}
    profiles, _ = await repo.list_profiles()
    published = await repo.list_band_sets(status="published")
    snapshot = CatalogueSnapshot(
        catalogue_version="",
        generated_at=now or utc_now(),
        profiles=[_profile(p, functions) for p in profiles],
        zones=[_zone(z) for z in await repo.list_zones()],
        band_sets=[
            band_set_snapshot(b, published, bands=effective_bands(b, profiles=profiles))
            for b in published
        ],
        jurisdictions=[_jurisdiction(j) for j in await repo.list_jurisdictions()],
        default_zone=await repo.get_default_zone(),
        exchange_rates={r.currency: r.per_usd for r in await repo.list_exchange_rates()},
        title_conventions=[
            TitleConventionSnapshot(track=c.track, phrase=c.phrase, rank=c.rank)
            for c in await repo.list_title_conventions()
        ],
    )
    return snapshot.model_copy(update={"catalogue_version": catalogue_version(snapshot)})


@dataclass(frozen=True, slots=True)
class ReadModel:
    """The catalogue as of one revision, for reads that must not hit the database each time."""

    revision: int
    version: str
    body: bytes
    functions: dict[str, str]
    profiles: dict[str, RoleProfile]
    zones: frozenset[str]
    published: tuple[BandSet, ...]


async def _read_model(repo: CatalogueRepository, revision: int) -> ReadModel:
    profiles, _ = await repo.list_profiles()
    published = await repo.list_band_sets(status="published")
    snapshot = await build_snapshot(repo)
    return ReadModel(
        revision=revision,
        version=snapshot.catalogue_version,
        body=snapshot.model_dump_json().encode(),
        functions={f.code: f.name for f in await repo.list_functions()},
        profiles={p.code: p for p in profiles},
        zones=frozenset(z.code for z in await repo.list_zones()),
        published=tuple(published),
    )


class SnapshotCache:
    """The last read model built by this process, rebuilt when the revision moves on.

    Every write bumps the revision in the same transaction, so one cheap query tells
    whether the cached model is current; replicas behind one database agree on it.
    """

    def __init__(self) -> None:
        self._model: ReadModel | None = None
        self._lock = asyncio.Lock()

    async def current(self, uow: UnitOfWork) -> ReadModel:
        async with uow:
            revision = await uow.repo.revision()
            model = self._model
            if model is not None and model.revision == revision:
                return model
            async with self._lock:
                if self._model is None or self._model.revision != revision:
                    self._model = await _read_model(uow.repo, revision)
                return self._model


async def current_snapshot(uow: UnitOfWork, cache: SnapshotCache) -> tuple[str, bytes]:
    """(catalogue_version, JSON body) of the current snapshot, rebuilt only after a change."""
    model = await cache.current(uow)
    return model.version, model.body


def compress_snapshot(snapshot: CatalogueSnapshot) -> bytes:
    """The snapshot's JSON as history keeps it: snapshots repeat most of their text, and
    compress about tenfold."""
    return zlib.compress(snapshot.model_dump_json().encode())


async def snapshot_at(uow: UnitOfWork, at: datetime) -> tuple[str, bytes]:
    """(catalogue_version, JSON body) of the catalogue as it was at `at`."""
    async with uow:
        kept = await uow.repo.snapshot_at(at)
    if kept is None:
        raise NotFound("catalogue version in effect at", at.isoformat())
    version, _, body = kept
    return version, zlib.decompress(body)
