"""Job functions, role profiles and their levels."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from catalogue.domain.exceptions import InvalidData
from catalogue.entrypoints.api.deps import READ, WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.api.http_cache import etag_response
from catalogue.schemas.profiles import (
    FunctionModel,
    LevelIn,
    ProfileIn,
    ProfileOut,
    ProfilePage,
    ProfileSummary,
)
from catalogue.service_layer import profiles
from catalogue.service_layer.ports import ProfileFilter

__all__ = ["router"]

router = APIRouter(tags=["profiles"])
CodePath = Annotated[str, "profile code"]


def _same(path: str, body: str, what: str) -> None:
    if path != body:
        raise InvalidData(
            f"the {what} in the path ({path}) and the body ({body}) differ", field=what
        )


@router.get(
    "/v1/functions",
    response_model=list[FunctionModel],
    dependencies=[READ],
    responses=problems(),
    summary="List job functions",
)
async def list_functions(uow: UowDep) -> list[FunctionModel]:
    return [FunctionModel.of(f) for f in await profiles.list_functions(uow)]


@router.put(
    "/v1/functions/{code}",
    response_model=FunctionModel,
    dependencies=[WRITE],
    responses=problems(),
    summary="Create or rename a job function",
)
async def put_function(code: str, body: FunctionModel, uow: UowDep) -> FunctionModel:
    _same(code, body.code, "code")
    return FunctionModel.of(await profiles.put_function(uow, function=body.to_domain()))


@router.get(
    "/v1/profiles",
    response_model=ProfilePage,
    dependencies=[READ],
    responses=problems(304),
    summary="List role profiles (paginated, filterable)",
)
async def list_profiles(
    request: Request,
    uow: UowDep,
    function: Annotated[str | None, Query(max_length=64, description="Job function code")] = None,
    track: Annotated[str | None, Query(pattern=r"^[MPSE]$")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text in code, name or alias")
    ] = None,
    soc: Annotated[str | None, Query(max_length=16, description="SOC code prefix")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    where = ProfileFilter(function_code=function, track=track, query=q, soc_code=soc)
    page = await profiles.list_profiles(uow, where=where, limit=limit, offset=offset)
    body = ProfilePage(
        items=[ProfileSummary.of(p) for p in page.items],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )
    return etag_response(request, body)


@router.post(
    "/v1/profiles",
    response_model=ProfileOut,
    status_code=201,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Create a role profile",
)
async def create_profile(body: ProfileIn, uow: UowDep) -> ProfileOut:
    return ProfileOut.of(await profiles.create_profile(uow, profile=body.to_domain()))


@router.get(
    "/v1/profiles/{code}",
    response_model=ProfileOut,
    dependencies=[READ],
    responses=problems(304, 404),
    summary="A role profile with its levels, rubric and responsibilities",
)
async def get_profile(code: str, request: Request, uow: UowDep) -> Response:
    return etag_response(request, ProfileOut.of(await profiles.get_profile(uow, code=code)))


@router.put(
    "/v1/profiles/{code}",
    response_model=ProfileOut,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Replace a role profile",
)
async def replace_profile(code: str, body: ProfileIn, uow: UowDep) -> ProfileOut:
    _same(code, body.code, "code")
    return ProfileOut.of(await profiles.replace_profile(uow, profile=body.to_domain()))


@router.delete(
    "/v1/profiles/{code}",
    status_code=204,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Delete a role profile no draft or current band set uses",
)
async def delete_profile(code: str, uow: UowDep) -> Response:
    await profiles.delete_profile(uow, code=code)
    return Response(status_code=204)


@router.put(
    "/v1/profiles/{code}/levels/{level}",
    response_model=ProfileOut,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Add or replace one level of a profile",
)
async def put_level(code: str, level: str, body: LevelIn, uow: UowDep) -> ProfileOut:
    _same(level, body.code, "level")
    updated = await profiles.put_level(uow, profile_code=code, level=body.to_domain())
    return ProfileOut.of(updated)


@router.delete(
    "/v1/profiles/{code}/levels/{level}",
    response_model=ProfileOut,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Remove a level no draft or current band set uses",
)
async def delete_level(code: str, level: str, uow: UowDep) -> ProfileOut:
    return ProfileOut.of(await profiles.delete_level(uow, profile_code=code, level=level))
