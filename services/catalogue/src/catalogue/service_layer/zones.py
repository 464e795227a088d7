"""Use cases for location zones and pay-transparency jurisdictions."""

from __future__ import annotations

from catalogue.domain import pay
from catalogue.domain.exceptions import Conflict, NotFound
from catalogue.domain.zones import Jurisdiction, Zone, resolve_zone
from catalogue.service_layer.changes import commit_change
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.events import utc_now

__all__ = [
    "delete_jurisdiction",
    "delete_zone",
    "get_zone",
    "list_jurisdictions",
    "list_zones",
    "put_jurisdiction",
    "put_zone",
    "resolve",
    "set_default_zone",
]


async def list_zones(uow: UnitOfWork) -> tuple[list[Zone], str | None]:
    async with uow:
        return await uow.repo.list_zones(), await uow.repo.get_default_zone()


async def get_zone(uow: UnitOfWork, *, code: str) -> Zone:
    async with uow:
        zone = await uow.repo.get_zone(code)
    if zone is None:
        raise NotFound("zone", code)
    return zone


async def put_zone(uow: UnitOfWork, *, zone: Zone) -> tuple[Zone, bool]:
    """Create or replace a zone; returns the zone and whether it was created."""
    async with uow:
        before = await uow.repo.get_zone(zone.code)
        if before != zone:
            await uow.repo.save_zone(zone)
            await commit_change(uow)
    return zone, before is None


async def delete_zone(uow: UnitOfWork, *, code: str) -> None:
    async with uow:
        if await uow.repo.get_zone(code) is None:
            raise NotFound("zone", code)
        band_sets = await uow.repo.list_band_sets()
        current = pay.in_force(band_sets, utc_now())
        for band_set in band_sets:
            in_use = not band_set.is_published or band_set is current
            derives = band_set.baselines and band_set.differential(code) is not None
            if in_use and (derives or any(band.zone == code for band in band_set.bands)):
                raise Conflict(f"zone {code} has bands in band set {band_set.id}")
        await uow.repo.delete_zone(code)
        await commit_change(uow)


async def set_default_zone(uow: UnitOfWork, *, code: str | None) -> None:
    async with uow:
        if code is not None and await uow.repo.get_zone(code) is None:
            raise NotFound("zone", code)
        if await uow.repo.get_default_zone() != code:
            await uow.repo.set_default_zone(code)
            await commit_change(uow)


async def resolve(
    uow: UnitOfWork, *, country: str, region: str | None, city: str | None, remote: bool
) -> Zone:
    """The zone a location pays in, falling back to the default zone."""
    async with uow:
        zones = await uow.repo.list_zones()
        default = await uow.repo.get_default_zone()
    zone = resolve_zone(zones, country=country, region=region, city=city, remote=remote)
    zone = zone or next((z for z in zones if z.code == default), None)
    if zone is None:
        raise NotFound("zone for location", f"{country}/{region or '-'}/{city or '-'}")
    return zone


async def list_jurisdictions(uow: UnitOfWork) -> list[Jurisdiction]:
    async with uow:
        return await uow.repo.list_jurisdictions()


async def put_jurisdiction(uow: UnitOfWork, *, jurisdiction: Jurisdiction) -> bool:
    """Create or replace a jurisdiction; returns whether it was created."""
    async with uow:
        existing = {j.code: j for j in await uow.repo.list_jurisdictions()}
        if existing.get(jurisdiction.code) != jurisdiction:
            await uow.repo.save_jurisdiction(jurisdiction)
            await commit_change(uow)
    return jurisdiction.code not in existing


async def delete_jurisdiction(uow: UnitOfWork, *, code: str) -> None:
    async with uow:
        if code not in {j.code for j in await uow.repo.list_jurisdictions()}:
            raise NotFound("jurisdiction", code)
        await uow.repo.delete_jurisdiction(code)
        await commit_change(uow)
