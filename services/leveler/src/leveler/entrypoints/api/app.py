"""The leveler's FastAPI application, built on the shared service shell."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from leveler import __version__
from leveler.bootstrap import Container
from leveler.entrypoints.api import requisitions, webhooks
from leveler.entrypoints.console import install_console
from leveler.service_layer.errors import ConcurrentUpdate, InvalidOverride, NotFound
from leveler.service_layer.queries import BadCursor
from leveling_common.http import create_service_app, problem_response
from leveling_common.kafka import TransientError
from leveling_common.logging import get_logger

__all__ = ["create_app"]

_log = get_logger(__name__)

_DESCRIPTION = (
    "Intake of ATS requisitions (Greenhouse and Ashby webhooks, or the canonical JSON), "
    "their leveling decisions, human overrides and the review queue."
)
_TRANSIENT: tuple[type[Exception], ...] = (
    TransientError,
    ConcurrentUpdate,
    OSError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(
        status=404, title="Not found", detail=str(exc), instance=request.url.path
    )


async def _invalid_override(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(
        status=422, title="Invalid override", detail=str(exc), instance=request.url.path
    )


async def _bad_cursor(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(
        status=400, title="Invalid cursor", detail=str(exc), instance=request.url.path
    )


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    # 5xx, not 4xx: webhook senders (Ashby) retry only on server errors.
    _log.warning("request_failed_transiently", path=request.url.path, error=type(exc).__name__)
    return problem_response(
        status=503,
        title="Temporarily unavailable",
        detail="A dependency is briefly unavailable; retry later.",
        instance=request.url.path,
        headers={"Retry-After": "5"},
    )


def create_app(container: Container) -> FastAPI:
    app = create_service_app(
        service="leveler",
        version=__version__,
        settings=container.settings,
        readiness={"database": container.database_ready, "broker": container.broker_ready},
        description=_DESCRIPTION,
        openapi_tags=[
            {"name": "webhooks", "description": "Signed ATS webhooks."},
            {"name": "requisitions", "description": "Intake, decisions and overrides."},
        ],
    )
    app.state.container = container
    app.include_router(webhooks.router)
    app.include_router(requisitions.router)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(InvalidOverride, _invalid_override)
    app.add_exception_handler(BadCursor, _bad_cursor)
    for error in _TRANSIENT:
        app.add_exception_handler(error, _unavailable)
    install_console(
        app,
        settings=container.settings,
        uow=container.uow,
        catalogue=container.catalogue,
        clock=container.clock,
    )
    return app
