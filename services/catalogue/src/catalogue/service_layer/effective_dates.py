"""What comes into force by itself is announced exactly once: band sets published ahead of
time, and pay-transparency rules on their start date."""

from __future__ import annotations

from datetime import UTC, datetime, time

from catalogue.domain.pay import BandSet
from catalogue.domain.zones import Jurisdiction
from catalogue.service_layer.changes import EVENT_SOURCE
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import build_snapshot
from leveling_common.events import (
    BANDSET_EFFECTIVE,
    JURISDICTION_EFFECTIVE,
    TOPIC_CATALOGUE,
    BandSetEffectiveData,
    CloudEvent,
    JurisdictionEffectiveData,
)

__all__ = [
    "announce_band_sets_in_force",
    "announce_jurisdictions_in_force",
    "next_coming_into_force",
    "starts_at",
]


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


def starts_at(rule: Jurisdiction) -> datetime:
    """A rule applies from the start of its first day, in UTC, as the leveler reads dates."""
    return datetime.combine(rule.effective_from, time(), tzinfo=UTC)


async def announce_jurisdictions_in_force(uow: UnitOfWork, *, now: datetime) -> list[str]:
    """Emit `jurisdiction.effective.v1` for every rule in force whose start (code and date)
    was not announced yet: a rule added already in force is announced at once, one with a
    future start on that day. Recorded with the outbox row, like band sets."""
    async with uow:
        await uow.repo.lock_for_publication()
        announced = await uow.repo.announced_jurisdictions()
        due = [
            rule
            for rule in await uow.repo.list_jurisdictions()
            if starts_at(rule) <= now
            and rule.in_force(now.date())
            and (rule.code, rule.effective_from) not in announced
        ]
        if not due:
            return []
        version = (await build_snapshot(uow.repo, now=now)).catalogue_version
        for rule in due:
            await uow.repo.record_announced_jurisdiction(rule.code, rule.effective_from, now)
            uow.emit(topic=TOPIC_CATALOGUE, key=rule.code, event=_rule_event(rule, version, now))
        await uow.commit()
    return [rule.code for rule in due]


async def next_coming_into_force(uow: UnitOfWork, *, now: datetime) -> datetime | None:
    """When the next published set or pay-transparency rule comes into force, if any."""
    async with uow:
        ahead = [
            band_set.effective_from
            for band_set in await uow.repo.list_band_sets(status="published", with_bands=False)
            if band_set.effective_from > now
        ]
        ahead += [
            starts_at(rule) for rule in await uow.repo.list_jurisdictions() if starts_at(rule) > now
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


def _rule_event(
    rule: Jurisdiction, version: str, now: datetime
) -> CloudEvent[JurisdictionEffectiveData]:
    data = JurisdictionEffectiveData(
        jurisdiction_code=rule.code,
        name=rule.name,
        country=rule.country,
        region=rule.region,
        city=rule.city,
        covers_remote=rule.covers_remote,
        effective_from=rule.effective_from,
        catalogue_version=version,
    )
    return CloudEvent[JurisdictionEffectiveData](
        source=EVENT_SOURCE, type=JURISDICTION_EFFECTIVE, subject=rule.code, time=now, data=data
    )
