"""Profile-document import, bulk export/import, and the snapshot the leveler reads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime, BaseModel

from catalogue.domain.exceptions import InvalidData
from catalogue.entrypoints.api.deps import READ_PAY, WRITE, CatalogueDep, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.api.http_cache import etag_response
from catalogue.schemas.exchange import CatalogueDocument, ImportSummaryOut
from catalogue.schemas.profiles import ProfileOut
from catalogue.service_layer import exchange, profiles
from catalogue.service_layer.snapshot import current_snapshot, snapshot_at
from leveling_common.http import ProblemError
from leveling_common.snapshot import CatalogueSnapshot

__all__ = ["DryRun", "router"]

DryRun = Annotated[
    bool, Query(description="Check everything and say what would change; apply nothing")
]

router = APIRouter(tags=["exchange"])
MAX_DOCUMENT_BYTES = 1024 * 1024

_DOCUMENT_EXAMPLE = (
    "Clinical Project Management — M1\nCLINIC.CLINICALDC3A.M1\n<focus description>\n"
    "Focus — Clinical Project Management\n...\nResponsibilities by level\n...\n"
    "Level guidelines\n| Level | Knowledge & Application | ... |\n...\nSkills\n...\n"
    "Provenance\n...\nLevel — M1 — Manager (Team Lead)\n...\nClassification mappings\n"
    "O*NET / SOC\n- code=11-9121source=jfm-factory.resolve\n"
)
_TEXT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {
                "schema": {"type": "string", "maxLength": MAX_DOCUMENT_BYTES},
                "example": _DOCUMENT_EXAMPLE,
            }
        },
    }
}


class DocumentImportOut(BaseModel):
    change: str
    level: str
    catalogue_version: str | None
    profile: ProfileOut


@router.post(
    "/v1/import/profile-document",
    response_model=DocumentImportOut,
    dependencies=[WRITE],
    responses=problems(409, 413),
    openapi_extra=_TEXT_BODY,
    summary="Import a role profile from its plain-text document (all or nothing, idempotent)",
)
async def import_profile_document(request: Request, uow: UowDep) -> DocumentImportOut:
    raw = await request.body()
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ProblemError(status=413, title="Document too large", detail="At most 1 MiB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidData("the document must be UTF-8 text", field="body") from exc
    result = await profiles.import_profile_document(uow, text=text)
    return DocumentImportOut(
        change=result.change,
        level=result.level,
        catalogue_version=result.catalogue_version,
        profile=ProfileOut.of(result.profile),
    )


@router.get(
    "/v1/export",
    response_model=CatalogueDocument,
    dependencies=[READ_PAY],
    responses=problems(304),
    summary="The whole catalogue as one JSON document (POST it to /v1/import)",
)
async def export_catalogue(request: Request, uow: UowDep) -> Response:
    content = await exchange.export_catalogue(uow)
    return etag_response(request, CatalogueDocument.of(content))


@router.post(
    "/v1/import",
    response_model=ImportSummaryOut,
    dependencies=[WRITE],
    responses=problems(409),
    summary="Upsert a catalogue document from /v1/export (all or nothing)",
)
async def import_catalogue(
    body: CatalogueDocument, uow: UowDep, dry_run: DryRun = False
) -> ImportSummaryOut:
    summary = await exchange.import_catalogue(uow, content=body.to_domain(), dry_run=dry_run)
    return ImportSummaryOut.of(summary)


@router.get(
    "/v1/snapshot",
    response_model=CatalogueSnapshot,
    dependencies=[READ_PAY],
    responses=problems(304, 404),
    summary="Everything the leveler needs; ETag = catalogue_version",
)
async def snapshot(
    request: Request,
    catalogue: CatalogueDep,
    at: Annotated[
        AwareDatetime | None,
        Query(description="The catalogue as it was at this instant (ISO 8601 with a zone)"),
    ] = None,
) -> Response:
    if at is None:
        version, body = await current_snapshot(catalogue.uow(), catalogue.snapshot_cache)
    else:
        version, body = await snapshot_at(catalogue.uow(), at)
    return etag_response(request, body, etag=version)
