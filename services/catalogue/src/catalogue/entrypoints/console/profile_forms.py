"""Editing a role profile in the console — its name, description, title aliases and pay
factor, and each level's rubric, typical years and responsibilities — through the API's
models and the same use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from catalogue.domain.exceptions import CatalogueError
from catalogue.entrypoints.console._forms import field_text, problems
from catalogue.schemas.profiles import LevelIn, ProfileIn, level_in, profile_in
from catalogue.service_layer import profiles
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import authorise, redirect_with

__all__ = ["ProfileForms"]

WRITE = "catalogue:write"


class ProfileForms:
    """POST /console/profiles/{code}: the profile with the form's fields changed."""

    def __init__(self, console: Console, uow: Callable[[], UnitOfWork]) -> None:
        self.console = console
        self.uow = uow

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)
        router.add_api_route("/profiles/{code}", self.save, methods=["POST"])
        router.add_api_route("/profiles/{code}/levels/{level}", self.save_level, methods=["POST"])
        return router

    async def save(
        self,
        request: Request,
        code: str,
        name: Annotated[str, Form()] = "",
        description: Annotated[str, Form()] = "",
        aliases: Annotated[str, Form()] = "",
        pay_factor: Annotated[str, Form()] = "",
    ) -> Response:
        authorise(self.console, request, WRITE)
        here = f"/console/profiles/{quote(code, safe='')}"
        try:
            before = await profiles.get_profile(self.uow(), code=code)
            changes = {
                "name": name.strip(),
                "description": description.strip(),
                "aliases": [a.strip() for a in aliases.splitlines() if a.strip()],
                "pay_factor": pay_factor.strip() or None,
            }
            document = {**profile_in(before).model_dump(), **changes}
            after = ProfileIn.model_validate(document).to_domain()
            await profiles.replace_profile(self.uow(), profile=after)
        except ValidationError as error:
            return redirect_with(here, f"Not saved: {problems(error)}", error=True)
        except CatalogueError as error:
            return redirect_with(here, f"Not saved: {error}", error=True)
        return redirect_with(here, f"Profile {code} saved.")

    async def save_level(self, request: Request, code: str, level: str) -> Response:
        authorise(self.console, request, WRITE)
        here = f"/console/profiles/{quote(code, safe='')}"
        form = await request.form()

        try:
            before = (await profiles.get_profile(self.uow(), code=code)).level(level)
            rubric = {f: field_text(form, f"rubric_{f}") for f in _RUBRIC}
            changes = {
                "name": field_text(form, "name"),
                "scope": field_text(form, "scope"),
                "years_min": field_text(form, "years_min") or None,
                "years_max": field_text(form, "years_max") or None,
                "rubric": rubric,
                "responsibilities": [
                    r.strip()
                    for r in field_text(form, "responsibilities").splitlines()
                    if r.strip()
                ],
            }
            after = LevelIn.model_validate({**level_in(before).model_dump(), **changes})
            await profiles.put_level(self.uow(), profile_code=code, level=after.to_domain())
        except ValidationError as error:
            return redirect_with(here, f"{level} not saved: {problems(error)}", error=True)
        except CatalogueError as error:
            return redirect_with(here, f"{level} not saved: {error}", error=True)
        return redirect_with(here, f"Level {level} of {code} saved.")


_RUBRIC = ("knowledge", "complexity", "collaboration", "degree_years")
