"""A recruiter fixes a decision by hand: a new, audited decision version.

An override can set the level, move the requisition to another profile or track (which is
also how an unmatched requisition is levelled by hand), or price it in another band zone
than its location's. Every override is kept with who, when, why and before → after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leveler.domain.engine import band_for
from leveler.domain.outcome import BandChoice
from leveler.service_layer import decisions as build
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.engine_input import requisition_from_event
from leveler.service_layer.errors import InvalidOverride, NotFound
from leveler.service_layer.unit_of_work import (
    AbstractUnitOfWork,
    OverrideRecord,
    StoredRequisition,
)
from leveling_common.events import DecisionData, ProfileRef
from leveling_common.tracing import current_traceparent

__all__ = ["OverrideCommand", "override_history", "override_level"]


@dataclass(frozen=True)
class OverrideCommand:
    requisition_key: str
    level: str
    reason: str
    by: str
    principal: str
    # A profile code: moves the requisition to that profile (required when it matched none).
    profile: str | None = None
    # The track the level must be on, when the caller wants that checked.
    track: str | None = None
    # A band zone to price the level in, instead of the zone of the requisition's location.
    zone: str | None = None


@dataclass(frozen=True)
class _Target:
    profile: ProfileRef
    track: str
    band: BandChoice | None


def _profile(catalogue: LoadedCatalogue, code: str) -> ProfileRef:
    entry = catalogue.index.by_code.get(code)
    if entry is None:
        raise InvalidOverride(f"{code!r} is not a profile of the catalogue")
    return ProfileRef(code=code, name=entry.profile.name)


def _band(
    catalogue: LoadedCatalogue,
    command: OverrideCommand,
    profile_code: str,
    req: StoredRequisition,
    at: datetime,
) -> BandChoice | None:
    index = catalogue.index
    if command.zone is None:
        location = requisition_from_event(req.data).location
        return band_for(
            index, profile_code=profile_code, level=command.level, location=location, at=at
        )
    band = index.bands.lookup(
        profile_code=profile_code,
        function_code=index.by_code[profile_code].profile.function_code,
        level=command.level,
        zone=command.zone,
        at=at,
    )
    if band is None:
        raise InvalidOverride(
            f"no band for {profile_code} {command.level} in zone {command.zone!r}"
        )
    return band


def _target(
    catalogue: LoadedCatalogue,
    command: OverrideCommand,
    previous: DecisionData,
    req: StoredRequisition,
    at: datetime,
) -> _Target:
    code = command.profile or (previous.profile.code if previous.profile else None)
    if code is None:
        raise InvalidOverride("the requisition matched no profile: name one in `profile`")
    profile = _profile(catalogue, code)
    track = catalogue.track_of(code, command.level)
    if track is None:
        raise InvalidOverride(f"{command.level!r} is not a level of profile {code!r}")
    if command.track is not None and command.track != track:
        raise InvalidOverride(f"{command.level!r} is on track {track!r}, not {command.track!r}")
    return _Target(profile, track, _band(catalogue, command, code, req, at))


def _record(
    decision: DecisionData, previous: DecisionData, command: OverrideCommand, at: datetime
) -> OverrideRecord:
    return OverrideRecord(
        decision_id=decision.decision_id,
        requisition_key=decision.requisition_key,
        previous_level=previous.level,
        level=command.level,
        reason=command.reason,
        actor=command.by,
        principal=command.principal,
        created_at=at,
        previous_profile=previous.profile.code if previous.profile else None,
        profile=decision.profile.code if decision.profile else None,
        previous_track=previous.track,
        track=decision.track,
        previous_zone=previous.band.zone if previous.band else None,
        zone=decision.band.zone if decision.band else None,
    )


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
        target = _target(catalogue, command, previous, req, at)
        decision = build.carry_forward(
            previous,
            req=req,
            band=target.band,
            catalogue_version=catalogue.version,
            reason="override",
            at=at,
            level=command.level,
            override=(command.reason, command.by),
        )
        changes: dict[str, object] = {"profile": target.profile, "track": target.track}
        if previous.profile is None:
            # The flags said why nothing matched; a person has now matched it.
            changes["flags"] = []
        decision = decision.model_copy(update=changes)
        req.advance_to(decision)
        await uow.requisitions.save([req])
        await uow.decisions.add([decision])
        await uow.decisions.add_override(_record(decision, previous, command, at))
        await uow.emit(
            [build.decision_event(decision, topic=topic, traceparent=current_traceparent())]
        )
        await uow.commit()
    return decision


async def override_history(uow: AbstractUnitOfWork, requisition_key: str) -> list[OverrideRecord]:
    """Every override of the requisition, oldest first."""
    async with uow:
        return await uow.decisions.overrides_of(requisition_key)
