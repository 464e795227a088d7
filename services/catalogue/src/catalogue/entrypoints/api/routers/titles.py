"""Title conventions: the company's own seniority words in job titles, per track."""

from __future__ import annotations

from fastapi import APIRouter

from catalogue.entrypoints.api.deps import READ, WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.schemas.titles import TitleConventionList, TitleConventionModel
from catalogue.service_layer import titles

__all__ = ["router"]

router = APIRouter(tags=["profiles"])


@router.get(
    "/v1/title-conventions",
    response_model=TitleConventionList,
    dependencies=[READ],
    responses=problems(),
    summary="The company's seniority words in job titles",
)
async def list_conventions(uow: UowDep) -> TitleConventionList:
    found = await titles.list_conventions(uow)
    return TitleConventionList(items=[TitleConventionModel.of(c) for c in found])


@router.put(
    "/v1/title-conventions",
    response_model=TitleConventionList,
    dependencies=[WRITE],
    responses=problems(),
    summary="Replace the title conventions (a new catalogue version when they change)",
)
async def replace_conventions(body: TitleConventionList, uow: UowDep) -> TitleConventionList:
    kept = await titles.replace_conventions(uow, conventions=[c.to_domain() for c in body.items])
    return TitleConventionList(items=[TitleConventionModel.of(c) for c in kept])
