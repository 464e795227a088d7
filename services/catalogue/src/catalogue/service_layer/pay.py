"""Use cases for band sets: drafts, publication, impact and band look-up."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from catalogue.domain import pay
from catalogue.domain.consistency import check_band_set
from catalogue.domain.exceptions import AlreadyExists, NotFound
from catalogue.domain.pay import Band, BandChange, BandSet, Baseline, Differential, PayFactor
from catalogue.domain.pay_structure import effective_bands, resolve_band
from catalogue.service_layer.changes import commit_change
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import SnapshotCache
from leveling_common.events import utc_now

__all__ = [
    "BandLookup",
    "Impact",
    "Structure",
    "create_draft",
    "delete_draft",
    "effective",
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
    derived: bool = False  # from the pay structure, not an explicit band


@dataclass(frozen=True, slots=True)
class Impact:
    draft: BandSet
    compared_with: BandSet | None
    changes: list[BandChange]
    unchanged: int
    draft_bands: tuple[Band, ...] = ()  # explicit and derived, as they would be published


@dataclass(frozen=True, slots=True)
class Structure:
    """A draft's pay structure as a client sends it; None leaves that part as it is."""

    baselines: Sequence[Baseline] | None = None
    differentials: Sequence[Differential] | None = None
    round_to: Decimal | None = None
    pay_factors: Sequence[PayFactor] | None = None


async def _check_references(uow: UnitOfWork, band_set: BandSet) -> None:
    profiles, _ = await uow.repo.list_profiles()
    check_band_set(
        band_set,
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
    structure: Structure = Structure(),
) -> BandSet:
    """A new draft: explicit bands, and optionally a pay structure deriving the others."""
    draft = BandSet(
        id=band_set_id or f"bs-{uuid.uuid4().hex[:12]}",
        name=name,
        effective_from=effective_from,
        bands=tuple(bands),
        created_at=utc_now(),
    ).revise(
        baselines=structure.baselines,
        differentials=structure.differentials,
        round_to=structure.round_to,
        pay_factors=structure.pay_factors,
    )
    async with uow:
        if await uow.repo.get_band_set(draft.id) is not None:
            raise AlreadyExists("band set", draft.id)
        await _check_references(uow, draft)
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
    structure: Structure = Structure(),
) -> BandSet:
    """Change a draft; whatever is left None stays as it was."""
    async with uow:
        revised = (await _get(uow, band_set_id)).revise(
            name=name,
            effective_from=effective_from,
            bands=bands,
            baselines=structure.baselines,
            differentials=structure.differentials,
            round_to=structure.round_to,
            pay_factors=structure.pay_factors,
        )
        await _check_references(uow, revised)
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
        zones = await uow.repo.list_zones()
        profiles, _ = await uow.repo.list_profiles()
        result = pay.publish(draft, published=published, now=now, zones=zones, profiles=profiles)
        await _check_references(uow, result)
        await uow.repo.save_band_set(result)
        await commit_change(uow, published=[result], now=now)
    return result


async def impact(uow: UnitOfWork, *, band_set_id: str) -> Impact:
    """What a draft changes compared with the set in force when it would start.

    Both sides are compared band by band, derived bands included; a draft's missing
    differentials and pay factors are filled from the zone table and the profiles, as
    publication would.
    """
    async with uow:
        draft = await _get(uow, band_set_id)
        published = [
            b for b in await uow.repo.list_band_sets(status="published") if b.id != draft.id
        ]
        profiles, _ = await uow.repo.list_profiles()
        zones = await uow.repo.list_zones()
    current = pay.in_force(published, draft.effective_from)
    after = effective_bands(draft.with_zone_differentials(zones), profiles=profiles)
    before = effective_bands(current, profiles=profiles) if current else ()
    changes = pay.impact(after, before)
    return Impact(
        draft,
        current,
        changes,
        unchanged=len(after) - sum(1 for c in changes if c.change != "removed"),
        draft_bands=after,
    )


async def effective(uow: UnitOfWork, *, band_set_id: str) -> tuple[Band, ...]:
    """Every band the set yields, explicit and derived (a draft as publication would)."""
    async with uow:
        band_set = await _get(uow, band_set_id)
        profiles, _ = await uow.repo.list_profiles()
        zones = await uow.repo.list_zones()
    return effective_bands(band_set.with_zone_differentials(zones), profiles=profiles)


async def lookup_band(
    uow: UnitOfWork,
    *,
    cache: SnapshotCache,
    profile_code: str,
    level: str,
    zone: str,
    at: datetime | None = None,
) -> BandLookup:
    """The band in force at `at` (default now), resolved as pay_structure documents.

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
    band = resolve_band(
        band_set,
        function_code=profile.function_code,
        profile_code=profile_code,
        level=level,
        zone=zone,
    )
    if band is None:
        raise NotFound("band", f"{profile_code}/{level}/{zone} in band set {band_set.id}")
    source = "profile" if band.profile_code else "baseline"
    until = pay.effective_to(band_set, model.published)
    return BandLookup(band, band_set, until, source, derived=band not in band_set.bands)
