"""Which open requisitions a draft band set would move, and from which band to which, before
the catalogue publishes it. Nothing is stored: the same re-level rule runs on a trial catalogue
with the draft in force."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from leveler.domain.catalogue import BandSet
from leveler.service_layer.catalogue import LoadedCatalogue, load
from leveler.service_layer.releveling import open_requisitions_with_decisions, releveled
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.events import BandRef

__all__ = ["BandMove", "band_set_impact"]


@dataclass(frozen=True, slots=True)
class BandMove:
    requisition_key: str
    title: str
    level: str | None
    before: BandRef | None
    after: BandRef | None


def _with_draft(catalogue: LoadedCatalogue, draft: BandSet, *, at: datetime) -> LoadedCatalogue:
    """The catalogue with `draft` in force from `at` (later published sets, if any, after it)."""
    current = catalogue.index.catalogue
    trial = draft.model_copy(update={"effective_from": at, "effective_to": None})
    kept = tuple(band_set for band_set in current.band_sets if band_set.id != draft.id)
    return load(
        dataclasses.replace(
            current, version=f"{current.version}+{draft.id}", band_sets=(*kept, trial)
        )
    )


async def band_set_impact(
    uow: AbstractUnitOfWork, catalogue: LoadedCatalogue, draft: BandSet, *, at: datetime
) -> list[BandMove]:
    """Every open requisition whose band would change once `draft` is in force.

    Evaluated at the later of `at` and the draft's own start, as the re-level then would be.
    """
    when = max(at, draft.effective_from)
    trial = _with_draft(catalogue, draft, at=when)
    moves: list[BandMove] = []
    async with uow:
        async for page in open_requisitions_with_decisions(uow):
            for req, previous in page:
                decision = releveled(req, previous, trial, at=when)
                if decision is None:
                    continue
                moves.append(
                    BandMove(
                        requisition_key=req.key,
                        title=req.data.title,
                        level=decision.level,
                        before=previous.band,
                        after=decision.band,
                    )
                )
    return moves
