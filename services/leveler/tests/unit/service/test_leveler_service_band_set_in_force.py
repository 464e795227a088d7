"""A band set published ahead of time re-levels when it comes into force, not at publication."""

from datetime import datetime, timedelta
from typing import Any

from leveler.adapters.catalogue_client import load_snapshot
from leveler.service_layer.messages import MessageHandler, WorkerConfig
from leveling_common.events import (
    BANDSET_EFFECTIVE,
    BANDSET_PUBLISHED,
    REQUISITION_OPENED,
    BandSetEffectiveData,
    BandSetPublishedData,
    CloudEvent,
    RequisitionData,
)
from leveling_common.kafka import ConsumedEvent

CONFIG = WorkerConfig(consumer="leveler", decisions_topic="leveling.decisions.v1")


def _consumed(event: CloudEvent[Any]) -> ConsumedEvent:
    return ConsumedEvent(topic="t", partition=0, offset=0, key=event.subject, event=event)


def _opened(data: RequisitionData, event_id: str) -> ConsumedEvent:
    return _consumed(
        CloudEvent[RequisitionData](
            id=event_id,
            source="/t",
            type=REQUISITION_OPENED,
            subject=data.requisition_key,
            data=data,
        )
    )


def _band_set_event(kind: str, band_set_id: str, effective: datetime, published: datetime):
    fields = {
        "band_set_id": band_set_id,
        "name": band_set_id,
        "effective_from": effective,
        "catalogue_version": "v2",
        "published_at": published,
    }
    if kind == BANDSET_PUBLISHED:
        return _consumed(
            CloudEvent[BandSetPublishedData](
                source="/c", type=kind, subject=band_set_id, data=BandSetPublishedData(**fields)
            )
        )
    return _consumed(
        CloudEvent[BandSetEffectiveData](
            source="/c", type=kind, subject=band_set_id, data=BandSetEffectiveData(**fields)
        )
    )


def _handler(database: Any, catalogue: Any, clock: list[datetime]) -> MessageHandler:
    return MessageHandler(
        uow_factory=database.uow, catalogue=catalogue, config=CONFIG, clock=lambda: clock[0]
    )


async def test_a_future_band_set_moves_no_band_at_publication_and_the_affected_ones_in_force(
    database, seed_catalogue, seed_snapshot, with_raised_band_set, fake_catalogue, now,
    requisition,
):  # fmt: skip
    clock = [now]
    source = fake_catalogue(seed_catalogue)
    handler = _handler(database, source, clock)
    await handler(
        [_opened(requisition("1"), "e1"), _opened(requisition("2", where="boston"), "e2")]
    )
    effective = now + timedelta(minutes=1)
    raised = with_raised_band_set(seed_snapshot, zone="US-BOS", percent=3, band_set_id="bs-2")
    future = raised.band_sets[-1].model_copy(update={"effective_from": effective})
    source.loaded = load_snapshot(
        raised.model_copy(update={"band_sets": (*raised.band_sets[:-1], future)})
    )

    await handler([_band_set_event(BANDSET_PUBLISHED, "bs-2", effective, now)])
    assert [d.reason for d in database.state.decisions.values()] == ["new", "new"]

    clock[0] = effective + timedelta(seconds=1)
    await handler([_band_set_event(BANDSET_EFFECTIVE, "bs-2", effective, now)])
    moved = [d for d in database.state.decisions.values() if d.reason == "band_changed"]
    assert [d.requisition_key for d in moved] == ["greenhouse:2"]
    assert moved[0].band is not None
    assert moved[0].band.band_set_id == "bs-2"
