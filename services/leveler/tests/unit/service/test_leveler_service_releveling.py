from datetime import datetime
from typing import Any

from leveler.adapters.catalogue_client import load_snapshot
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.service_layer.overrides import OverrideCommand, override_level
from leveler.service_layer.releveling import relevel_open_requisitions
from leveling_common.events import REQUISITION_CLOSED, REQUISITION_OPENED, DecisionData


async def _open(
    database: Any, catalogue: LoadedCatalogue, now: datetime, *items: IncomingRequisition
) -> dict[str, DecisionData]:
    async with database.uow() as uow:
        result = await apply_requisitions(uow, list(items), catalogue, at=now)
        await uow.commit()
    return {d.requisition_key: d for d in result.decided}


async def _relevel(
    database: Any, catalogue: LoadedCatalogue, now: datetime
) -> dict[str, DecisionData]:
    async with database.uow() as uow:
        made = await relevel_open_requisitions(uow, catalogue, at=now)
        await uow.commit()
    return {d.requisition_key: d for d in made}


async def test_only_requisitions_whose_band_changed_get_a_band_changed_version(
    database, seed_catalogue, seed_snapshot, with_raised_band_set, now, requisition
):
    before = await _open(
        database,
        seed_catalogue,
        now,
        IncomingRequisition(REQUISITION_OPENED, requisition("nyc-1")),
        IncomingRequisition(REQUISITION_OPENED, requisition("nyc-2")),
        IncomingRequisition(REQUISITION_OPENED, requisition("bos-1", where="boston")),
    )
    raised = load_snapshot(
        with_raised_band_set(seed_snapshot, zone="US-NYC", percent=5, band_set_id="bs-next")
    )

    made = await _relevel(database, raised, now)

    assert sorted(made) == ["greenhouse:nyc-1", "greenhouse:nyc-2"]
    for key, decision in made.items():
        assert decision.reason == "band_changed"
        assert decision.decision_version == 2
        assert decision.supersedes == before[key].decision_id
        assert decision.band is not None
        assert decision.band.band_set_id == "bs-next"
        assert decision.previous is not None
        assert decision.previous.band == before[key].band
        previous_band = before[key].band
        assert previous_band is not None
        assert decision.band.min > previous_band.min
    assert database.state.requisitions["greenhouse:bos-1"].current_version == 1


async def test_closed_requisitions_are_not_releveled(
    database, seed_catalogue, seed_snapshot, with_raised_band_set, now, requisition
):
    await _open(
        database, seed_catalogue, now, IncomingRequisition(REQUISITION_OPENED, requisition("1"))
    )
    await _open(
        database, seed_catalogue, now, IncomingRequisition(REQUISITION_CLOSED, requisition("1"))
    )
    raised = load_snapshot(
        with_raised_band_set(seed_snapshot, zone="US-NYC", percent=5, band_set_id="bs-next")
    )

    assert await _relevel(database, raised, now) == {}


async def test_an_overridden_requisition_keeps_its_level_and_only_its_band_moves(
    database, seed_catalogue, seed_snapshot, with_raised_band_set, now, requisition
):
    await _open(
        database, seed_catalogue, now, IncomingRequisition(REQUISITION_OPENED, requisition("1"))
    )
    overridden = await override_level(
        database.uow(),
        seed_catalogue,
        OverrideCommand("greenhouse:1", "M5", "Heads the portfolio", "jane@example.com", "admin"),
        at=now,
        topic="leveling.decisions.v1",
    )
    raised = load_snapshot(
        with_raised_band_set(seed_snapshot, zone="US-NYC", percent=10, band_set_id="bs-next")
    )

    [decision] = (await _relevel(database, raised, now)).values()

    assert decision.status == "overridden"
    assert decision.level == "M5"
    assert decision.reason == "band_changed"
    assert decision.overridden_by == "jane@example.com"
    assert decision.band is not None
    assert overridden.band is not None
    assert decision.band.mid > overridden.band.mid
