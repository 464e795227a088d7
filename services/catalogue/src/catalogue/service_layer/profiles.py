"""Use cases for job functions, role profiles and their levels."""

from __future__ import annotations

from dataclasses import dataclass

from catalogue.domain.document import merge_imported, parse_profile_document
from catalogue.domain.exceptions import AlreadyExists, Conflict, NotFound
from catalogue.domain.model import JobFunction, Level, RoleProfile
from catalogue.domain.pay import Band, Baseline, in_force
from catalogue.service_layer.changes import ProfileChange, commit_change
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork
from leveling_common.events import utc_now

__all__ = [
    "ImportResult",
    "ProfilePage",
    "create_profile",
    "delete_level",
    "delete_profile",
    "get_profile",
    "import_profile_document",
    "list_functions",
    "list_profiles",
    "put_function",
    "put_level",
    "refuse_if_banded",
    "replace_profile",
]


@dataclass(frozen=True, slots=True)
class ProfilePage:
    items: list[RoleProfile]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    profile: RoleProfile
    change: str  # created | updated | unchanged
    level: str
    catalogue_version: str | None


async def list_functions(uow: UnitOfWork) -> list[JobFunction]:
    async with uow:
        return await uow.repo.list_functions()


async def put_function(uow: UnitOfWork, *, function: JobFunction) -> JobFunction:
    """Create or rename a job function."""
    async with uow:
        await uow.repo.save_function(function)
        await commit_change(uow)
    return function


async def list_profiles(
    uow: UnitOfWork, *, where: ProfileFilter, limit: int, offset: int
) -> ProfilePage:
    async with uow:
        items, total = await uow.repo.list_profiles(where=where, limit=limit, offset=offset)
    return ProfilePage(items=items, total=total, limit=limit, offset=offset)


async def get_profile(uow: UnitOfWork, *, code: str) -> RoleProfile:
    async with uow:
        profile = await uow.repo.get_profile(code)
    if profile is None:
        raise NotFound("profile", code)
    return profile


async def _require_function(uow: UnitOfWork, code: str) -> None:
    if await uow.repo.get_function(code) is None:
        raise NotFound("job function", code)


async def create_profile(uow: UnitOfWork, *, profile: RoleProfile) -> RoleProfile:
    async with uow:
        if await uow.repo.get_profile(profile.code) is not None:
            raise AlreadyExists("profile", profile.code)
        await _require_function(uow, profile.function_code)
        await uow.repo.save_profile(profile)
        await commit_change(uow, profiles=[ProfileChange(profile.code, "created")])
    return profile


async def _store_update(uow: UnitOfWork, before: RoleProfile, after: RoleProfile) -> RoleProfile:
    """Save a changed profile; levels that bands still use cannot disappear."""
    removed = {lv.code for lv in before.levels} - {lv.code for lv in after.levels}
    for level in sorted(removed):
        await refuse_if_banded(uow, before.code, level)
    if before.function_code != after.function_code:
        await _require_function(uow, after.function_code)
        await refuse_if_banded(uow, before.code, None)
    if after != before:
        await uow.repo.save_profile(after)
        await commit_change(uow, profiles=[ProfileChange(after.code, "updated")])
    return after


async def replace_profile(uow: UnitOfWork, *, profile: RoleProfile) -> RoleProfile:
    async with uow:
        before = await uow.repo.get_profile(profile.code)
        if before is None:
            raise NotFound("profile", profile.code)
        return await _store_update(uow, before, profile)


async def delete_profile(uow: UnitOfWork, *, code: str) -> None:
    async with uow:
        if await uow.repo.get_profile(code) is None:
            raise NotFound("profile", code)
        await refuse_if_banded(uow, code, None)
        await uow.repo.delete_profile(code)
        await commit_change(uow, profiles=[ProfileChange(code, "deleted")])


async def put_level(uow: UnitOfWork, *, profile_code: str, level: Level) -> RoleProfile:
    """Add a level to a profile or replace the level of the same code."""
    async with uow:
        before = await uow.repo.get_profile(profile_code)
        if before is None:
            raise NotFound("profile", profile_code)
        return await _store_update(uow, before, before.with_level(level))


async def delete_level(uow: UnitOfWork, *, profile_code: str, level: str) -> RoleProfile:
    async with uow:
        before = await uow.repo.get_profile(profile_code)
        if before is None:
            raise NotFound("profile", profile_code)
        return await _store_update(uow, before, before.without_level(level))


async def refuse_if_banded(uow: UnitOfWork, profile_code: str, level: str | None) -> None:
    """Drafts and the set in force must keep pointing at existing profiles and levels."""
    band_sets = await uow.repo.list_band_sets()
    current = in_force(band_sets, utc_now())
    relevant = [b for b in band_sets if not b.is_published or b is current]
    for band_set in relevant:
        priced: list[Band | Baseline] = [*band_set.bands, *band_set.baselines]
        for band in priced:
            if band.profile_code == profile_code and level in (None, band.level):
                what = f"{profile_code}/{level}" if level else profile_code
                raise Conflict(
                    f"{what} has bands or baselines in band set {band_set.id}; remove them "
                    "from the draft, "
                    "or publish a band set without them first"
                )


async def import_profile_document(uow: UnitOfWork, *, text: str) -> ImportResult:
    """Parse a profile document and store it whole, or refuse it whole."""
    document = parse_profile_document(text)
    async with uow:
        existing = await uow.repo.get_profile(document.profile.code)
        merged = merge_imported(existing, document)
        if existing == merged:
            return ImportResult(merged, "unchanged", document.level, None)
        if await uow.repo.get_function(merged.function_code) is None:
            await uow.repo.save_function(JobFunction(merged.function_code, merged.function_code))
        if existing is not None:
            removed = {lv.code for lv in existing.levels} - {lv.code for lv in merged.levels}
            for level in sorted(removed):
                await refuse_if_banded(uow, merged.code, level)
        change = "created" if existing is None else "updated"
        await uow.repo.save_profile(merged)
        version = await commit_change(uow, profiles=[ProfileChange(merged.code, change)])
    return ImportResult(merged, change, document.level, version)
