"""Importing many profile documents at once: all of them, or none, with a dry run first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from catalogue.domain.document import ProfileDocument, merge_imported, parse_profile_document
from catalogue.domain.exceptions import BatchDocumentError, InvalidData
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.profile_diff import ProfileDiff, diff_profile
from catalogue.service_layer.changes import ProfileChange, commit_change
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork
from catalogue.service_layer.profiles import refuse_if_banded

__all__ = ["BatchResult", "NamedDocument", "import_profile_documents"]


@dataclass(frozen=True, slots=True)
class NamedDocument:
    """A profile document's text and the file name errors are reported under."""

    name: str
    text: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    dry_run: bool
    applied: bool
    catalogue_version: str | None
    profiles: list[ProfileDiff]


async def import_profile_documents(
    uow: UnitOfWork, documents: Sequence[NamedDocument], *, dry_run: bool, prune: bool = False
) -> BatchResult:
    """Merge every document into the catalogue in one transaction.

    Documents of one profile (one per level) are merged in the order given. With `prune`,
    profiles of the batch's job functions that no document describes are removed, so a batch
    can be the whole architecture of those functions. A dry run checks everything the real
    run checks and writes nothing.
    """
    by_profile = _parse_all(documents)
    async with uow:
        diffs: list[ProfileDiff] = []
        for code, parsed in by_profile.items():
            existing = await uow.repo.get_profile(code)
            diffs.append(await _stage(uow, existing, _merge_all(existing, parsed), dry_run))
        if prune:
            functions = {docs[0].profile.function_code for docs in by_profile.values()}
            diffs += await _stage_removals(uow, functions, set(by_profile), dry_run)
        changes = [ProfileChange.of(d) for d in diffs if d.change != "unchanged"]
        if dry_run or not changes:
            return BatchResult(dry_run, applied=False, catalogue_version=None, profiles=diffs)
        version = await commit_change(uow, profiles=changes)
    return BatchResult(dry_run, applied=True, catalogue_version=version, profiles=diffs)


def _parse_all(documents: Sequence[NamedDocument]) -> dict[str, list[ProfileDocument]]:
    """Every document parsed, grouped by profile; the first bad one stops the batch."""
    if not documents:
        raise InvalidData("the batch holds no profile documents", field="files")
    by_profile: dict[str, list[ProfileDocument]] = {}
    described_by: dict[tuple[str, str], str] = {}
    for document in documents:
        try:
            parsed = parse_profile_document(document.text)
        except InvalidData as exc:
            raise BatchDocumentError(document.name, exc) from exc
        key = (parsed.profile.code, parsed.level)
        if key in described_by:
            duplicate = InvalidData(
                f"{key[0]} at level {key[1]} is also described by {described_by[key]}"
            )
            raise BatchDocumentError(document.name, duplicate)
        described_by[key] = document.name
        by_profile.setdefault(parsed.profile.code, []).append(parsed)
    return by_profile


def _merge_all(existing: RoleProfile | None, parsed: list[ProfileDocument]) -> RoleProfile:
    merged = existing
    for document in parsed:
        merged = merge_imported(merged, document)
    assert merged is not None
    return merged


async def _stage(
    uow: UnitOfWork, existing: RoleProfile | None, merged: RoleProfile, dry_run: bool
) -> ProfileDiff:
    diff = diff_profile(existing, merged)
    if diff.change == "unchanged":
        return diff
    for level in diff.levels_removed:
        await refuse_if_banded(uow, merged.code, level)
    if existing is not None and existing.function_code != merged.function_code:
        await refuse_if_banded(uow, merged.code, None)
    if not dry_run:
        if await uow.repo.get_function(merged.function_code) is None:
            await uow.repo.save_function(JobFunction(merged.function_code, merged.function_code))
        await uow.repo.save_profile(merged)
    return diff


async def _stage_removals(
    uow: UnitOfWork, functions: set[str], kept: set[str], dry_run: bool
) -> list[ProfileDiff]:
    diffs: list[ProfileDiff] = []
    for function in sorted(functions):
        profiles, _ = await uow.repo.list_profiles(where=ProfileFilter(function_code=function))
        for profile in profiles:
            if profile.code in kept:
                continue
            await refuse_if_banded(uow, profile.code, None)
            if not dry_run:
                await uow.repo.delete_profile(profile.code)
            diffs.append(diff_profile(profile, None))
    return diffs
