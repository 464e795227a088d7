"""Replaying a stored decision against the inputs it was made from."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel

from leveler.entrypoints.api.deps import ContainerDep, ReaderDep
from leveler.entrypoints.api.schemas import problems
from leveler.service_layer.replay import replay_decision

__all__ = ["router"]

router = APIRouter(tags=["requisitions"])


class DifferenceOut(BaseModel):
    field: str
    stored: Any
    replayed: Any


class ReplayOut(BaseModel):
    requisition_key: str
    decision_version: int
    catalogue_version: str
    identical: bool
    differences: list[DifferenceOut]
    changed_inputs: list[str]


@router.post(
    "/v1/requisitions/{key:path}/decisions/{version}/replay",
    summary="Decide a stored version again from its kept inputs: identical, or what differs",
    responses=problems(401, 403, 404, 409, 422, 503),
)
async def replay(
    key: str,
    version: Annotated[int, Path(ge=1)],
    container: ContainerDep,
    _: ReaderDep,
) -> ReplayOut:
    result = await replay_decision(container.uow(), container.archive, key=key, version=version)
    return ReplayOut(
        requisition_key=result.requisition_key,
        decision_version=result.decision_version,
        catalogue_version=result.catalogue_version,
        identical=result.identical,
        differences=[
            DifferenceOut(field=d.field, stored=d.stored, replayed=d.replayed)
            for d in result.differences
        ],
        changed_inputs=list(result.changed_inputs),
    )
