from datetime import datetime
from typing import Any

import pytest

from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import InvalidOverride, NotFound
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.service_layer.overrides import OverrideCommand, override_level
from leveling_common.events import DECISION_MADE, REQUISITION_OPENED, DecisionData, RequisitionData

TOPIC = "leveling.decisions.v1"


async def _decided(
    database: Any, catalogue: LoadedCatalogue, now: datetime, data: RequisitionData
) -> DecisionData:
    async with database.uow() as uow:
        [decision] = (
            await apply_requisitions(
                uow, [IncomingRequisition(REQUISITION_OPENED, data)], catalogue, at=now
            )
        ).decided
        await uow.commit()
    return decision


async def test_an_override_is_a_new_audited_version_with_the_band_of_the_new_level(
    database, seed_catalogue, now, requisition
):
    first = await _decided(database, seed_catalogue, now, requisition("1"))
    target = "M5" if first.level != "M5" else "M1"

    decision = await override_level(
        database.uow(),
        seed_catalogue,
        OverrideCommand("greenhouse:1", target, "Runs the portfolio", "jane@example.com", "admin"),
        at=now,
        topic=TOPIC,
    )

    assert decision.decision_version == 2
    assert decision.status == "overridden"
    assert decision.reason == "override"
    assert decision.level == target
    assert decision.supersedes == first.decision_id
    assert decision.override_reason == "Runs the portfolio"
    assert decision.overridden_by == "jane@example.com"
    assert decision.explanation[0].signal == "override"
    assert decision.band is not None
    assert first.band is not None
    assert decision.band.mid != first.band.mid
    [record] = database.state.overrides
    assert (record.previous_level, record.level, record.actor) == (
        first.level,
        target,
        "jane@example.com",
    )
    [event] = database.state.outbox
    assert event.event.type == DECISION_MADE
    assert event.key == "greenhouse:1"
    assert event.event.id == decision.decision_id


async def test_overriding_an_unknown_requisition_is_not_found(database, seed_catalogue, now):
    with pytest.raises(NotFound):
        await override_level(
            database.uow(),
            seed_catalogue,
            OverrideCommand("greenhouse:404", "M2", "why", "me", "admin"),
            at=now,
            topic=TOPIC,
        )
    assert database.commits == 0


async def test_a_level_the_profile_does_not_have_is_refused_and_nothing_is_written(
    database, seed_catalogue, now, requisition
):
    await _decided(database, seed_catalogue, now, requisition("1"))
    commits = database.commits

    with pytest.raises(InvalidOverride):
        await override_level(
            database.uow(),
            seed_catalogue,
            OverrideCommand("greenhouse:1", "M9", "why", "me", "admin"),
            at=now,
            topic=TOPIC,
        )

    assert database.commits == commits
    assert database.state.overrides == []
