"""Many profile documents in one request: uploaded files or one zip, with a dry run."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from catalogue.adapters.document_files import documents_in_upload
from catalogue.entrypoints.api.deps import WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.entrypoints.uploads import MAX_BATCH_BYTES, read_uploaded_files
from catalogue.schemas.document_batch import DocumentBatchOut
from catalogue.service_layer import document_batch

__all__ = ["router"]

router = APIRouter(tags=["exchange"])
_MULTIPART_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Profile documents (UTF-8 text), or one zip of them",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/v1/import/profile-documents",
    response_model=DocumentBatchOut,
    dependencies=[WRITE],
    responses=problems(409, 413),
    openapi_extra=_MULTIPART_BODY,
    summary="Import many profile documents at once (all or nothing; dry run shows the changes)",
)
async def import_profile_documents(
    request: Request,
    uow: UowDep,
    dry_run: Annotated[bool, Query(description="Report the changes, apply nothing")] = False,
    prune: Annotated[
        bool, Query(description="Remove profiles of the batch's functions it does not describe")
    ] = False,
) -> DocumentBatchOut:
    uploads = await read_uploaded_files(request, field="files", limit=MAX_BATCH_BYTES)
    documents = [
        document
        for upload in uploads
        for document in documents_in_upload(upload.name, upload.data, max_unpacked=MAX_BATCH_BYTES)
    ]
    result = await document_batch.import_profile_documents(
        uow, documents, dry_run=dry_run, prune=prune
    )
    return DocumentBatchOut.of(result)
