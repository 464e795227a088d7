"""Editing a draft band set in the console: its name, start, differentials and rounding, and
one band or baseline at a time — through the API's patch model and the same use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from catalogue.domain.exceptions import CatalogueError
from catalogue.domain.pay import BandSet
from catalogue.entrypoints.console._forms import field_text, problems
from catalogue.schemas.pay import BandIn, BandSetPatch, BaselineIn
from catalogue.service_layer import pay
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.console import Console
from leveling_common.console.pages import authorise, redirect_with

__all__ = ["DraftForms"]

WRITE = "catalogue:write"
_AMOUNTS = ("min", "mid", "max")


def _differentials(text: str) -> dict[str, str]:
    """'US-NYC=120, GB=75' (commas or lines) -> {'US-NYC': '120', 'GB': '75'}."""
    pairs = [part.partition("=") for part in text.replace("\n", ",").split(",") if part.strip()]
    return {zone.strip().upper(): percent.strip() for zone, _, percent in pairs}


def _entries(band_set: BandSet, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The patch that sets (or, without amounts, removes) one band or baseline."""
    owner = (entry["function_code"], entry["profile_code"], entry["level"])
    if kind == "band":
        zone = entry["zone"]
        kept = [
            BandIn.of(b).model_dump(mode="json") for b in band_set.bands if b.key != (*owner, zone)
        ]
        field = "bands"
    else:
        entry.pop("zone", None)
        kept = [
            BaselineIn.of(b).model_dump(mode="json") for b in band_set.baselines if b.key != owner
        ]
        field = "baselines"
    if any(entry[amount] for amount in _AMOUNTS):
        kept.append(entry)
    return {field: kept}


class DraftForms:
    """POST /console/band-sets/{id}/details and /entries; errors come back as the flash."""

    def __init__(self, console: Console, uow: Callable[[], UnitOfWork]) -> None:
        self.console = console
        self.uow = uow

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console/band-sets/{band_set_id}", include_in_schema=False)
        router.add_api_route("/details", self.save_details, methods=["POST"])
        router.add_api_route("/entries", self.save_entry, methods=["POST"])
        return router

    async def _apply(self, band_set_id: str, patch_document: dict[str, Any]) -> str | None:
        """The draft with the patch applied, or what is wrong with it."""
        try:
            patch = BandSetPatch.model_validate(patch_document)
            bands = None if patch.bands is None else [b.to_domain() for b in patch.bands]
            await pay.update_draft(
                self.uow(),
                band_set_id=band_set_id,
                name=patch.name,
                effective_from=patch.effective_from,
                bands=bands,
                structure=patch.structure(),
            )
        except ValidationError as error:
            return problems(error)
        except CatalogueError as error:
            return str(error)
        return None

    async def save_details(
        self,
        request: Request,
        band_set_id: str,
        name: Annotated[str, Form()] = "",
        effective_from: Annotated[str, Form()] = "",
        differentials: Annotated[str, Form()] = "",
        round_to: Annotated[str, Form()] = "",
    ) -> Response:
        authorise(self.console, request, WRITE)
        here = f"/console/band-sets/{quote(band_set_id, safe='')}"
        document = {
            "name": name.strip(),
            "effective_from": effective_from.strip(),
            "differentials": _differentials(differentials),
            "round_to": round_to.strip() or None,
        }
        problem = await self._apply(band_set_id, document)
        if problem is not None:
            return redirect_with(here, f"Not saved: {problem}", error=True)
        return redirect_with(here, "Draft saved.")

    async def save_entry(self, request: Request, band_set_id: str) -> Response:
        authorise(self.console, request, WRITE)
        here = f"/console/band-sets/{quote(band_set_id, safe='')}"
        form = await request.form()

        kind = "band" if field_text(form, "kind") == "band" else "baseline"
        entry: dict[str, Any] = {
            "function_code": field_text(form, "function_code").upper(),
            "profile_code": field_text(form, "profile_code") or None,
            "level": field_text(form, "level").upper(),
            "zone": field_text(form, "zone").upper(),
            **{amount: field_text(form, amount) or None for amount in _AMOUNTS},
            "currency": field_text(form, "currency").upper(),
            "interval": field_text(form, "interval") or "year",
        }
        try:
            band_set, _ = await pay.get_band_set(self.uow(), band_set_id=band_set_id)
        except CatalogueError as error:
            return redirect_with(here, f"Not saved: {error}", error=True)
        removing = not any(entry[amount] for amount in _AMOUNTS)
        problem = await self._apply(band_set_id, _entries(band_set, kind, entry))
        if problem is not None:
            return redirect_with(here, f"Not saved: {problem}", error=True)
        owner = f"{entry['profile_code'] or entry['function_code']} {entry['level']}"
        done = "removed" if removing else "saved"
        return redirect_with(here, f"{kind.capitalize()} {owner} {done}.")
