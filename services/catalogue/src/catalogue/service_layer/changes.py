"""Finishing a change: new revision, new catalogue version, events in the outbox, commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from catalogue.domain.pay import BandSet
from catalogue.domain.profile_diff import ProfileDiff
from catalogue.service_layer.ports import UnitOfWork
from catalogue.service_layer.snapshot import build_snapshot, compress_snapshot
from leveling_common.events import (
    BANDSET_PUBLISHED,
    PROFILE_CHANGED,
    TOPIC_CATALOGUE,
    BandSetPublishedData,
    CloudEvent,
    ProfileChangedData,
    utc_now,
)

__all__ = ["EVENT_SOURCE", "ProfileChange", "commit_change"]

EVENT_SOURCE = "urn:leveling:catalogue"


# A profile's diff says what a person reads; its event says what a consumer acts on.
_EVENT_CHANGE = {"added": "created", "changed": "updated", "removed": "deleted"}


@dataclass(frozen=True, slots=True)
class ProfileChange:
    code: str
    change: str  # created | updated | deleted

    @classmethod
    def of(cls, diff: ProfileDiff) -> ProfileChange:
        return cls(diff.code, _EVENT_CHANGE[diff.change])


async def commit_change(
    uow: UnitOfWork,
    *,
    profiles: Sequence[ProfileChange] = (),
    published: Sequence[BandSet] = (),
    now: datetime | None = None,
) -> str:
    """Commit the unit of work's writes with their events; returns the new catalogue version."""
    now = now or utc_now()
    await uow.repo.bump_revision()
    snapshot = await build_snapshot(uow.repo, now=now)
    version = snapshot.catalogue_version
    if await uow.repo.last_recorded_version() != version:
        await uow.repo.record_snapshot(version, now, compress_snapshot(snapshot))
    for item in profiles:
        data = ProfileChangedData(
            profile_code=item.code, change=item.change, catalogue_version=version, changed_at=now
        )
        uow.emit(
            topic=TOPIC_CATALOGUE,
            key=item.code,
            event=CloudEvent[ProfileChangedData](
                source=EVENT_SOURCE, type=PROFILE_CHANGED, subject=item.code, time=now, data=data
            ),
        )
    for band_set in published:
        published_data = BandSetPublishedData(
            band_set_id=band_set.id,
            name=band_set.name,
            effective_from=band_set.effective_from,
            supersedes=band_set.supersedes,
            catalogue_version=version,
            published_at=band_set.published_at or now,
        )
        uow.emit(
            topic=TOPIC_CATALOGUE,
            key=band_set.id,
            event=CloudEvent[BandSetPublishedData](
                source=EVENT_SOURCE,
                type=BANDSET_PUBLISHED,
                subject=band_set.id,
                time=now,
                data=published_data,
            ),
        )
    await uow.commit()
    return version
