"""The catalogue's domain exceptions as problem+json, and its error statuses in OpenAPI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from catalogue.domain.exceptions import (
    AlreadyExists,
    BatchDocumentError,
    Conflict,
    DocumentFormatError,
    InvalidData,
    NotFound,
    TooLarge,
)
from catalogue.schemas.sheets import SheetCellError
from leveling_common.http import ProblemFor, install_problem_table, problem_responses

__all__ = ["install_domain_handlers", "problems"]

_TYPE = "https://leveling.dev/problems/"

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
    return problem_responses(_DESCRIPTIONS, 401, 403, 422, *statuses)


def _where_in_document(exc: Exception) -> dict[str, Any]:
    assert isinstance(exc, DocumentFormatError)
    return {"expected": exc.expected, "line": exc.line, "found": exc.found}


def _where_in_batch(exc: Exception) -> dict[str, Any]:
    assert isinstance(exc, BatchDocumentError)
    return {
        "file": exc.file,
        "line": exc.line,
        "expected": exc.expected,
        "found": exc.found,
        "field": exc.field,
    }


def _where_in_workbook(exc: Exception) -> dict[str, Any]:
    assert isinstance(exc, SheetCellError)
    return {"sheet": exc.sheet, "row": exc.row, "column": exc.column}


def _field(exc: Exception) -> dict[str, Any]:
    assert isinstance(exc, InvalidData)
    return {"field": exc.field} if exc.field else {}


_PROBLEMS: dict[type[Exception], ProblemFor] = {
    DocumentFormatError: ProblemFor(
        422,
        "Not a profile document in the expected format",
        _TYPE + "profile-document-format",
        extra=_where_in_document,
    ),
    BatchDocumentError: ProblemFor(
        422,
        "A document of the batch cannot be imported",
        _TYPE + "profile-document-batch",
        extra=_where_in_batch,
    ),
    SheetCellError: ProblemFor(
        422,
        "A cell of the workbook cannot be imported",
        _TYPE + "workbook-cell",
        extra=_where_in_workbook,
    ),
    InvalidData: ProblemFor(422, "Invalid catalogue data", _TYPE + "invalid-data", extra=_field),
    NotFound: ProblemFor(404, "Not found", _TYPE + "not-found"),
    AlreadyExists: ProblemFor(409, "Already exists", _TYPE + "already-exists"),
    Conflict: ProblemFor(409, "Conflict", _TYPE + "conflict"),
    TooLarge: ProblemFor(413, "Too large", _TYPE + "too-large"),
}


def install_domain_handlers(app: FastAPI) -> None:
    install_problem_table(app, _PROBLEMS)
