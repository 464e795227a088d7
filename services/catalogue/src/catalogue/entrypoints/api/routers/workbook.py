"""The catalogue as a workbook: a template to fill, the catalogue exported, a filled one
imported (XLSX, or a zip of one CSV file per sheet)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from catalogue.adapters.workbook import read_workbook, write_csv_zip, write_xlsx
from catalogue.entrypoints.api.deps import READ, READ_PAY, WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.api.routers.exchange import DryRun
from catalogue.entrypoints.uploads import read_uploaded_files
from catalogue.schemas.exchange import ImportSummaryOut
from catalogue.schemas.sheet_export import to_sheets
from catalogue.schemas.sheet_import import from_sheets
from catalogue.schemas.sheets import SHEETS
from catalogue.service_layer import exchange

__all__ = ["MAX_WORKBOOK_BYTES", "router"]

router = APIRouter(tags=["exchange"])
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Format = Annotated[Literal["xlsx", "csv"], Query(description="xlsx, or csv: a zip of CSV files")]
ABOUT = (
    "Requisition leveling: the job architecture and pay structure as sheets.",
    "Fill one row per item; leave a sheet empty to keep what the catalogue has.",
    "Lists (aliases, cities, responsibilities, skills) take one item per line in the cell.",
    "Skills, SOC codes and sources: 'name | description', 'code | source', 'title | url'.",
    "Levels: one row per profile and level (M1.., P1..); years_min/years_max are numbers.",
    "Bands: one row per band set, profile (empty for the function baseline), level and zone.",
    "Bands are explicit overrides; the rest derive from the pay structure: Pay baselines",
    "(per function or profile and level) x Zone differentials (percent, 120 = x1.20) x the",
    "profile's Pay factor in the set, rounded half up to the band set's round_to. On",
    "publication, zones and profiles a set leaves out take the zone's differential and the",
    "profile's pay_factor, frozen from then on.",
    "Dates: YYYY-MM-DD; band set instants: ISO 8601 with a time zone (2027-01-01T00:00:00+00:00).",
    "Import: POST /v1/import/workbook (all or nothing; re-importing an export changes nothing);",
    "add ?dry_run=true to see what would change first.",
)
_UPLOAD: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


def _download(sheets: dict[str, list[list[str]]], fmt: str, name: str) -> Response:
    if fmt == "csv":
        body, media, suffix = write_csv_zip(sheets, SHEETS), "application/zip", "csv.zip"
    else:
        body, media, suffix = write_xlsx(sheets, SHEETS, about=ABOUT), XLSX, "xlsx"
    disposition = f'attachment; filename="{name}.{suffix}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get(
    "/v1/templates/workbook",
    dependencies=[READ],
    response_class=Response,
    responses={200: {"content": {XLSX: {}, "application/zip": {}}}},
    summary="An empty workbook to fill in: every sheet with its columns",
)
async def template(fmt: Format = "xlsx") -> Response:
    return _download({}, fmt, "catalogue-template")


@router.get(
    "/v1/export/workbook",
    dependencies=[READ_PAY],
    response_class=Response,
    responses={200: {"content": {XLSX: {}, "application/zip": {}}}},
    summary="The whole catalogue as a workbook (import it back with POST /v1/import/workbook)",
)
async def export_workbook(uow: UowDep, fmt: Format = "xlsx") -> Response:
    return _download(to_sheets(await exchange.export_catalogue(uow)), fmt, "catalogue")


@router.post(
    "/v1/import/workbook",
    response_model=ImportSummaryOut,
    dependencies=[WRITE],
    responses=problems(409, 413),
    openapi_extra=_UPLOAD,
    summary="Upsert a filled workbook (XLSX or a zip of CSV files; all or nothing)",
)
async def import_workbook(
    request: Request,
    uow: UowDep,
    dry_run: DryRun = False,
) -> ImportSummaryOut:
    (upload, *_) = await read_uploaded_files(request, field="file", limit=MAX_WORKBOOK_BYTES)
    content = from_sheets(read_workbook(upload.data, SHEETS))
    summary = await exchange.import_catalogue(uow, content=content, dry_run=dry_run)
    return ImportSummaryOut.of(summary)
