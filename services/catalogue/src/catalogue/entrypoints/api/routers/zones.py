"""Location zones, the default zone, and pay-transparency jurisdictions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from catalogue.domain.exceptions import InvalidData
from catalogue.entrypoints.api.deps import READ, WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.api.http_cache import etag_response
from catalogue.schemas.zones import JurisdictionModel, ZoneList, ZoneModel
from catalogue.service_layer import zones

__all__ = ["router"]

router = APIRouter(tags=["zones"])


class DefaultZone(BaseModel):
    code: Annotated[str | None, Field(max_length=32, description="null clears the default")]


def _same(path: str, body: str) -> None:
    if path != body:
        raise InvalidData(
            f"the code in the path ({path}) and the body ({body}) differ", field="code"
        )


@router.get(
    "/v1/zones",
    response_model=ZoneList,
    dependencies=[READ],
    responses=problems(304),
    summary="List location zones and the default zone",
)
async def list_zones(request: Request, uow: UowDep) -> Response:
    items, default = await zones.list_zones(uow)
    body = ZoneList(default_zone=default, items=[ZoneModel.of(z) for z in items])
    return etag_response(request, body)


@router.get(
    "/v1/zones/resolve",
    response_model=ZoneModel,
    dependencies=[READ],
    responses=problems(404),
    summary="The zone a location pays in",
)
async def resolve_zone(
    uow: UowDep,
    country: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$")],
    region: Annotated[str | None, Query(max_length=64)] = None,
    city: Annotated[str | None, Query(max_length=200)] = None,
    remote: bool = False,
) -> ZoneModel:
    zone = await zones.resolve(uow, country=country, region=region, city=city, remote=remote)
    return ZoneModel.of(zone)


@router.put(
    "/v1/zones/default",
    response_model=DefaultZone,
    dependencies=[WRITE],
    responses=problems(404),
    summary="Set the zone used when no zone matches a location",
)
async def set_default_zone(body: DefaultZone, uow: UowDep) -> DefaultZone:
    await zones.set_default_zone(uow, code=body.code)
    return body


@router.get(
    "/v1/zones/{code}",
    response_model=ZoneModel,
    dependencies=[READ],
    responses=problems(304, 404),
    summary="One location zone",
)
async def get_zone(code: str, request: Request, uow: UowDep) -> Response:
    return etag_response(request, ZoneModel.of(await zones.get_zone(uow, code=code)))


@router.put(
    "/v1/zones/{code}",
    response_model=ZoneModel,
    dependencies=[WRITE],
    responses={**problems(), 201: {"model": ZoneModel, "description": "Created"}},
    summary="Create or replace a location zone",
)
async def put_zone(code: str, body: ZoneModel, uow: UowDep, response: Response) -> ZoneModel:
    _same(code, body.code)
    zone, created = await zones.put_zone(uow, zone=body.to_domain())
    response.status_code = 201 if created else 200
    return ZoneModel.of(zone)


@router.delete(
    "/v1/zones/{code}",
    status_code=204,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Delete a zone no draft or current band set uses",
)
async def delete_zone(code: str, uow: UowDep) -> Response:
    await zones.delete_zone(uow, code=code)
    return Response(status_code=204)


@router.get(
    "/v1/jurisdictions",
    response_model=list[JurisdictionModel],
    dependencies=[READ],
    responses=problems(),
    summary="Pay-transparency jurisdictions with their effective dates",
)
async def list_jurisdictions(uow: UowDep) -> list[JurisdictionModel]:
    return [JurisdictionModel.of(j) for j in await zones.list_jurisdictions(uow)]


@router.put(
    "/v1/jurisdictions/{code}",
    response_model=JurisdictionModel,
    dependencies=[WRITE],
    responses={**problems(), 201: {"model": JurisdictionModel, "description": "Created"}},
    summary="Create or replace a pay-transparency jurisdiction",
)
async def put_jurisdiction(
    code: str, body: JurisdictionModel, uow: UowDep, response: Response
) -> JurisdictionModel:
    _same(code, body.code)
    created = await zones.put_jurisdiction(uow, jurisdiction=body.to_domain())
    response.status_code = 201 if created else 200
    return body


@router.delete(
    "/v1/jurisdictions/{code}",
    status_code=204,
    dependencies=[WRITE],
    responses=problems(404),
    summary="Delete a pay-transparency jurisdiction",
)
async def delete_jurisdiction(code: str, uow: UowDep) -> Response:
    await zones.delete_jurisdiction(uow, code=code)
    return Response(status_code=204)
