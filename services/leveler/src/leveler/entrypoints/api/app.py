"""The leveler's FastAPI application, built on the shared service shell."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import exc as sa_exc

from leveler import __version__
from leveler.bootstrap import Container
from leveler.entrypoints.api import impact, replay, requisitions, webhooks
from leveler.entrypoints.console import install_console
from leveler.service_layer.errors import (
    ConcurrentUpdate,
    InvalidOverride,
    NotFound,
    NotReplayable,
)
from leveler.service_layer.queries import BadCursor
from leveling_common.http import ProblemFor, create_service_app, install_problem_table
from leveling_common.kafka import TransientError

__all__ = ["create_app"]


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


_UNAVAILABLE = ProblemFor(
    # 5xx, not 4xx: webhook senders (Ashby) retry only on server errors.
    503,
    "Temporarily unavailable",
    detail=lambda _: "A dependency is briefly unavailable; retry later.",
    headers={"Retry-After": "5"},
    log_event="request_failed_transiently",
)
_PROBLEMS: dict[type[Exception], ProblemFor] = {
    NotFound: ProblemFor(404, "Not found"),
    InvalidOverride: ProblemFor(422, "Invalid override"),
    NotReplayable: ProblemFor(409, "Not replayable"),
    BadCursor: ProblemFor(400, "Invalid cursor"),
    **dict.fromkeys(_TRANSIENT, _UNAVAILABLE),
}


def create_app(container: Container) -> FastAPI:
    app = create_service_app(
        service="leveler",
        version=__version__,
        settings=container.settings,
        readiness={
            "database": container.database_ready,
            "broker": container.broker_ready,
            "partitions": container.partitions.check,
        },
        description=_DESCRIPTION,
        openapi_tags=[
            {"name": "webhooks", "description": "Signed ATS webhooks."},
            {"name": "requisitions", "description": "Intake, decisions and overrides."},
        ],
    )
    app.state.container = container
    app.include_router(webhooks.router)
    app.include_router(requisitions.router)
    app.include_router(impact.router)
    app.include_router(replay.router)
    install_problem_table(app, _PROBLEMS)
    install_console(
        app,
        settings=container.settings,
        uow=container.uow,
        catalogue=container.catalogue,
        clock=container.clock,
    )
    return app
