from datetime import datetime
from typing import Any

import pytest

from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import InvalidOverride, NotFound
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.service_layer.overrides import OverrideCommand, override_history, override_level
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


async def test_an_override_can_move_profile_and_band_zone_and_keeps_before_and_after(
    database, seed_catalogue, now, requisition
):
    first = await _decided(database, seed_catalogue, now, requisition("1"))
    assert first.profile is not None
    assert first.band is not None
    other = next(code for code in seed_catalogue.tracks if code != first.profile.code)

    decision = await override_level(
        database.uow(),
        seed_catalogue,
        OverrideCommand(
            "greenhouse:1", "M2", "Sits in the other family", "jane", "admin",
            profile=other, track="M", zone="US-RDU",
        ),
        at=now,
        topic=TOPIC,
    )  # fmt: skip

    assert decision.profile is not None
    assert decision.profile.code == other
    assert decision.band is not None
    assert decision.band.zone == "US-RDU"
    [record] = await override_history(database.uow(), "greenhouse:1")
    assert (record.previous_profile, record.profile) == (first.profile.code, other)
    assert (record.previous_track, record.track) == (first.track, "M")
    assert (record.previous_zone, record.zone) == (first.band.zone, "US-RDU")
    assert (record.previous_level, record.level, record.actor) == (first.level, "M2", "jane")


async def test_an_unmatched_requisition_is_levelled_by_hand_by_naming_a_profile(
    database, seed_catalogue, now, requisition
):
    unmatched = requisition(
        "7", title="Software Engineer", description="<p>Write Python services.</p>"
    )
    first = await _decided(database, seed_catalogue, now, unmatched)
    assert first.status == "unmatched"
    command = OverrideCommand("greenhouse:7", "M1", "Leads the data team", "jane", "admin")
    with pytest.raises(InvalidOverride, match="name one in `profile`"):
        await override_level(database.uow(), seed_catalogue, command, at=now, topic=TOPIC)

    code = "CLINIC.CLINICALDC3A"
    decision = await override_level(
        database.uow(),
        seed_catalogue,
        OverrideCommand("greenhouse:7", "M1", "Leads the data team", "jane", "admin", code),
        at=now,
        topic=TOPIC,
    )

    assert decision.status == "overridden"
    assert decision.profile is not None
    assert decision.profile.code == code
    assert decision.level == "M1"
    assert decision.track == "M"
    assert decision.band is not None
    assert decision.flags == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"profile": "NO.SUCH"}, "not a profile"),
        ({"track": "P"}, "is on track 'M', not 'P'"),
        ({"zone": "MARS"}, "no band"),
    ],
)
async def test_an_override_to_something_the_catalogue_lacks_is_refused(
    database, seed_catalogue, now, requisition, changes, message
):
    await _decided(database, seed_catalogue, now, requisition("1"))
    command = OverrideCommand("greenhouse:1", "M2", "why", "me", "admin", **changes)
    with pytest.raises(InvalidOverride, match=message):
        await override_level(database.uow(), seed_catalogue, command, at=now, topic=TOPIC)
    assert database.state.overrides == []
