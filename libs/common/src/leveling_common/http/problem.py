"""RFC 9457 problem details: every error answer is `application/problem+json`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from leveling_common.logging import get_logger

__all__ = [
    "PROBLEM_JSON",
    "Problem",
    "ProblemError",
    "ProblemFor",
    "install_problem_handlers",
    "install_problem_table",
    "problem_response",
    "problem_responses",
]

PROBLEM_JSON = "application/problem+json"
_log = get_logger(__name__)


class Problem(BaseModel):
    """RFC 9457 problem details, the body of every error answer."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


def problem_responses(
    meanings: Mapping[int, str], *statuses: int
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for `statuses`, each described by `meanings`; error statuses
    carry a Problem body, others (304) none."""
    schema = Problem.model_json_schema()
    documented: dict[int | str, dict[str, Any]] = {}
    for status in sorted(statuses):
        documented[status] = {"description": meanings[status]}
        if status >= 400:
            documented[status]["content"] = {PROBLEM_JSON: {"schema": schema}}
    return documented


@dataclass(frozen=True)
class ProblemFor:
    """How one domain exception answers: its status, title and problem type; the detail
    is the exception's message unless `detail` says otherwise, and `extra` adds members."""

    status: int
    title: str
    type_: str = "about:blank"
    detail: Callable[[Exception], str] = str
    extra: Callable[[Exception], dict[str, Any]] = lambda _: {}
    headers: Mapping[str, str] = field(default_factory=dict)
    log_event: str | None = None


def install_problem_table(app: FastAPI, table: Mapping[type[Exception], ProblemFor]) -> None:
    """Answer each exception in `table` with its problem document. Starlette picks the
    handler by walking the exception's MRO, so a subclass's entry wins over its base's."""
    for exception, answer in table.items():
        app.add_exception_handler(exception, _answer_with(answer))


def _answer_with(answer: ProblemFor) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if answer.log_event is not None:
            _log.warning(answer.log_event, path=request.url.path, error=type(exc).__name__)
        return problem_response(
            status=answer.status,
            title=answer.title,
            detail=answer.detail(exc),
            type_=answer.type_,
            instance=request.url.path,
            headers=dict(answer.headers) or None,
            **answer.extra(exc),
        )

    return handle


class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self,
        *,
        status: int,
        title: str,
        detail: str | None = None,
        type_: str = "about:blank",
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.type_, self.headers, self.extra = type_, headers or {}, extra


def problem_response(
    *,
    status: int,
    title: str,
    detail: str | None = None,
    type_: str = "about:blank",
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": [str(part) for part in err.get("loc", ())], "message": err.get("msg", "")}
        for err in exc.errors()
    ]


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(
            status=exc.status,
            title=exc.title,
            detail=exc.detail,
            type_=exc.type_,
            instance=request.url.path,
            headers=exc.headers,
            **exc.extra,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"location": [], "message": "invalid request"}
        return problem_response(
            status=422,
            title="Request body or parameters are invalid",
            detail=f"{'.'.join(first['location'])}: {first['message']}",
            instance=request.url.path,
            errors=errors,
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(
            status=exc.status_code,
            title=str(exc.detail) if exc.detail else "HTTP error",
            instance=request.url.path,
            headers=dict(exc.headers or {}),
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        _log.error("unhandled_error", path=request.url.path, error=type(exc).__name__)
        return problem_response(
            status=500,
            title="Internal error",
            detail="The error was logged; retry later.",
            instance=request.url.path,
        )

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
