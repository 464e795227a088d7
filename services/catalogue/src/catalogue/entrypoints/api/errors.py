"""Domain exceptions mapped to problem+json once, and the problem schema for OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from catalogue.domain.exceptions import (
    AlreadyExists,
    BatchDocumentError,
    Conflict,
    DocumentFormatError,
    InvalidData,
    NotFound,
    TooLarge,
)
from leveling_common.http import PROBLEM_JSON, problem_response

__all__ = ["Problem", "install_domain_handlers", "problems"]

_TYPE = "https://leveling.dev/problems/"


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


_DESCRIPTIONS = {
    304: "Not modified (the ETag in If-None-Match is current)",
    400: "Malformed request",
    401: "Missing or invalid bearer token",
    403: "The token lacks the scope this call needs",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "Body too large",
    422: "Invalid input",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses (plus 401/403/422 on every route)."""
    schema = Problem.model_json_schema()
    documented: dict[int | str, dict[str, Any]] = {}
    for status in sorted({401, 403, 422, *statuses}):
        if status == 304:
            documented[status] = {"description": _DESCRIPTIONS[status]}
            continue
        documented[status] = {
            "description": _DESCRIPTIONS[status],
            "content": {PROBLEM_JSON: {"schema": schema}},
        }
    return documented


def _handler(status: int, title: str, type_: str) -> Any:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        extra: dict[str, Any] = {}
        if isinstance(exc, DocumentFormatError):
            extra = {"expected": exc.expected, "line": exc.line, "found": exc.found}
        elif isinstance(exc, BatchDocumentError):
            extra = {"file": exc.file, "line": exc.line, "expected": exc.expected}
            extra |= {"found": exc.found, "field": exc.field}
        elif isinstance(exc, InvalidData) and exc.field:
            extra = {"field": exc.field}
        return problem_response(
            status=status,
            title=title,
            detail=str(exc),
            type_=_TYPE + type_,
            instance=request.url.path,
            **extra,
        )

    return handle


def install_domain_handlers(app: FastAPI) -> None:
    # Most specific first: Starlette picks the handler by walking the exception's MRO.
    app.add_exception_handler(
        DocumentFormatError,
        _handler(422, "Not a profile document in the expected format", "profile-document-format"),
    )
    app.add_exception_handler(
        BatchDocumentError,
        _handler(422, "A document of the batch cannot be imported", "profile-document-batch"),
    )
    app.add_exception_handler(InvalidData, _handler(422, "Invalid catalogue data", "invalid-data"))
    app.add_exception_handler(NotFound, _handler(404, "Not found", "not-found"))
    app.add_exception_handler(AlreadyExists, _handler(409, "Already exists", "already-exists"))
    app.add_exception_handler(Conflict, _handler(409, "Conflict", "conflict"))
    app.add_exception_handler(TooLarge, _handler(413, "Too large", "too-large"))
