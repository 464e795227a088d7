from datetime import datetime
from typing import Any

from leveler.service_layer.intake import IntakeResult, Submission, submit
from leveler.service_layer.requisitions import snapshot_of
from leveler.service_layer.unit_of_work import StoredRequisition
from leveling_common.events import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_UPDATED,
)

TOPIC = "requisitions.v1"


async def _submit(database: Any, now: datetime, submission: Submission) -> IntakeResult:
    return await submit(database.uow(), submission, topic=TOPIC, at=now)


async def test_an_accepted_webhook_writes_one_event_and_one_receipt(database, now, requisition):
    result = await _submit(
        database, now, Submission("greenhouse", "evt-1", REQUISITION_OPENED, requisition("1"))
    )

    assert result is IntakeResult.ACCEPTED
    [outgoing] = database.state.outbox
    assert outgoing.topic == TOPIC
    assert outgoing.key == "greenhouse:1"
    assert outgoing.event.type == REQUISITION_OPENED
    assert outgoing.event.subject == "greenhouse:1"
    assert database.state.receipts == {("greenhouse", "evt-1"): "accepted"}


async def test_the_same_delivery_twice_is_acknowledged_once(database, now, requisition):
    submission = Submission("greenhouse", "evt-1", REQUISITION_OPENED, requisition("1"))
    await _submit(database, now, submission)

    assert await _submit(database, now, submission) is IntakeResult.DUPLICATE
    assert len(database.state.outbox) == 1


async def test_an_echo_of_our_own_write_back_is_not_published(database, now, requisition):
    data = requisition("1")
    await _submit(database, now, Submission("greenhouse", "evt-1", REQUISITION_OPENED, data))
    # The worker has decided it: the stored snapshot equals what intake accepted.
    database.state.requisitions[data.requisition_key] = StoredRequisition(data, *snapshot_of(data))

    result = await _submit(
        database, now, Submission("greenhouse", "evt-2", REQUISITION_UPDATED, data)
    )

    assert result is IntakeResult.UNCHANGED
    assert len(database.state.outbox) == 1
    assert database.state.receipts[("greenhouse", "evt-2")] == "unchanged"


async def test_an_edit_reverted_before_the_worker_caught_up_is_still_published(
    database, now, requisition
):
    original = requisition("1")
    database.state.requisitions[original.requisition_key] = StoredRequisition(
        original, *snapshot_of(original)
    )
    edited = requisition("1", title="Clinical Project Manager")
    await _submit(database, now, Submission("greenhouse", "e1", REQUISITION_UPDATED, edited))

    result = await _submit(
        database, now, Submission("greenhouse", "e2", REQUISITION_UPDATED, original)
    )

    assert result is IntakeResult.ACCEPTED
    assert len(database.state.outbox) == 2


async def test_canonical_submissions_are_opened_first_then_updated_then_closed(
    database, now, requisition
):
    await _submit(database, now, Submission("api", None, None, requisition("1")))
    await _submit(database, now, Submission("api", None, None, requisition("1", title="CPM")))
    await _submit(database, now, Submission("api", None, None, requisition("1", status="closed")))

    types = [item.event.type for item in database.state.outbox]
    assert types == [REQUISITION_OPENED, REQUISITION_UPDATED, REQUISITION_CLOSED]
    assert database.state.receipts == {}
