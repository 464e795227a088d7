"""Editing location zones and pay-transparency rules in the console, through the same models
and use cases as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from catalogue.domain.exceptions import CatalogueError
from catalogue.entrypoints.console._forms import problems
from catalogue.schemas.zones import JurisdictionModel, ZoneModel
from catalogue.service_layer import zones
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import authorise, redirect_with

__all__ = ["PlaceForms"]

WRITE = "catalogue:write"


class PlaceForms:
    """POST /console/zones and /console/jurisdictions: create or change one; errors come back
    as the zones page's flash."""

    def __init__(self, console: Console, uow: Callable[[], UnitOfWork]) -> None:
        self.console = console
        self.uow = uow

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)
        router.add_api_route("/zones", self.save, methods=["POST"])
        router.add_api_route("/jurisdictions", self.save_rule, methods=["POST"])
        return router

    async def save(
        self,
        request: Request,
        code: Annotated[str, Form()] = "",
        name: Annotated[str, Form()] = "",
        country: Annotated[str, Form()] = "",
        region: Annotated[str, Form()] = "",
        cities: Annotated[str, Form()] = "",
        remote: Annotated[str, Form()] = "",
        differential: Annotated[str, Form()] = "1",
    ) -> Response:
        authorise(self.console, request, WRITE)
        code = code.strip().upper()
        here = f"/console/zones?edit={quote(code, safe='')}" if code else "/console/zones"
        fields = {
            "code": code,
            "name": name.strip(),
            "country": country.strip().upper(),
            "region": region.strip().upper() or None,
            "cities": [
                c.strip().lower() for c in cities.replace("\n", ",").split(",") if c.strip()
            ],
            "remote": remote == "yes",
            "differential": differential.strip(),
        }
        try:
            zone = ZoneModel.model_validate(fields).to_domain()
            _, created = await zones.put_zone(self.uow(), zone=zone)
        except ValidationError as error:
            return redirect_with(here, f"Not saved: {problems(error)}", error=True)
        except CatalogueError as error:
            return redirect_with(here, f"Not saved: {error}", error=True)
        verb = "added" if created else "saved"
        return redirect_with("/console/zones", f"Zone {zone.code} {verb}.")

    async def save_rule(
        self,
        request: Request,
        code: Annotated[str, Form()] = "",
        name: Annotated[str, Form()] = "",
        country: Annotated[str, Form()] = "",
        region: Annotated[str, Form()] = "",
        city: Annotated[str, Form()] = "",
        effective_from: Annotated[str, Form()] = "",
        effective_to: Annotated[str, Form()] = "",
        covers_remote: Annotated[str, Form()] = "",
        forbids_open_ended: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
    ) -> Response:
        authorise(self.console, request, WRITE)
        fields = {
            "code": code.strip().upper(),
            "name": name.strip(),
            "country": country.strip().upper(),
            "region": region.strip().upper() or None,
            "city": city.strip().lower() or None,
            "effective_from": effective_from.strip(),
            "effective_to": effective_to.strip() or None,
            "covers_remote": covers_remote == "yes",
            "forbids_open_ended": forbids_open_ended == "yes",
            "note": note.strip(),
        }
        try:
            rule = JurisdictionModel.model_validate(fields).to_domain()
            created = await zones.put_jurisdiction(self.uow(), jurisdiction=rule)
        except ValidationError as error:
            return redirect_with("/console/zones", f"Rule not saved: {problems(error)}", error=True)
        except CatalogueError as error:
            return redirect_with("/console/zones", f"Rule not saved: {error}", error=True)
        verb = "added" if created else "saved"
        start = rule.effective_from.isoformat()
        return redirect_with("/console/zones", f"Rule {rule.code} {verb}; in force from {start}.")
