"""What a draft band set would do to open requisitions: asked by the catalogue before publishing."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from leveler.entrypoints.api.deps import ContainerDep, ReaderDep
from leveler.entrypoints.api.schemas import problems
from leveler.service_layer.impact import band_set_impact
from leveling_common.events import BandRef
from leveling_common.snapshot import BandSetSnapshot

__all__ = ["router"]

router = APIRouter(tags=["requisitions"])


class BandMoveOut(BaseModel):
    requisition_key: str
    title: str
    level: str | None
    before: BandRef | None
    after: BandRef | None


class BandSetImpactOut(BaseModel):
    band_set_id: str
    catalogue_version: str
    moves: list[BandMoveOut]


@router.post(
    "/v1/impact/band-set",
    summary="Open requisitions a draft band set would move, old band → new (nothing is stored)",
    responses=problems(401, 403, 422, 503),
)
async def band_set_impact_preview(
    draft: BandSetSnapshot, container: ContainerDep, _: ReaderDep
) -> BandSetImpactOut:
    catalogue = await container.catalogue.current()
    moves = await band_set_impact(container.uow(), catalogue, draft, at=container.clock())
    return BandSetImpactOut(
        band_set_id=draft.id,
        catalogue_version=catalogue.version,
        moves=[
            BandMoveOut(
                requisition_key=move.requisition_key,
                title=move.title,
                level=move.level,
                before=move.before,
                after=move.after,
            )
            for move in moves
        ],
    )
