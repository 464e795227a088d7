"""A pay-transparency rule coming into force re-checks the open requisitions it covers: a
new version where the flags move (a level a person set stands), none elsewhere."""

from datetime import date, datetime, timedelta

import pytest

from leveler.adapters.catalogue_client import load_snapshot
from leveler.service_layer.errors import CatalogueUnavailable
from leveler.service_layer.messages import MessageHandler, WorkerConfig
from leveler.service_layer.overrides import OverrideCommand, override_level
from leveling_common.events import (
    JURISDICTION_EFFECTIVE,
    REQUISITION_OPENED,
    CloudEvent,
    JurisdictionEffectiveData,
    RequisitionData,
)
from leveling_common.kafka import ConsumedEvent
from leveling_common.snapshot import JurisdictionSnapshot

CONFIG = WorkerConfig(
    consumer="leveler", decisions_topic="leveling.decisions.v1", band_set_wait_attempts=1
)
START = date(2026, 12, 1)
NORTH_CAROLINA = JurisdictionSnapshot(
    code="US-NC", name="North Carolina", country="US", region="NC", effective_from=START
)


def _consumed(event: CloudEvent) -> ConsumedEvent:  # type: ignore[type-arg]
    return ConsumedEvent(topic="t", partition=0, offset=0, key=event.subject, event=event)


def _opened(data: RequisitionData) -> ConsumedEvent:
    return _consumed(
        CloudEvent[RequisitionData](
            source="/t", type=REQUISITION_OPENED, subject=data.requisition_key, data=data
        )
    )


def _in_force(rule: JurisdictionSnapshot) -> ConsumedEvent:
    data = JurisdictionEffectiveData(
        jurisdiction_code=rule.code,
        name=rule.name,
        country=rule.country,
        region=rule.region,
        effective_from=rule.effective_from,
        catalogue_version="v9",
    )
    return _consumed(
        CloudEvent[JurisdictionEffectiveData](
            source="/c", type=JURISDICTION_EFFECTIVE, subject=rule.code, data=data
        )
    )


@pytest.fixture
def opened(database, seed_catalogue, seed_snapshot, fake_catalogue, now, requisition):
    """Three open requisitions without a posted range: two in Raleigh (one of them
    overridden by a person), one in Boston; then a North Carolina rule starting on START."""

    async def run() -> tuple[MessageHandler, list[datetime]]:
        clock = [now]
        source = fake_catalogue(seed_catalogue)
        handler = MessageHandler(
            uow_factory=database.uow, catalogue=source, config=CONFIG, clock=lambda: clock[0]
        )
        await handler([_opened(requisition(n, where=w)) for n, w in
                       (("1", "raleigh"), ("2", "raleigh"), ("3", "boston"))])  # fmt: skip
        command = OverrideCommand("greenhouse:2", "M4", "Runs the programme", "Priya", "oidc:p")
        await override_level(database.uow(), seed_catalogue, command, at=now, topic="d")
        rules = (*seed_snapshot.jurisdictions, NORTH_CAROLINA)
        source.loaded = load_snapshot(seed_snapshot.model_copy(update={"jurisdictions": rules}))
        return handler, clock

    return run


def _latest(database) -> dict[str, object]:
    latest: dict[str, object] = {}
    for decision in sorted(database.state.decisions.values(), key=lambda d: d.decision_version):
        latest[decision.requisition_key] = decision
    return latest


async def test_the_rule_flags_the_requisitions_it_covers_when_it_comes_into_force(database, opened):
    handler, clock = await opened()
    before = _latest(database)
    assert all("range_required_missing" not in d.flags for d in before.values())

    clock[0] = datetime(2026, 12, 1, 0, 0, 1, tzinfo=clock[0].tzinfo)
    await handler([_in_force(NORTH_CAROLINA)])

    after = _latest(database)
    raleigh, overridden, boston = (after[f"greenhouse:{n}"] for n in "123")
    assert (raleigh.reason, raleigh.decision_version) == ("jurisdiction_in_force", 2)
    assert "range_required_missing" in raleigh.flags
    assert raleigh.previous.flags == before["greenhouse:1"].flags
    assert (overridden.reason, overridden.status, overridden.level) == (
        "jurisdiction_in_force",
        "overridden",
        "M4",
    )
    assert "range_required_missing" in overridden.flags
    assert overridden.overridden_by == "Priya"
    assert boston.decision_id == before["greenhouse:3"].decision_id  # not covered: no version

    made = len(database.state.decisions)
    await handler([_in_force(NORTH_CAROLINA)])  # the same event again: nothing more
    assert len(database.state.decisions) == made


async def test_a_rule_the_catalogue_does_not_serve_yet_is_waited_for(
    database, opened, seed_catalogue, fake_catalogue
):
    handler, clock = await opened()
    clock[0] = clock[0] + timedelta(days=40)
    later = NORTH_CAROLINA.model_copy(update={"code": "US-NC-2"})
    with pytest.raises(CatalogueUnavailable, match="US-NC-2@2026-12-01"):
        await handler([_in_force(later)])
    await handler([_in_force(later)])  # waited enough: goes on with what is served
