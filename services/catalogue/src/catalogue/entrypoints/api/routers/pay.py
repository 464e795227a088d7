"""Band look-ups and band sets (drafts, publication, impact)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from catalogue.entrypoints.api.deps import READ_PAY, WRITE, CatalogueDep, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.api.http_cache import etag_response
from catalogue.schemas.pay import (
    BandChangeOut,
    BandIn,
    BandLookupOut,
    BandSetIn,
    BandSetOut,
    BandSetPatch,
    BandSetSummary,
    ImpactOut,
)
from catalogue.service_layer import pay

__all__ = ["router"]

router = APIRouter(tags=["pay"])


@router.get(
    "/v1/bands",
    response_model=BandLookupOut,
    dependencies=[READ_PAY],
    responses=problems(304, 404),
    summary="The band in force for a profile, level and zone at an instant",
)
async def lookup_band(
    request: Request,
    catalogue: CatalogueDep,
    profile: Annotated[str, Query(max_length=64, examples=["CLINIC.CLINICALDC3A"])],
    level: Annotated[str, Query(pattern=r"^[MPSE][1-9][0-9]?$", examples=["M2"])],
    zone: Annotated[str, Query(max_length=32, examples=["US-NYC"])],
    at: Annotated[AwareDatetime | None, Query(description="Default: now")] = None,
) -> Response:
    found = await pay.lookup_band(
        catalogue.uow(),
        cache=catalogue.snapshot_cache,
        profile_code=profile,
        level=level,
        zone=zone,
        at=at,
    )
    body = BandLookupOut(
        **BandIn.of(found.band).model_dump(),
        band_set_id=found.band_set.id,
        band_set_name=found.band_set.name,
        effective_from=found.band_set.effective_from,
        effective_to=found.effective_to,
        source="profile" if found.source == "profile" else "baseline",
        derived=found.derived,
    )
    return etag_response(request, body)


@router.get(
    "/v1/band-sets",
    response_model=list[BandSetSummary],
    dependencies=[READ_PAY],
    responses=problems(),
    summary="Every band set, oldest first, without its bands",
)
async def list_band_sets(uow: UowDep) -> list[BandSetSummary]:
    return [BandSetSummary.of(b, until) for b, until in await pay.list_band_sets(uow)]


@router.post(
    "/v1/band-sets",
    response_model=BandSetOut,
    status_code=201,
    dependencies=[WRITE],
    responses=problems(409),
    summary="Create a draft band set",
)
async def create_band_set(body: BandSetIn, uow: UowDep) -> BandSetOut:
    draft = await pay.create_draft(
        uow,
        band_set_id=body.id,
        name=body.name,
        effective_from=body.effective_from,
        bands=[b.to_domain() for b in body.bands],
        structure=body.structure(),
    )
    return BandSetOut.of_full(draft, None)


@router.get(
    "/v1/band-sets/{band_set_id}",
    response_model=BandSetOut,
    dependencies=[READ_PAY],
    responses=problems(304, 404),
    summary="A band set with its bands, its pay structure and every band they resolve to",
)
async def get_band_set(band_set_id: str, request: Request, uow: UowDep) -> Response:
    band_set, until = await pay.get_band_set(uow, band_set_id=band_set_id)
    resolved = await pay.effective(uow, band_set_id=band_set_id)
    return etag_response(request, BandSetOut.of_full(band_set, until, resolved))


@router.patch(
    "/v1/band-sets/{band_set_id}",
    response_model=BandSetOut,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Change a draft (a published set never changes: draft a new one)",
)
async def update_band_set(band_set_id: str, body: BandSetPatch, uow: UowDep) -> BandSetOut:
    draft = await pay.update_draft(
        uow,
        band_set_id=band_set_id,
        name=body.name,
        effective_from=body.effective_from,
        bands=None if body.bands is None else [b.to_domain() for b in body.bands],
        structure=body.structure(),
    )
    return BandSetOut.of_full(draft, None)


@router.delete(
    "/v1/band-sets/{band_set_id}",
    status_code=204,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Delete a draft",
)
async def delete_band_set(band_set_id: str, uow: UowDep) -> Response:
    await pay.delete_draft(uow, band_set_id=band_set_id)
    return Response(status_code=204)


@router.post(
    "/v1/band-sets/{band_set_id}/publish",
    response_model=BandSetOut,
    dependencies=[WRITE],
    responses=problems(404, 409),
    summary="Publish a draft; it supersedes the set in force from its effective date",
)
async def publish_band_set(band_set_id: str, uow: UowDep) -> BandSetOut:
    return BandSetOut.of_full(await pay.publish(uow, band_set_id=band_set_id), None)


@router.get(
    "/v1/band-sets/{band_set_id}/impact",
    response_model=ImpactOut,
    dependencies=[READ_PAY],
    responses=problems(404),
    summary="The bands a draft changes compared with the set in force, and by how much",
)
async def band_set_impact(band_set_id: str, uow: UowDep) -> ImpactOut:
    report = await pay.impact(uow, band_set_id=band_set_id)
    return ImpactOut(
        band_set_id=report.draft.id,
        compared_with=report.compared_with.id if report.compared_with else None,
        changes=[BandChangeOut.of(c) for c in report.changes],
        unchanged=report.unchanged,
    )
