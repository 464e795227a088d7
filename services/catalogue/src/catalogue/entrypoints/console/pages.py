"""The catalogue's console pages: profiles and levels, zones, band sets and their publication."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from catalogue.adapters.leveler_client import LevelerImpactClient, LevelerUnavailable
from catalogue.config import Settings
from catalogue.domain.exceptions import CatalogueError, NotFound
from catalogue.domain.pay import Band, BandSet, in_force
from catalogue.entrypoints.console._grid import band_grid, impact_grid, summarise
from catalogue.entrypoints.console.draft_forms import DraftForms
from catalogue.entrypoints.console.imports import ImportPages
from catalogue.entrypoints.console.place_forms import PlaceForms
from catalogue.entrypoints.console.profile_forms import ProfileForms
from catalogue.entrypoints.console.title_forms import TitleForms, as_lines
from catalogue.service_layer import pay, profiles, titles, zones
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import (
    authorise,
    install_filters,
    install_forbidden_page,
    nav_links,
    redirect_with,
)
from leveling_common.events import utc_now

__all__ = ["CataloguePages", "install_console"]

READ = "catalogue:read"
READ_PAY = "pay:read"
WRITE = "catalogue:write"
PAGE_SIZE = 100
TEMPLATES = Path(__file__).with_name("templates")
SERVICE_LABEL = "Catalogue"


class CataloguePages:
    """Each page reads through the service layer; the one action publishes a draft."""

    def __init__(
        self,
        console: Console,
        uow: Callable[[], UnitOfWork],
        leveler: LevelerImpactClient | None = None,
    ) -> None:
        self.console = console
        self.uow = uow
        self.leveler = leveler

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)

        def page(path: str, endpoint: Callable[..., Any]) -> None:
            router.add_api_route(path, endpoint, methods=["GET"], response_class=HTMLResponse)

        page("", self.profile_list)
        page("/profiles/{code}", self.profile_page)
        page("/zones", self.zone_list)
        page("/titles", self.title_list)
        page("/band-sets", self.band_set_list)
        page("/band-sets/{band_set_id}", self.band_set_page)
        router.add_api_route("/band-sets/{band_set_id}/publish", self.publish, methods=["POST"])
        return router

    def _render(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        return self.console.render(request, template, context, active=SERVICE_LABEL)

    def _not_found(self, request: Request, error: CatalogueError) -> HTMLResponse:
        return self.console.render(
            request,
            "error.html",
            {"page_title": "Not found", "status": 404, "detail": str(error)},
            active=SERVICE_LABEL,
            status_code=404,
        )

    async def profile_list(
        self,
        request: Request,
        q: Annotated[str, Query(max_length=200)] = "",
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        authorise(self.console, request, READ)
        where = ProfileFilter(query=q.strip() or None)
        page = await profiles.list_profiles(self.uow(), where=where, limit=PAGE_SIZE, offset=offset)
        functions = {f.code: f.name for f in await profiles.list_functions(self.uow())}
        return self._render(
            request,
            "profiles.html",
            page_title="Role profiles",
            section="profiles",
            page=page,
            functions=functions,
            q=q,
        )

    async def profile_page(self, request: Request, code: str) -> Response:
        principal = authorise(self.console, request, READ)
        try:
            profile = await profiles.get_profile(self.uow(), code=code)
        except NotFound as error:
            return self._not_found(request, error)
        functions = {f.code: f.name for f in await profiles.list_functions(self.uow())}
        return self._render(
            request,
            "profile.html",
            page_title=profile.name,
            section="profiles",
            profile=profile,
            function_name=functions.get(profile.function_code, profile.function_code),
            can_edit=principal.allows(WRITE),
        )

    async def zone_list(
        self, request: Request, edit: Annotated[str, Query(max_length=32)] = ""
    ) -> Response:
        principal = authorise(self.console, request, READ)
        zone_items, default_zone = await zones.list_zones(self.uow())
        return self._render(
            request,
            "zones.html",
            page_title="Location zones",
            section="zones",
            zones=zone_items,
            default_zone=default_zone,
            jurisdictions=await zones.list_jurisdictions(self.uow()),
            can_edit=principal.allows(WRITE),
            editing=next((z for z in zone_items if z.code == edit), None),
            edit_code=edit,
        )

    async def title_list(self, request: Request) -> Response:
        principal = authorise(self.console, request, READ)
        conventions = await titles.list_conventions(self.uow())
        return self._render(
            request,
            "titles.html",
            page_title="Title conventions",
            section="titles",
            conventions=conventions,
            lines=as_lines(conventions),
            can_edit=principal.allows(WRITE),
        )

    async def band_set_list(self, request: Request) -> Response:
        authorise(self.console, request, READ)
        authorise(self.console, request, READ_PAY)
        band_sets = await pay.list_band_sets(self.uow())
        current = in_force([b for b, _ in band_sets], utc_now())
        return self._render(
            request,
            "band_sets.html",
            page_title="Band sets",
            section="band-sets",
            band_sets=list(reversed(band_sets)),
            current_id=current.id if current else None,
        )

    async def band_set_page(self, request: Request, band_set_id: str) -> Response:
        authorise(self.console, request, READ)
        principal = authorise(self.console, request, READ_PAY)
        try:
            band_set, until = await pay.get_band_set(self.uow(), band_set_id=band_set_id)
            report = await pay.impact(self.uow(), band_set_id=band_set_id)
        except NotFound as error:
            return self._not_found(request, error)
        layout = await self._layout()
        return self._render(
            request,
            "band_set.html",
            page_title=band_set.name,
            section="band-sets",
            band_set=band_set,
            until=until,
            bands=band_grid(report.draft_bands, **layout),
            impact=report,
            changes=impact_grid(report.changes, **layout),
            summary=summarise(report.changes, unchanged=report.unchanged),
            can_publish=principal.allows(WRITE),
            **await self._requisitions_moved(band_set, report.draft_bands),
        )

    async def _requisitions_moved(self, band_set: BandSet, bands: Sequence[Band]) -> dict[str, Any]:
        """For a draft: the open requisitions it would move, as the leveler answers."""
        if band_set.status != "draft" or self.leveler is None:
            return {"moves": None, "moves_error": None}
        try:
            moves = await self.leveler.moves_for(band_set, bands=bands)
            return {"moves": moves, "moves_error": None}
        except LevelerUnavailable as error:
            return {"moves": None, "moves_error": str(error)}

    async def _layout(self) -> dict[str, Any]:
        """Zone order and profile names, so band grids read like the catalogue."""
        zone_items, _ = await zones.list_zones(self.uow())
        everything = ProfileFilter()
        page = await profiles.list_profiles(self.uow(), where=everything, limit=10_000, offset=0)
        return {
            "zone_order": [z.code for z in zone_items],
            "names": {p.code: p.name for p in page.items},
        }

    async def publish(self, request: Request, band_set_id: str) -> Response:
        authorise(self.console, request, WRITE)
        here = f"/console/band-sets/{quote(band_set_id, safe='')}"
        try:
            published = await pay.publish(self.uow(), band_set_id=band_set_id)
        except CatalogueError as error:
            return redirect_with(here, f"Not published: {error}", error=True)
        start = published.effective_from.date().isoformat()
        return redirect_with(here, f"Published {published.name}; in force from {start}.")


def install_console(
    app: FastAPI,
    *,
    settings: Settings,
    uow: Callable[[], UnitOfWork],
    leveler: LevelerImpactClient | None = None,
) -> None:
    """Serve the catalogue console under /console on `app` (sign-in included)."""
    console = Console(
        service="catalogue",
        templates_dir=TEMPLATES,
        nav=nav_links(settings, here=SERVICE_LABEL),
    )
    install_filters(console)
    console.install(app)
    install_forbidden_page(console, app, active=SERVICE_LABEL)
    app.include_router(CataloguePages(console, uow, leveler).router())
    app.include_router(ImportPages(console, uow).router())
    app.include_router(PlaceForms(console, uow).router())
    app.include_router(ProfileForms(console, uow).router())
    app.include_router(DraftForms(console, uow).router())
    app.include_router(TitleForms(console, uow).router())
