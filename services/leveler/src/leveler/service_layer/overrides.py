"""A recruiter fixes the level by hand: a new, audited decision version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leveler.adapters.catalogue_snapshot import requisition_from_event
from leveler.domain.engine import band_for
from leveler.service_layer import decisions as build
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.errors import InvalidOverride, NotFound
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, OverrideRecord
from leveling_common.events import DecisionData
from leveling_common.tracing import current_traceparent

__all__ = ["OverrideCommand", "override_level"]


@dataclass(frozen=True)
class OverrideCommand:
    requisition_key: str
    level: str
    reason: str
    by: str
    principal: str


async def override_level(
    uow: AbstractUnitOfWork,
    catalogue: LoadedCatalogue,
    command: OverrideCommand,
    *,
    at: datetime,
    topic: str,
) -> DecisionData:
    """Store the overriding decision, its audit record and its event in one transaction."""
    async with uow:
        req = await uow.requisitions.get(command.requisition_key)
        if req is None or req.current_decision_id is None:
            raise NotFound(f"no decided requisition {command.requisition_key!r}")
        previous = (await uow.decisions.get_many([req.current_decision_id]))[
            req.current_decision_id
        ]
        if previous.profile is None:
            raise InvalidOverride("the requisition matched no profile, so it has no levels")
        track = catalogue.track_of(previous.profile.code, command.level)
        if track is None:
            raise InvalidOverride(
                f"{command.level!r} is not a level of profile {previous.profile.code!r}"
            )
        band = band_for(
            catalogue.index,
            profile_code=previous.profile.code,
            level=command.level,
            location=requisition_from_event(req.data).location,
            at=at,
        )
        decision = build.carry_forward(
            previous,
            req=req,
            band=band,
            catalogue_version=catalogue.version,
            reason="override",
            at=at,
            level=command.level,
            override=(command.reason, command.by),
        ).model_copy(update={"track": track})
        req.advance_to(decision)
        await uow.requisitions.save([req])
        await uow.decisions.add([decision])
        await uow.decisions.add_override(
            OverrideRecord(
                decision_id=decision.decision_id,
                requisition_key=req.key,
                previous_level=previous.level,
                level=command.level,
                reason=command.reason,
                actor=command.by,
                principal=command.principal,
                created_at=at,
            )
        )
        await uow.emit(
            [build.decision_event(decision, topic=topic, traceparent=current_traceparent())]
        )
        await uow.commit()
    return decision
