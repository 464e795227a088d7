"""Bulk export and import of the whole catalogue (one transaction, all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.domain.consistency import check_band_set
from catalogue.domain.currency import ExchangeRate
from catalogue.domain.exceptions import Conflict, InvalidData
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import BandSet
from catalogue.domain.profile_diff import ProfileDiff, diff_profile
from catalogue.domain.titles import TitleConvention, check_conventions
from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.service_layer.changes import ProfileChange, commit_change
from catalogue.service_layer.ports import UnitOfWork

__all__ = ["CatalogueContent", "ImportSummary", "export_catalogue", "import_catalogue"]


@dataclass(frozen=True, slots=True)
class CatalogueContent:
    functions: tuple[JobFunction, ...] = ()
    profiles: tuple[RoleProfile, ...] = ()
    zones: tuple[Zone, ...] = ()
    default_zone: str | None = None
    jurisdictions: tuple[Jurisdiction, ...] = ()
    band_sets: tuple[BandSet, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()
    title_conventions: tuple[TitleConvention, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    catalogue_version: str | None = None
    dry_run: bool = False
    applied: bool = False
    # What would change (dry run) or changed: codes per kind, and each profile's details.
    changes: dict[str, list[str]] = field(default_factory=dict)
    profiles: dict[str, ProfileDiff] = field(default_factory=dict)


async def export_catalogue(uow: UnitOfWork) -> CatalogueContent:
    async with uow:
        profiles, _ = await uow.repo.list_profiles()
        return CatalogueContent(
            functions=tuple(await uow.repo.list_functions()),
            profiles=tuple(profiles),
            zones=tuple(await uow.repo.list_zones()),
            default_zone=await uow.repo.get_default_zone(),
            jurisdictions=tuple(await uow.repo.list_jurisdictions()),
            band_sets=tuple(await uow.repo.list_band_sets()),
            exchange_rates=tuple(await uow.repo.list_exchange_rates()),
            title_conventions=tuple(await uow.repo.list_title_conventions()),
        )


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {"created": {}, "updated": {}, "unchanged": {}}
        self.changes: dict[str, list[str]] = {}

    def add(self, kind: str, before: object, after: object, *, code: str = "") -> str:
        outcome = "created" if before is None else "unchanged" if before == after else "updated"
        self.counts[outcome][kind] = self.counts[outcome].get(kind, 0) + 1
        if outcome != "unchanged" and code:
            self.changes.setdefault(kind, []).append(code)
        return outcome


async def _import_band_sets(
    uow: UnitOfWork, content: CatalogueContent, tally: _Tally
) -> list[BandSet]:
    """Drafts are upserted; published sets are append-only and identical on re-import.

    A published set new to this catalogue must start after every set already published
    here, as a publication must: an import never inserts a set into the past.
    """
    newly_published: list[BandSet] = []
    history = await uow.repo.list_band_sets(status="published", with_bands=False)
    latest = max(history, key=lambda b: b.effective_from, default=None)
    for band_set in content.band_sets:
        before = await uow.repo.get_band_set(band_set.id)
        if before is not None and before.is_published and before != band_set:
            raise Conflict(f"band set {band_set.id} is published and differs from the import")
        if before is not None and band_set.is_published and not before.is_published:
            raise Conflict(f"band set {band_set.id}: publish the draft instead of importing it")
        if before is None and band_set.is_published:
            _refuse_rewriting_history(band_set, latest)
        if tally.add("band_sets", before, band_set, code=band_set.id) == "unchanged":
            continue
        await uow.repo.save_band_set(band_set)
        if band_set.is_published:
            newly_published.append(band_set)
    starts = [b.effective_from for b in await uow.repo.list_band_sets(status="published")]
    if len(starts) != len(set(starts)):
        raise InvalidData("two published band sets start at the same instant", field="band_sets")
    return newly_published


def _refuse_rewriting_history(band_set: BandSet, latest: BandSet | None) -> None:
    if latest is not None and band_set.effective_from <= latest.effective_from:
        raise Conflict(
            f"published band set {band_set.id} starts {band_set.effective_from.isoformat()}, "
            f"not after {latest.id} ({latest.effective_from.isoformat()}) published here; "
            "an import cannot insert a set into published history"
        )


async def _import_definitions(
    uow: UnitOfWork, content: CatalogueContent, tally: _Tally
) -> list[ProfileDiff]:
    """Functions, profiles, zones, jurisdictions and rates; returns what changed in profiles."""
    for function in content.functions:
        before_function = await uow.repo.get_function(function.code)
        if tally.add("functions", before_function, function, code=function.code) != "unchanged":
            await uow.repo.save_function(function)
    known = {f.code for f in await uow.repo.list_functions()}
    diffs: list[ProfileDiff] = []
    for profile in content.profiles:
        if profile.function_code not in known:
            raise InvalidData(
                f"profile {profile.code}: unknown job function {profile.function_code!r}"
            )
        before = await uow.repo.get_profile(profile.code)
        if tally.add("profiles", before, profile, code=profile.code) != "unchanged":
            await uow.repo.save_profile(profile)
            diffs.append(diff_profile(before, profile))
    await _import_places_and_rates(uow, content, tally)
    await _import_title_conventions(uow, content, tally)
    return diffs


async def _import_title_conventions(
    uow: UnitOfWork, content: CatalogueContent, tally: _Tally
) -> None:
    """Added or changed, like everything else imported; one missing from the file stays."""
    incoming = check_conventions(content.title_conventions)
    kept = {c.key: c for c in await uow.repo.list_title_conventions()}
    changed = False
    for convention in incoming:
        name = f"{convention.track}: {convention.phrase}"
        before = kept.get(convention.key)
        if tally.add("title_conventions", before, convention, code=name) != "unchanged":
            kept[convention.key] = convention
            changed = True
    if changed:
        await uow.repo.replace_title_conventions(check_conventions(kept.values()))


async def _import_places_and_rates(
    uow: UnitOfWork, content: CatalogueContent, tally: _Tally
) -> None:
    for zone in content.zones:
        if tally.add("zones", await uow.repo.get_zone(zone.code), zone, code=zone.code) != (
            "unchanged"
        ):
            await uow.repo.save_zone(zone)
    existing = {j.code: j for j in await uow.repo.list_jurisdictions()}
    for rule in content.jurisdictions:
        if tally.add("jurisdictions", existing.get(rule.code), rule, code=rule.code) != (
            "unchanged"
        ):
            await uow.repo.save_jurisdiction(rule)
    rates = {r.currency: r for r in await uow.repo.list_exchange_rates()}
    for rate in content.exchange_rates:
        before_rate = rates.get(rate.currency)
        if tally.add("exchange_rates", before_rate, rate, code=rate.currency) != "unchanged":
            await uow.repo.save_exchange_rate(rate)


async def import_catalogue(
    uow: UnitOfWork, *, content: CatalogueContent, dry_run: bool = False
) -> ImportSummary:
    """Upsert everything in `content`; a conflict or invalid reference leaves no trace.

    A dry run stages and checks everything exactly as an import would, then rolls back: it
    answers what would change, or the same error the import would give.
    """
    tally = _Tally()
    async with uow:
        if any(b.is_published for b in content.band_sets):
            await uow.repo.lock_for_publication()
        diffs = await _import_definitions(uow, content, tally)
        default_changed = content.default_zone not in (None, await uow.repo.get_default_zone())
        if default_changed:
            await uow.repo.set_default_zone(content.default_zone)
            tally.changes["default_zone"] = [str(content.default_zone)]
        published = await _import_band_sets(uow, content, tally)
        await _check_all(uow, content)
        changed = any(tally.counts[k] for k in ("created", "updated")) or default_changed
        version = None
        if changed and not dry_run:
            changes = [ProfileChange.of(d) for d in diffs]
            version = await commit_change(uow, profiles=changes, published=published)
    return ImportSummary(
        **tally.counts,
        catalogue_version=version,
        dry_run=dry_run,
        applied=version is not None,
        changes=tally.changes,
        profiles={d.code: d for d in diffs},
    )


async def _check_all(uow: UnitOfWork, content: CatalogueContent) -> None:
    functions = await uow.repo.list_functions()
    zones = await uow.repo.list_zones()
    default = await uow.repo.get_default_zone()
    if default is not None and default not in {z.code for z in zones}:
        raise InvalidData(f"default zone {default!r} is not a zone", field="default_zone")
    profiles, _ = await uow.repo.list_profiles()
    drafts = [b for b in content.band_sets if not b.is_published]
    for draft in drafts:
        check_band_set(draft, functions=functions, profiles=profiles, zones=zones)
