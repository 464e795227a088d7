"""Use cases for band sets: drafts, publication, impact and band look-up."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from catalogue.domain import pay
from catalogue.domain.consistency import check_bands
from catalogue.domain.exceptions import AlreadyExists, NotFound
from catalogue.domain.pay import Band, BandChange, BandSet
from catalogue.service_layer.changes import commit_change
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import SnapshotCache
from leveling_common.events import utc_now

__all__ = [
    "BandLookup",
    "Impact",
    "create_draft",
    "delete_draft",
    "get_band_set",
    "impact",
    "list_band_sets",
    "lookup_band",
    "publish",
    "update_draft",
]


@dataclass(frozen=True, slots=True)
class BandLookup:
    band: Band
    band_set: BandSet
    effective_to: datetime | None
    source: str  # profile | baseline


@dataclass(frozen=True, slots=True)
class Impact:
    draft: BandSet
    compared_with: BandSet | None
    changes: list[BandChange]
    unchanged: int


async def _check_references(uow: UnitOfWork, bands: Sequence[Band]) -> None:
    profiles, _ = await uow.repo.list_profiles()
    check_bands(
        bands,
        functions=await uow.repo.list_functions(),
        profiles=profiles,
        zones=await uow.repo.list_zones(),
    )


async def _get(uow: UnitOfWork, band_set_id: str) -> BandSet:
    band_set = await uow.repo.get_band_set(band_set_id)
    if band_set is None:
        raise NotFound("band set", band_set_id)
    return band_set


async def list_band_sets(uow: UnitOfWork) -> list[tuple[BandSet, datetime | None]]:
    """Every band set (without bands) with the instant it stops being in force."""
    async with uow:
        sets = await uow.repo.list_band_sets(with_bands=False)
    return [(b, pay.effective_to(b, sets) if b.is_published else None) for b in sets]


async def get_band_set(uow: UnitOfWork, *, band_set_id: str) -> tuple[BandSet, datetime | None]:
    async with uow:
        band_set = await _get(uow, band_set_id)
        others = await uow.repo.list_band_sets(status="published", with_bands=False)
    until = pay.effective_to(band_set, others) if band_set.is_published else None
    return band_set, until


async def create_draft(
    uow: UnitOfWork,
    *,
    name: str,
    effective_from: datetime,
    bands: Sequence[Band],
    band_set_id: str | None = None,
) -> BandSet:
    draft = BandSet(
        id=band_set_id or f"bs-{uuid.uuid4().hex[:12]}",
        name=name,
        effective_from=effective_from,
        bands=tuple(bands),
        created_at=utc_now(),
    )
    async with uow:
        if await uow.repo.get_band_set(draft.id) is not None:
            raise AlreadyExists("band set", draft.id)
        await _check_references(uow, draft.bands)
        await uow.repo.save_band_set(draft)
        await commit_change(uow)
    return draft


async def update_draft(
    uow: UnitOfWork,
    *,
    band_set_id: str,
    name: str | None = None,
    effective_from: datetime | None = None,
    bands: Sequence[Band] | None = None,
) -> BandSet:
    async with uow:
        revised = (await _get(uow, band_set_id)).revise(
            name=name, effective_from=effective_from, bands=bands
        )
        await _check_references(uow, revised.bands)
        await uow.repo.save_band_set(revised)
        await commit_change(uow)
    return revised


async def delete_draft(uow: UnitOfWork, *, band_set_id: str) -> None:
    async with uow:
        (await _get(uow, band_set_id)).revise()  # refuses published sets
        await uow.repo.delete_band_set(band_set_id)
        await commit_change(uow)


async def publish(uow: UnitOfWork, *, band_set_id: str, now: datetime | None = None) -> BandSet:
    """Publish a draft: one bandset.published event leaves through the outbox."""
    now = now or utc_now()
    async with uow:
        await uow.repo.lock_for_publication()
        draft = await _get(uow, band_set_id)
        published = await uow.repo.list_band_sets(status="published", with_bands=False)
        result = pay.publish(draft, published=published, now=now)
        await _check_references(uow, result.bands)
        await uow.repo.save_band_set(result)
        await commit_change(uow, published=[result], now=now)
    return result


async def impact(uow: UnitOfWork, *, band_set_id: str) -> Impact:
    """What a draft changes compared with the set in force when it would start."""
    async with uow:
        draft = await _get(uow, band_set_id)
        published = [
            b for b in await uow.repo.list_band_sets(status="published") if b.id != draft.id
        ]
    current = pay.in_force(published, draft.effective_from)
    changes = pay.impact(draft, current)
    return Impact(
        draft,
        current,
        changes,
        unchanged=len(draft.bands) - sum(1 for c in changes if c.change != "removed"),
    )


async def lookup_band(
    uow: UnitOfWork,
    *,
    cache: SnapshotCache,
    profile_code: str,
    level: str,
    zone: str,
    at: datetime | None = None,
) -> BandLookup:
    """The band in force at `at` (default now): the profile's own, else the function baseline.

    Served from the revision-checked read model: one query per look-up.
    """
    at = at or utc_now()
    model = await cache.current(uow)
    profile = model.profiles.get(profile_code)
    if profile is None:
        raise NotFound("profile", profile_code)
    profile.level(level)
    if zone not in model.zones:
        raise NotFound("zone", zone)
    band_set = pay.in_force(model.published, at)
    if band_set is None:
        raise NotFound("band set in force at", at.isoformat())
    band = pay.find_band(
        band_set,
        function_code=profile.function_code,
        profile_code=profile_code,
        level=level,
        zone=zone,
    )
    if band is None:
        raise NotFound("band", f"{profile_code}/{level}/{zone} in band set {band_set.id}")
    source = "profile" if band.profile_code else "baseline"
    return BandLookup(band, band_set, pay.effective_to(band_set, model.published), source)
