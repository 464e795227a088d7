"""Replaying a stored decision: the engine runs again on the requisition it was made from and
the catalogue version it was made against (both kept by the leveler), at the instant it was
made. The answer says whether the outcome is identical, and if not, what differs and which
input changed (the engine's version; the other inputs are the kept ones, unchanged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leveler.domain.engine import ENGINE_VERSION, decide
from leveler.service_layer.catalogue import CatalogueArchive
from leveler.service_layer.engine_input import requisition_from_event
from leveler.service_layer.errors import NotFound, NotReplayable
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.events import DecisionData, RequisitionData

__all__ = ["Difference", "Replay", "replay_decision"]

# What the engine decides; versioning and context fields are not recomputed.
_OUTCOME_FIELDS = (
    "status",
    "profile",
    "track",
    "level",
    "confidence",
    "boundary_with",
    "band",
    "flags",
    "explanation",
    "alternatives",
)


@dataclass(frozen=True, slots=True)
class Difference:
    field: str
    stored: Any
    replayed: Any


@dataclass(frozen=True, slots=True)
class Replay:
    requisition_key: str
    decision_version: int
    catalogue_version: str
    identical: bool
    differences: tuple[Difference, ...]
    changed_inputs: tuple[str, ...]


async def _stored(
    uow: AbstractUnitOfWork, key: str, version: int
) -> tuple[DecisionData, RequisitionData]:
    async with uow:
        history = await uow.decisions.history(key)
        stored = next((d for d in history if d.decision_version == version), None)
        if stored is None:
            raise NotFound(f"requisition {key!r} has no decision version {version}")
        if stored.status == "overridden":
            raise NotReplayable(
                f"version {version} was set by hand; only the engine's decisions replay"
            )
        data = await uow.inputs.get(stored.decision_id)
    if data is None:
        raise NotReplayable(f"version {version} was decided before decision inputs were kept")
    return stored, data


async def replay_decision(
    uow: AbstractUnitOfWork, archive: CatalogueArchive, *, key: str, version: int
) -> Replay:
    stored, data = await _stored(uow, key, version)
    catalogue = await archive.at_version(stored.catalogue_version)
    if catalogue is None:
        raise NotReplayable(f"catalogue version {stored.catalogue_version} was not kept")
    outcome = decide(requisition_from_event(data), catalogue.index, at=stored.decided_at)
    before = stored.model_dump(mode="json", include=set(_OUTCOME_FIELDS))
    replayed = DecisionData.model_validate(
        {**stored.model_dump(mode="json"), **outcome.to_dict()}
    ).model_dump(mode="json", include=set(_OUTCOME_FIELDS))
    differences = tuple(
        Difference(name, before[name], replayed[name])
        for name in _OUTCOME_FIELDS
        if before[name] != replayed[name]
    )
    changed_inputs = ("engine_version",) if stored.engine_version != ENGINE_VERSION else ()
    return Replay(
        requisition_key=key,
        decision_version=version,
        catalogue_version=stored.catalogue_version,
        identical=not differences,
        differences=differences,
        changed_inputs=changed_inputs,
    )
