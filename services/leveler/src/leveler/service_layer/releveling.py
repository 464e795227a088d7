"""Re-leveling after a band set is published, and re-checking after a pay-transparency rule
came into force: new versions only where the band or the flags moved."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from leveler.domain.engine import BAND_FLAGS, band_flags, band_for, decide
from leveler.service_layer import decisions as build
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.engine_input import requisition_from_event
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, StoredRequisition
from leveling_common.events import DecisionData, RequisitionData

__all__ = [
    "open_requisitions_with_decisions",
    "rechecked",
    "relevel_open_requisitions",
    "releveled",
]

_PAGE = 500


def releveled(
    req: StoredRequisition, previous: DecisionData, catalogue: LoadedCatalogue, *, at: datetime
) -> DecisionData | None:
    """The requisition's next decision under `catalogue`, or None when its band stays."""
    if previous.status == "overridden" and previous.profile is not None:
        band = band_for(
            catalogue.index,
            profile_code=previous.profile.code,
            level=previous.level or "",
            location=requisition_from_event(req.data).location,
            at=at,
        )
        if not build.band_changed(previous.band, band):
            return None
        return build.carry_forward(
            previous,
            req=req,
            band=band,
            catalogue_version=catalogue.version,
            reason="band_changed",
            at=at,
        )
    outcome = decide(requisition_from_event(req.data), catalogue.index, at=at)
    if not build.band_changed(previous.band, outcome.band):
        return None
    return build.from_outcome(outcome, req=req, previous=previous, reason="band_changed", at=at)


def rechecked(
    req: StoredRequisition, previous: DecisionData, catalogue: LoadedCatalogue, *, at: datetime
) -> DecisionData | None:
    """The requisition's next decision once a pay-transparency rule came into force, or None
    when its flags and band stay. A level a human set stands; only its band flags move."""
    requisition = requisition_from_event(req.data)
    if previous.status == "overridden" and previous.profile is not None:
        band = band_for(
            catalogue.index,
            profile_code=previous.profile.code,
            level=previous.level or "",
            location=requisition.location,
            at=at,
        )
        kept = [flag for flag in previous.flags if flag not in BAND_FLAGS]
        flags = sorted({*kept, *band_flags(requisition, catalogue.index, band, at)})
        if flags == sorted(previous.flags) and not build.band_changed(previous.band, band):
            return None
        return build.carry_forward(
            previous,
            req=req,
            band=band,
            catalogue_version=catalogue.version,
            reason="jurisdiction_in_force",
            at=at,
            flags=flags,
        )
    outcome = decide(requisition, catalogue.index, at=at)
    same_flags = sorted(outcome.flags) == sorted(previous.flags)
    if same_flags and not build.band_changed(previous.band, outcome.band):
        return None
    return build.from_outcome(
        outcome, req=req, previous=previous, reason="jurisdiction_in_force", at=at
    )


async def open_requisitions_with_decisions(
    uow: AbstractUnitOfWork,
) -> AsyncIterator[list[tuple[StoredRequisition, DecisionData]]]:
    """Every decided requisition not closed, with its current decision, a page at a time."""
    after: str | None = None
    while True:
        page = await uow.requisitions.active_page(after=after, limit=_PAGE)
        if not page:
            return
        after = page[-1].key
        current = await uow.decisions.get_many([r.current_decision_id or "" for r in page])
        yield [
            (req, current[req.current_decision_id])
            for req in page
            if req.current_decision_id in current
        ]


NextDecision = Callable[..., DecisionData | None]


async def relevel_open_requisitions(
    uow: AbstractUnitOfWork,
    catalogue: LoadedCatalogue,
    *,
    at: datetime,
    next_decision: NextDecision = releveled,
) -> list[DecisionData]:
    """Every requisition not closed for which `next_decision` (by default: its band differs
    under `catalogue`) makes a new version gets it.

    A requisition a human overrode keeps its level; only its band is recomputed.
    """
    made: list[DecisionData] = []
    async for page in open_requisitions_with_decisions(uow):
        changed: list[StoredRequisition] = []
        page_decisions: list[DecisionData] = []
        inputs: dict[str, RequisitionData] = {}
        for req, previous in page:
            decision = next_decision(req, previous, catalogue, at=at)
            if decision is None:
                continue
            inputs[decision.decision_id] = req.data
            req.advance_to(decision)
            changed.append(req)
            page_decisions.append(decision)
        await uow.requisitions.save(changed)
        await uow.decisions.add(page_decisions)
        await uow.inputs.keep(inputs)
        made.extend(page_decisions)
    return made
