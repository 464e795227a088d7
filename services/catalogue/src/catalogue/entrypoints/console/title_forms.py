"""Editing the title conventions in the console: the whole list as lines of text, one
convention a line ("P | Member of Technical Staff | 4"), replaced through the same model and
use case as `PUT /v1/title-conventions`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from catalogue.domain.exceptions import CatalogueError
from catalogue.domain.titles import TitleConvention
from catalogue.entrypoints.console._forms import problems
from catalogue.schemas.titles import TitleConventionList
from catalogue.service_layer import titles
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import authorise, redirect_with

__all__ = ["TitleForms", "as_lines"]

WRITE = "catalogue:write"
PAGE = "/console/titles"
_MAX_LINES = 2000


def as_lines(conventions: list[TitleConvention]) -> str:
    """The conventions as the form shows them, so saving the form unchanged changes nothing."""
    return "\n".join(
        f"{c.track} | {c.phrase} | {'' if c.rank is None else c.rank}" for c in conventions
    )


class _LineError(ValueError):
    pass


def _item(number: int, line: str) -> dict[str, str | None]:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 3:
        raise _LineError(f"line {number}: write track | phrase | rank, not {line.strip()!r}")
    track, phrase, rank = parts
    return {"track": track.upper(), "phrase": phrase, "rank": rank or None}


class TitleForms:
    """POST /console/titles: replace the conventions; errors come back as the page's flash."""

    def __init__(self, console: Console, uow: Callable[[], UnitOfWork]) -> None:
        self.console = console
        self.uow = uow

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)
        router.add_api_route("/titles", self.save, methods=["POST"])
        return router

    async def save(
        self, request: Request, conventions: Annotated[str, Form(max_length=200_000)] = ""
    ) -> Response:
        authorise(self.console, request, WRITE)
        lines = [(n, line) for n, line in enumerate(conventions.splitlines(), 1) if line.strip()]
        try:
            if len(lines) > _MAX_LINES:
                raise _LineError(f"at most {_MAX_LINES} conventions")
            items = [_item(number, line) for number, line in lines]
            wanted = TitleConventionList.model_validate({"items": items})
            kept = await titles.replace_conventions(
                self.uow(), conventions=[c.to_domain() for c in wanted.items]
            )
        except ValidationError as error:
            return redirect_with(PAGE, f"Not saved: {problems(error)}", error=True)
        except (_LineError, CatalogueError) as error:
            return redirect_with(PAGE, f"Not saved: {error}", error=True)
        return redirect_with(PAGE, f"Saved {len(kept)} title conventions.")
