"""The notifier's FastAPI application on the shared service shell."""

from __future__ import annotations

from collections.abc import Mapping

from aiokafka.errors import KafkaError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import notifier
from leveling_common.http import (
    ReadinessCheck,
    create_ops_app,
    create_service_app,
    problem_response,
)
from leveling_common.logging import get_logger
from leveling_common.settings import BaseServiceSettings
from notifier.adapters.dlq_replay import UnknownTopic
from notifier.bootstrap import Notifier
from notifier.domain.exceptions import DeliveryNotFound, NotRetryable
from notifier.entrypoints.api.routes import router
from notifier.entrypoints.console import install_console
from notifier.metrics import refresh_delivery_gauge
from notifier.service_layer.ports import DeliveryLedger, DlqReplayer

__all__ = ["app_for", "create_app", "ops_app_for"]

_log = get_logger(__name__)

_DESCRIPTION = (
    "Writes leveling decisions back to the ATS and emails recruiters and hiring managers, "
    "exactly once per delivery. This API shows the delivery ledger, retries a delivery "
    "and replays dead-lettered events."
)


def _install_error_mapping(app: FastAPI) -> None:
    async def not_found(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            status=404, title="Not found", detail=str(exc), instance=request.url.path
        )

    async def conflict(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            status=409, title="Not retryable", detail=str(exc), instance=request.url.path
        )

    async def broker_down(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            status=503,
            title="Broker unavailable",
            detail=type(exc).__name__,
            instance=request.url.path,
            headers={"Retry-After": "5"},
        )

    app.add_exception_handler(DeliveryNotFound, not_found)
    app.add_exception_handler(UnknownTopic, not_found)
    app.add_exception_handler(NotRetryable, conflict)
    app.add_exception_handler(KafkaError, broker_down)


def create_app(
    *,
    settings: BaseServiceSettings,
    ledger: DeliveryLedger,
    replayer: DlqReplayer,
    readiness: Mapping[str, ReadinessCheck],
) -> FastAPI:
    """The API over the given ports; the caller owns their lifecycle."""
    app = create_service_app(
        service="notifier",
        version=notifier.__version__,
        settings=settings,
        readiness=readiness,
        description=_DESCRIPTION,
        # The by-state gauge comes from the shared ledger, so any process can report it.
        before_metrics=lambda: refresh_delivery_gauge(ledger),
    )
    app.state.ledger = ledger
    app.state.replayer = replayer
    _install_error_mapping(app)
    app.include_router(router)

    return app


def app_for(service: Notifier) -> FastAPI:
    """The API of a bootstrapped notifier, ready when its database and broker are."""
    app = create_app(
        settings=service.settings,
        ledger=service.ledger,
        replayer=service.replayer,
        readiness={"database": service.database_ready, "broker": service.broker_ready},
    )
    install_console(
        app,
        settings=service.settings,
        ledger=service.ledger,
        replayer=service.replayer,
        engine=service.engine,
    )
    return app


def ops_app_for(service: Notifier) -> FastAPI:
    """Health and metrics of a `work` process: the ledger's gauge and the consumer's own."""
    return create_ops_app(
        service="notifier",
        version=notifier.__version__,
        settings=service.settings,
        readiness={"database": service.database_ready, "broker": service.broker_ready},
        before_metrics=lambda: refresh_delivery_gauge(service.ledger),
    )
