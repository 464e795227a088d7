from datetime import datetime
from typing import Any

import pytest

from leveler.adapters.catalogue_client import load_snapshot
from leveler.service_layer.errors import CatalogueUnavailable
from leveler.service_layer.messages import MessageHandler, WorkerConfig
from leveling_common.events import (
    BANDSET_PUBLISHED,
    DECISION_MADE,
    PROFILE_CHANGED,
    REQUISITION_OPENED,
    BandSetPublishedData,
    CloudEvent,
    DecisionData,
    ProfileChangedData,
    RequisitionData,
)
from leveling_common.kafka import ConsumedEvent, TransientError
from leveling_common.tracing import recording_provider

CONFIG = WorkerConfig(consumer="leveler", decisions_topic="leveling.decisions.v1")


def _consumed(event: CloudEvent[Any], offset: int = 0) -> ConsumedEvent:
    return ConsumedEvent(
        topic="requisitions.v1", partition=0, offset=offset, key=event.subject, event=event
    )


def _opened(data: RequisitionData, event_id: str, trace: str | None = None) -> ConsumedEvent:
    event = CloudEvent[RequisitionData](
        id=event_id,
        source="/test",
        type=REQUISITION_OPENED,
        subject=data.requisition_key,
        data=data,
        traceparent=trace,
    )
    return _consumed(event)


def _published(band_set_id: str, now: datetime) -> ConsumedEvent:
    data = BandSetPublishedData(
        band_set_id=band_set_id,
        name=band_set_id,
        effective_from=now,
        catalogue_version="v2",
        published_at=now,
    )
    return _consumed(
        CloudEvent[BandSetPublishedData](
            source="/catalogue", type=BANDSET_PUBLISHED, subject=band_set_id, data=data
        )
    )


def _handler(
    database: Any, catalogue: Any, now: datetime, woken: list[int] | None = None
) -> MessageHandler:
    return MessageHandler(
        uow_factory=database.uow,
        catalogue=catalogue,
        config=CONFIG,
        clock=lambda: now,
        after_commit=(lambda: woken.append(1)) if woken is not None else (lambda: None),
    )


async def test_a_batch_is_decided_and_its_decisions_leave_through_the_outbox(
    database, seed_catalogue, fake_catalogue, now, requisition
):
    woken: list[int] = []
    handler = _handler(database, fake_catalogue(seed_catalogue), now, woken)

    await handler([_opened(requisition("1"), "e1"), _opened(requisition("2"), "e2")])

    assert database.commits == 1
    events = database.state.outbox
    assert [e.event.type for e in events] == [DECISION_MADE, DECISION_MADE]
    assert {e.key for e in events} == {"greenhouse:1", "greenhouse:2"}
    assert all(isinstance(e.event.data, DecisionData) for e in events)
    assert woken == [1]


async def test_a_redelivered_event_is_skipped(
    database, seed_catalogue, fake_catalogue, now, requisition
):
    handler = _handler(database, fake_catalogue(seed_catalogue), now)
    await handler([_opened(requisition("1"), "e1")])

    await handler([_opened(requisition("1", title="Clinical Project Manager"), "e1")])

    assert len(database.state.decisions) == 1
    assert database.state.requisitions["greenhouse:1"].data.title != "Clinical Project Manager"


async def test_without_any_catalogue_nothing_is_decided_and_the_batch_is_retried(
    database, fake_catalogue, now, requisition
):
    handler = _handler(database, fake_catalogue(None), now)

    with pytest.raises(TransientError):
        await handler([_opened(requisition("1"), "e1")])

    assert database.commits == 0


async def test_a_band_set_the_catalogue_does_not_serve_yet_is_retried_not_skipped(
    database, seed_catalogue, fake_catalogue, now
):
    handler = _handler(database, fake_catalogue(seed_catalogue), now)

    with pytest.raises(CatalogueUnavailable):
        await handler([_published("bs-not-yet", now)])

    assert database.commits == 0


async def test_a_published_band_set_relevels_after_refreshing_the_catalogue(
    database, seed_catalogue, seed_snapshot, with_raised_band_set, fake_catalogue, now,
    requisition,
):  # fmt: skip
    source = fake_catalogue(seed_catalogue)
    handler = _handler(database, source, now)
    await handler(
        [_opened(requisition("1"), "e1"), _opened(requisition("2", where="boston"), "e2")]
    )
    source.loaded = load_snapshot(
        with_raised_band_set(seed_snapshot, zone="US-BOS", percent=3, band_set_id="bs-2")
    )

    await handler([_published("bs-2", now)])

    assert source.refreshes == 1
    band_changed = [d for d in database.state.decisions.values() if d.reason == "band_changed"]
    assert [d.requisition_key for d in band_changed] == ["greenhouse:2"]
    assert len(database.state.outbox) == 3


async def test_a_band_set_event_while_the_catalogue_is_down_is_retried(
    database, seed_catalogue, fake_catalogue, now
):
    source = fake_catalogue(seed_catalogue)
    source.available = False

    with pytest.raises(TransientError):
        await _handler(database, source, now)([_published("bs-2026-01-illustrative", now)])


async def test_a_decision_event_continues_the_trace_of_the_requisition_event(
    database, seed_catalogue, fake_catalogue, now, requisition
):
    recording_provider("leveler-test")  # spans are recorded, so each has an id of its own
    trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    await _handler(database, fake_catalogue(seed_catalogue), now)(
        [_opened(requisition("1"), "e1", trace), _opened(requisition("2"), "e2")]
    )

    traces = {e.key: (e.event.traceparent or "").split("-") for e in database.state.outbox}
    _, trace_id, intake_span, _ = trace.split("-")
    # The leveling span is a child of the intake's span: same trace, a span of its own.
    assert traces["greenhouse:1"][1] == trace_id
    assert traces["greenhouse:1"][2] != intake_span
    # An event that came without a trace starts one rather than joining another.
    assert len(traces["greenhouse:2"]) == 4
    assert traces["greenhouse:2"][1] != trace_id


def _profile_changed(now: datetime) -> ConsumedEvent:
    data = ProfileChangedData(
        profile_code="CLINIC.X", change="updated", catalogue_version="v2", changed_at=now
    )
    event = CloudEvent[ProfileChangedData](
        source="/catalogue", type=PROFILE_CHANGED, subject="CLINIC.X", data=data
    )
    return _consumed(event)


async def test_a_profile_change_refreshes_the_catalogue_and_survives_it_being_down(
    database, seed_catalogue, fake_catalogue, now, requisition
):
    source = fake_catalogue(seed_catalogue)
    handler = _handler(database, source, now)

    await handler([_profile_changed(now)])
    source.available = False
    await handler([_profile_changed(now), _opened(requisition("1"), "e1")])

    assert source.refreshes == 2
    assert len(database.state.decisions) == 1
