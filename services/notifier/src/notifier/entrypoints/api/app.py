"""The notifier's FastAPI application on the shared service shell."""

from __future__ import annotations

from collections.abc import Mapping

from aiokafka.errors import KafkaError
from fastapi import FastAPI

import notifier
from leveling_common.http import (
    ProblemFor,
    ReadinessCheck,
    create_ops_app,
    create_service_app,
    install_problem_table,
)
from leveling_common.settings import BaseServiceSettings
from notifier.adapters.dlq_replay import UnknownTopic
from notifier.bootstrap import Notifier
from notifier.domain.exceptions import DeliveryNotFound, NotRetryable
from notifier.entrypoints.api.routes import router
from notifier.entrypoints.console import install_console
from notifier.metrics import refresh_delivery_gauge
from notifier.service_layer.ports import DeliveryLedger, DlqReplayer

__all__ = ["app_for", "create_app", "ops_app_for"]


_DESCRIPTION = (
    "Writes leveling decisions back to the ATS and emails recruiters and hiring managers, "
    "exactly once per delivery. This API shows the delivery ledger, retries a delivery "
    "and replays dead-lettered events."
)


_NOT_FOUND = ProblemFor(404, "Not found")
_PROBLEMS: dict[type[Exception], ProblemFor] = {
    DeliveryNotFound: _NOT_FOUND,
    UnknownTopic: _NOT_FOUND,
    NotRetryable: ProblemFor(409, "Not retryable"),
    KafkaError: ProblemFor(
        503,
        "Broker unavailable",
        detail=lambda exc: type(exc).__name__,
        headers={"Retry-After": "5"},
    ),
}


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
    install_problem_table(app, _PROBLEMS)
    app.include_router(router)

    return app


def app_for(service: Notifier) -> FastAPI:
    """The API of a bootstrapped notifier, ready when its database and broker are."""
    app = create_app(
        settings=service.settings,
        ledger=service.ledger,
        replayer=service.replayer,
        readiness=service.readiness(),
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
        readiness=service.readiness(),
        before_metrics=lambda: refresh_delivery_gauge(service.ledger),
    )
