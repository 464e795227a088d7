"""Band sets published ahead of time come into force by themselves, announced exactly once."""

from __future__ import annotations

from datetime import datetime

from catalogue.domain.pay import BandSet
from catalogue.service_layer.changes import EVENT_SOURCE
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import build_snapshot
from leveling_common.events import (
    BANDSET_EFFECTIVE,
    TOPIC_CATALOGUE,
    BandSetEffectiveData,
    CloudEvent,
)

__all__ = ["announce_band_sets_in_force", "next_coming_into_force"]


def _published_ahead(band_set: BandSet) -> bool:
    """A set published at or after its effective_from was in force at publication already."""
    return band_set.published_at is not None and band_set.published_at < band_set.effective_from


async def announce_band_sets_in_force(uow: UnitOfWork, *, now: datetime) -> list[str]:
    """Emit `bandset.effective.v1` for every set that came into force and was not announced.

    The record of the announcement and the outbox row commit together, so a crash before the
    commit announces again later and a crash after it never announces twice.
    """
    async with uow:
        await uow.repo.lock_for_publication()
        announced = await uow.repo.announced_in_force()
        due = [
            band_set
            for band_set in await uow.repo.list_band_sets(status="published", with_bands=False)
            if _published_ahead(band_set)
            and band_set.effective_from <= now
            and band_set.id not in announced
        ]
        if not due:
            return []
        version = (await build_snapshot(uow.repo, now=now)).catalogue_version
        for band_set in due:
            await uow.repo.record_announced_in_force(band_set.id, now)
            uow.emit(topic=TOPIC_CATALOGUE, key=band_set.id, event=_event(band_set, version, now))
        await uow.commit()
    return [band_set.id for band_set in due]


async def next_coming_into_force(uow: UnitOfWork, *, now: datetime) -> datetime | None:
    """When the next published set comes into force, if one is still ahead."""
    async with uow:
        ahead = [
            band_set.effective_from
            for band_set in await uow.repo.list_band_sets(status="published", with_bands=False)
            if band_set.effective_from > now
        ]
    return min(ahead, default=None)


def _event(band_set: BandSet, version: str, now: datetime) -> CloudEvent[BandSetEffectiveData]:
    assert band_set.published_at is not None
    data = BandSetEffectiveData(
        band_set_id=band_set.id,
        name=band_set.name,
        effective_from=band_set.effective_from,
        supersedes=band_set.supersedes,
        published_at=band_set.published_at,
        catalogue_version=version,
    )
    return CloudEvent[BandSetEffectiveData](
        source=EVENT_SOURCE, type=BANDSET_EFFECTIVE, subject=band_set.id, time=now, data=data
    )
