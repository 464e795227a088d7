from datetime import datetime, timedelta
from typing import Any

from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.leveling import IncomingRequisition, LevelingResult, apply_requisitions
from leveling_common.events import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_UPDATED,
    HiringTeam,
    Person,
    RequisitionData,
)


async def _apply(
    database: Any, catalogue: LoadedCatalogue, now: datetime, *items: IncomingRequisition
) -> LevelingResult:
    async with database.uow() as uow:
        result = await apply_requisitions(uow, list(items), catalogue, at=now)
        await uow.commit()
    return result


def _opened(data: RequisitionData) -> IncomingRequisition:
    return IncomingRequisition(REQUISITION_OPENED, data)


def _updated(data: RequisitionData) -> IncomingRequisition:
    return IncomingRequisition(REQUISITION_UPDATED, data)


async def test_a_new_requisition_gets_version_one_with_profile_band_and_explanation(
    database, seed_catalogue, now, requisition
):
    result = await _apply(database, seed_catalogue, now, _opened(requisition("1")))

    [decision] = result.decided
    assert decision.decision_version == 1
    assert decision.reason == "new"
    assert decision.supersedes is None
    assert decision.previous is None
    assert decision.profile is not None
    assert decision.level is not None
    assert decision.band is not None
    assert decision.band.zone == "US-NYC"
    assert decision.explanation
    assert decision.requisition_title == "Senior Clinical Project Manager"
    assert decision.location_name == "New York, NY, United States"
    assert decision.hiring_team == HiringTeam(recruiters=[Person(external_user_id="4080001")])
    stored = database.state.requisitions["greenhouse:1"]
    assert stored.current_decision_id == decision.decision_id
    assert stored.current_version == 1


async def test_the_same_content_delivered_again_is_not_decided_again(
    database, seed_catalogue, now, requisition
):
    await _apply(database, seed_catalogue, now, _opened(requisition("1")))

    again = requisition("1", source_updated_at=now + timedelta(minutes=5))
    result = await _apply(database, seed_catalogue, now, _updated(again))

    assert result.decided == []
    assert result.unchanged == 1
    assert len(database.state.decisions) == 1


async def test_a_changed_description_gives_a_new_version_that_supersedes_the_previous(
    database, seed_catalogue, now, requisition
):
    first = (await _apply(database, seed_catalogue, now, _opened(requisition("1")))).decided[0]

    changed = requisition("1", title="Director, Clinical Project Management")
    [second] = (await _apply(database, seed_catalogue, now, _updated(changed))).decided

    assert second.decision_version == 2
    assert second.reason == "requisition_changed"
    assert second.supersedes == first.decision_id
    assert second.previous is not None
    assert second.previous.level == first.level


async def test_a_new_hiring_manager_updates_the_snapshot_without_a_new_decision(
    database, seed_catalogue, now, requisition
):
    await _apply(database, seed_catalogue, now, _opened(requisition("1")))

    team = {"hiring_managers": [{"external_user_id": "4080009"}]}
    result = await _apply(
        database, seed_catalogue, now, _updated(requisition("1", hiring_team=team))
    )

    assert result.decided == []
    assert result.stored == 1
    stored = database.state.requisitions["greenhouse:1"]
    assert stored.data.hiring_team.hiring_managers[0].external_user_id == "4080009"


async def test_a_closed_requisition_is_stored_but_not_decided(
    database, seed_catalogue, now, requisition
):
    result = await _apply(
        database,
        seed_catalogue,
        now,
        IncomingRequisition(REQUISITION_CLOSED, requisition("1", status="open")),
    )

    assert result.decided == []
    assert database.state.requisitions["greenhouse:1"].data.status == "closed"
    assert database.state.decisions == {}


async def test_an_older_version_arriving_late_does_not_undo_a_newer_one(
    database, seed_catalogue, now, requisition
):
    newer = requisition("1", title="Director, Clinical Project Management", source_updated_at=now)
    await _apply(database, seed_catalogue, now, _opened(newer))

    older = requisition("1", source_updated_at=now - timedelta(hours=1))
    result = await _apply(database, seed_catalogue, now, _updated(older))

    assert result.decided == []
    assert database.state.requisitions["greenhouse:1"].data.title == newer.title


async def test_events_of_one_key_in_one_batch_are_applied_in_order(
    database, seed_catalogue, now, requisition
):
    result = await _apply(
        database,
        seed_catalogue,
        now,
        _opened(requisition("1")),
        _updated(requisition("1", title="Director, Clinical Project Management")),
    )

    assert [d.decision_version for d in result.decided] == [1, 2]
    assert result.decided[1].supersedes == result.decided[0].decision_id
    assert database.state.requisitions["greenhouse:1"].current_version == 2


async def test_an_overridden_requisition_keeps_its_level_when_its_text_changes(
    database, seed_catalogue, now, requisition
):
    [first] = (await _apply(database, seed_catalogue, now, _opened(requisition("1")))).decided
    overridden = first.model_copy(
        update={"status": "overridden", "level": "M5", "decision_id": "d-override",
                "decision_version": 2}
    )  # fmt: skip
    database.state.decisions[overridden.decision_id] = overridden
    stored = database.state.requisitions["greenhouse:1"]
    stored.advance_to(overridden)

    changed = requisition("1", where="boston")
    [third] = (await _apply(database, seed_catalogue, now, _updated(changed))).decided

    assert third.status == "overridden"
    assert third.level == "M5"
    assert third.band is not None
    assert third.band.zone == "US-BOS"
    assert third.decision_version == 3
    assert third.supersedes == "d-override"
