"""Lever requisitions → canonical requisitions, read by polling `GET /v1/requisitions`.

Lever's webhooks carry no requisition events (ATS.md), so the only way to see a
requisition open or change is to list them. A requisition has no job description of its
own: its text is that of the postings linked to it by requisition code (`GET
/v1/postings`), then its text custom fields other than the ones the notifier writes. Every
field is read defensively, as for the other vendors: a field of an unexpected shape counts
as absent.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from leveler.adapters.ats import (
    PayloadError,
    as_mapping,
    pay_interval,
    pay_range,
    person,
    requisition,
    text,
)
from leveler.adapters.locations import parse_location
from leveler.service_layer.polling import PolledRequisition
from leveling_common.events import HiringTeam, PayRange, RequisitionData, requisition_key
from leveling_common.logging import get_logger

__all__ = ["SOURCE", "LeverRequisitions", "to_requisition"]

SOURCE = "lever"
# On hold is still a requisition someone will hire for, so it keeps its level and band.
_STATUSES = {"open": "open", "onhold": "open", "draft": "draft", "closed": "closed"}
_PAGE_SIZE = 100

_log = get_logger(__name__)


def _posted_range(row: Mapping[str, Any]) -> PayRange | None:
    band = row.get("compensationBand")
    if not isinstance(band, Mapping):
        return None
    interval = pay_interval(band.get("interval"))
    return pay_range(band.get("min"), band.get("max"), band.get("currency"), interval)


def _hiring_team(row: Mapping[str, Any]) -> HiringTeam:
    # Lever names the owner (the recruiter who runs the requisition) and a hiring manager,
    # both as user ids.
    recruiter, manager = person(row.get("owner")), person(row.get("hiringManager"))
    return HiringTeam(
        recruiters=[recruiter] if recruiter else [],
        hiring_managers=[manager] if manager else [],
    )


def _updated_at(row: Mapping[str, Any]) -> datetime | None:
    stamp = row.get("updatedAt")
    if isinstance(stamp, bool) or not isinstance(stamp, int | float):
        return None
    return datetime.fromtimestamp(stamp / 1000, tz=UTC)


def posting_text(posting: Mapping[str, Any]) -> str:
    """A posting's description, lists and closing, as the HTML Lever keeps them in."""
    content = posting.get("content")
    if not isinstance(content, Mapping):
        return ""
    parts = [text(content.get("descriptionHtml")) or text(content.get("description"))]
    for item in content.get("lists") or ():
        if isinstance(item, Mapping):
            heading = text(item.get("text"))
            parts += [f"<h3>{html.escape(heading)}</h3>" if heading else None]
            parts += [text(item.get("content"))]
    parts.append(text(content.get("closingHtml")) or text(content.get("closing")))
    return "\n".join(part for part in parts if part)


def _custom_text(row: Mapping[str, Any], own_fields: Collection[str]) -> list[str]:
    fields = row.get("customFields")
    if not isinstance(fields, Mapping):
        return []
    values = (text(value) for key, value in fields.items() if key not in own_fields)
    return [value for value in values if value]


def to_requisition(
    row: Mapping[str, Any], *, posting: str = "", own_fields: Collection[str] = ()
) -> RequisitionData:
    """The requisition, its text taken from its posting and its custom fields; `own_fields`
    are the custom fields the notifier writes, which say nothing about the job."""
    requisition_id = text(row.get("id"))
    if requisition_id is None:
        raise PayloadError("requisition.id is missing")
    status = str(row.get("status") or "open").lower()
    return requisition(
        {
            "requisition_key": requisition_key(SOURCE, requisition_id),
            "source_system": SOURCE,
            "external_id": requisition_id,
            "requisition_id": text(row.get("requisitionCode")),
            "title": text(row.get("name")) or "",
            "department": text(row.get("department")) or text(row.get("team")),
            "location": parse_location(text(row.get("location"))),
            "description": "\n".join([posting, *_custom_text(row, own_fields)]).strip(),
            "posted_range": _posted_range(row),
            "hiring_team": _hiring_team(row),
            "status": _STATUSES.get(status, "open"),
            "source_updated_at": _updated_at(row),
        }
    )


class LeverRequisitions:
    """Every requisition of a Lever account with its postings' text, page by page (Basic
    auth, key as user name)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        own_fields: Collection[str] = (),
    ) -> None:
        self._http = http
        self._base_url = f"{base_url.rstrip('/')}/v1"
        self._auth = httpx.BasicAuth(api_key, "")
        self._own_fields = frozenset(own_fields)

    async def _rows(self, path: str) -> AsyncIterator[Any]:
        offset: str | None = None
        while True:
            params = {"limit": str(_PAGE_SIZE), **({"offset": offset} if offset else {})}
            response = await self._http.get(
                f"{self._base_url}{path}", params=params, auth=self._auth
            )
            response.raise_for_status()
            page = as_mapping(response.json(), "the response")
            for row in page.get("data") or ():
                yield row
            offset = text(page.get("next"))
            if page.get("hasNext") is not True or offset is None:
                return

    async def _posting_texts(self) -> dict[str, str]:
        """Posting text by requisition code (a requisition's postings, joined)."""
        texts: dict[str, list[str]] = {}
        async for posting in self._rows("/postings"):
            if not isinstance(posting, Mapping):
                continue
            for code in posting.get("requisitionCodes") or ():
                texts.setdefault(str(code), []).append(posting_text(posting))
        return {code: "\n".join(parts) for code, parts in texts.items()}

    async def __aiter__(self) -> AsyncIterator[PolledRequisition]:
        postings = await self._posting_texts()
        async for row in self._rows("/requisitions"):
            try:
                mapping = as_mapping(row, "a requisition")
                posting = postings.get(text(mapping.get("requisitionCode")) or "", "")
                yield _polled(mapping, posting, self._own_fields)
            except PayloadError as exc:  # one malformed row must not hide the others
                _log.warning("lever_requisition_skipped", reason=str(exc))


def _polled(row: Mapping[str, Any], posting: str, own_fields: Collection[str]) -> PolledRequisition:
    data = to_requisition(row, posting=posting, own_fields=own_fields)
    # A version per change: the same row polled again is recognised as a repeat.
    version = text(row.get("updatedAt")) or "unversioned"
    return PolledRequisition(delivery_id=f"{data.external_id}@{version}", data=data)
