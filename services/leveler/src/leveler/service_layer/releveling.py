"""Re-leveling after a band set is published: new versions only where the band moved."""

from __future__ import annotations

from datetime import datetime

from leveler.domain.engine import band_for, decide
from leveler.service_layer import decisions as build
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.engine_input import requisition_from_event
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, StoredRequisition
from leveling_common.events import DecisionData

__all__ = ["relevel_open_requisitions"]

_PAGE = 500


def _releveled(
    req: StoredRequisition, previous: DecisionData, catalogue: LoadedCatalogue, *, at: datetime
) -> DecisionData | None:
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


async def relevel_open_requisitions(
    uow: AbstractUnitOfWork, catalogue: LoadedCatalogue, *, at: datetime
) -> list[DecisionData]:
    """Every requisition not closed whose band differs under `catalogue` gets a new version.

    A requisition a human overrode keeps its level; only its band is recomputed.
    """
    made: list[DecisionData] = []
    after: str | None = None
    while True:
        page = await uow.requisitions.active_page(after=after, limit=_PAGE)
        if not page:
            return made
        after = page[-1].key
        current = await uow.decisions.get_many([r.current_decision_id or "" for r in page])
        changed: list[StoredRequisition] = []
        page_decisions: list[DecisionData] = []
        for req in page:
            previous = current.get(req.current_decision_id or "")
            decision = _releveled(req, previous, catalogue, at=at) if previous else None
            if decision is None:
                continue
            req.advance_to(decision)
            changed.append(req)
            page_decisions.append(decision)
        await uow.requisitions.save(changed)
        await uow.decisions.add(page_decisions)
        made.extend(page_decisions)
