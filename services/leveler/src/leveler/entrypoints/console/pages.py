"""The leveler's console pages: the review queue, a requisition's history, overriding a level."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response

from leveler.config import Settings
from leveler.domain.normalise import html_to_text
from leveler.entrypoints.console import _reads
from leveler.metrics import count_decisions
from leveler.service_layer.catalogue import CatalogueSource
from leveler.service_layer.errors import LevelerError
from leveler.service_layer.overrides import OverrideCommand, override_history, override_level
from leveler.service_layer.unit_of_work import AbstractUnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import (
    authorise,
    install_filters,
    install_forbidden_page,
    nav_links,
    redirect_with,
)
from leveling_common.events import utc_now
from leveling_common.kafka import TransientError

__all__ = ["LevelerPages", "install_console"]

READ = "leveler:read"
WRITE = "leveler:write"
SERVICE_LABEL = "Leveler"
TEMPLATES = Path(__file__).with_name("templates")
STATUSES = ("needs_review", "unmatched", "overridden", "auto_approved")
QUEUE_SHOWN = 100
QueueStatus = Literal["needs_review", "unmatched", "overridden", "auto_approved"]


class LevelerPages:
    """Pages read through the service layer; the override form calls the same use case as
    `POST /v1/requisitions/{key}/override`."""

    def __init__(
        self,
        console: Console,
        *,
        uow: Callable[[], AbstractUnitOfWork],
        catalogue: CatalogueSource,
        clock: Callable[[], datetime],
        decisions_topic: str,
        notifier_console: str,
    ) -> None:
        self.console = console
        self.uow = uow
        self.catalogue = catalogue
        self.clock = clock
        self.decisions_topic = decisions_topic
        self.notifier_console = notifier_console

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)
        router.add_api_route("", self.queue, methods=["GET"], response_class=HTMLResponse)
        router.add_api_route("/requisitions/{key:path}/override", self.override, methods=["POST"])
        router.add_api_route(
            "/requisitions/{key:path}",
            self.requisition,
            methods=["GET"],
            response_class=HTMLResponse,
        )
        return router

    def _render(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        return self.console.render(request, template, context, active=SERVICE_LABEL)

    async def queue(self, request: Request, status: QueueStatus = "needs_review") -> Response:
        authorise(self.console, request, READ)
        queue = await _reads.newest_first(self.uow, status=status, show=QUEUE_SHOWN)
        return self._render(
            request,
            "queue.html",
            page_title="Review queue" if status == "needs_review" else "Decisions",
            statuses=STATUSES,
            status=status,
            queue=queue,
        )

    async def requisition(self, request: Request, key: str) -> Response:
        principal = authorise(self.console, request, READ)
        req = await _reads.requisition(self.uow(), key)
        versions = await _reads.history(self.uow(), key)
        if req is None and not versions:
            return self.console.render(
                request,
                "error.html",
                {"page_title": "Not found", "status": 404, "detail": f"No requisition {key!r}."},
                active=SERVICE_LABEL,
                status_code=404,
            )
        current = versions[0] if versions else None
        choices, catalogue_problem = await self._choices()
        return self._render(
            request,
            "requisition.html",
            page_title=req.data.title if req else key,
            key=key,
            req=req.data if req else None,
            description=html_to_text(req.data.description) if req else "",
            versions=versions,
            current=current,
            choices=choices,
            overrides=await override_history(self.uow(), key),
            catalogue_problem=catalogue_problem,
            can_override=principal.allows(WRITE),
            author=principal.name,
            deliveries_url=f"{self.notifier_console}/requisitions/{quote(key, safe=':')}",
        )

    async def _choices(self) -> tuple[dict[str, list[str]], str | None]:
        """Each profile's levels for the override form, or why they cannot be offered."""
        try:
            loaded = await self.catalogue.current()
        except TransientError:
            return {}, "The catalogue cannot be read right now, so the level cannot be changed."
        return {code: list(levels) for code, levels in loaded.tracks.items()}, None

    async def override(
        self,
        request: Request,
        key: str,
        level: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        by: Annotated[str, Form()] = "",
        profile: Annotated[str, Form()] = "",
        zone: Annotated[str, Form()] = "",
    ) -> Response:
        principal = authorise(self.console, request, WRITE)
        here = f"/console/requisitions/{quote(key, safe=':')}"
        # A person signed in through the company's provider is the author; only a shared
        # token's holder says who they are.
        fields = _override_fields(level, reason, principal.name or by)
        if fields is None:
            message = "Give the level, a reason (up to 2000 characters) and who decided."
            return redirect_with(here, message, error=True)
        try:
            loaded = await self.catalogue.current()
            decision = await override_level(
                self.uow(),
                loaded,
                OverrideCommand(
                    key,
                    *fields,
                    principal.subject,
                    profile=profile.strip()[:100] or None,
                    zone=zone.strip()[:100] or None,
                ),
                at=self.clock(),
                topic=self.decisions_topic,
            )
        except (LevelerError, TransientError) as error:
            return redirect_with(here, f"Not overridden: {error}", error=True)
        count_decisions([decision])
        version = decision.decision_version
        return redirect_with(here, f"Level set to {decision.level} (version {version}).")


def _override_fields(level: str, reason: str, by: str) -> tuple[str, str, str] | None:
    """The form's level, reason and author, within the limits the API's override body has."""
    fields = (level.strip(), reason.strip(), by.strip())
    limits = (20, 2000, 200)
    if all(0 < len(value) <= limit for value, limit in zip(fields, limits, strict=True)):
        return fields
    return None


def install_console(
    app: FastAPI,
    *,
    settings: Settings,
    uow: Callable[[], AbstractUnitOfWork],
    catalogue: CatalogueSource,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """Serve the leveler console under /console on `app` (sign-in included)."""
    nav = nav_links(settings, here=SERVICE_LABEL)
    console = Console(service="leveler", templates_dir=TEMPLATES, nav=nav)
    install_filters(console)
    console.install(app)
    install_forbidden_page(console, app, active=SERVICE_LABEL)
    pages = LevelerPages(
        console,
        uow=uow,
        catalogue=catalogue,
        clock=clock,
        decisions_topic=settings.decisions_topic,
        notifier_console=dict(nav)["Notifier"],
    )
    app.include_router(pages.router())
