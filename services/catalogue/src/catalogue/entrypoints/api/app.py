"""The catalogue's FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from catalogue.bootstrap import Catalogue, bootstrap
from catalogue.config import Settings
from catalogue.entrypoints.api.errors import install_domain_handlers
from catalogue.entrypoints.api.routers import (
    currencies,
    document_batch,
    exchange,
    pay,
    profiles,
    titles,
    workbook,
    zones,
)
from catalogue.entrypoints.console import install_console
from leveling_common.http import create_service_app

__all__ = ["create_app"]

DESCRIPTION = """\
The job architecture and its pay: job functions, role profiles with their levels, rubric
and responsibilities, location zones, pay-transparency jurisdictions, and effective-dated
band sets (drafted, then published; a published set never changes).

Reads need the `catalogue:read` scope, pay data (bands, band sets, snapshot, export)
`pay:read`, writes `catalogue:write`. Errors are RFC 9457 problem+json.
"""

TAGS = [
    {"name": "profiles", "description": "Job functions, role profiles and levels"},
    {"name": "zones", "description": "Location zones and pay-transparency jurisdictions"},
    {"name": "pay", "description": "Band look-ups and band sets"},
    {"name": "exchange", "description": "Document import, bulk export/import, snapshot"},
]


def create_app(settings: Settings, *, catalogue: Catalogue | None = None) -> FastAPI:
    """The API over `catalogue` (built from `settings` when not given)."""
    owned = catalogue is None
    container = catalogue or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                await container.close()

    app = create_service_app(
        service="catalogue",
        version=version("leveling-catalogue"),
        settings=settings,
        readiness={"database": container.database_ready},
        lifespan=lifespan,
        description=DESCRIPTION,
        openapi_tags=TAGS,
    )
    app.state.catalogue = container
    install_domain_handlers(app)
    routers = (profiles, titles, zones, currencies, pay, exchange, document_batch, workbook)
    for module in routers:
        app.include_router(module.router)
    install_console(app, settings=settings, uow=container.uow, leveler=container.leveler)
    return app
