"""Lever: requisition custom-field write-back and user look-up (ATS.md; Lever's API docs).

Lever's `PUT /v1/requisitions/{id}` replaces the requisition's writable fields, so the
write-back reads the requisition, sets our three custom fields beside the others, and puts
the whole of it back. The custom fields are text fields, by key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from notifier.adapters.ats_http import AtsHttp
from notifier.domain.decision import Decision, Person
from notifier.domain.delivery import Failure
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.summary import format_band, rationale, summarise
from notifier.service_layer.ports import Dispatch

__all__ = [
    "LeverClient",
    "LeverConnection",
    "LeverFields",
    "LeverWriteBack",
    "lever_person",
    "update_body",
]

# The fields a client sets with PUT; Lever keeps the rest (id, timestamps, hire counts).
WRITABLE = (
    "requisitionCode",
    "name",
    "status",
    "headcountTotal",
    "location",
    "team",
    "department",
    "hiringManager",
    "owner",
    "compensationBand",
    "employmentStatus",
)
_TEXT_LIMIT = 10_000


@dataclass(frozen=True)
class LeverFields:
    """The keys of the requisition custom fields (text) the write-back fills."""

    level: str = "level"
    pay_band: str = "pay_band"
    rationale: str = "level_rationale"


@dataclass(frozen=True)
class LeverConnection:
    base_url: str
    api_key: str
    fields: LeverFields = LeverFields()
    timeout_s: float = 10.0


def update_body(
    current: Mapping[str, Any], decision: Decision, fields: LeverFields
) -> dict[str, Any]:
    """The requisition as it is, with the decision in our custom fields; a decision
    without a level or band empties that field."""
    body = {name: current[name] for name in WRITABLE if name in current}
    custom = dict(current.get("customFields") or {})
    custom[fields.level] = decision.level or ""
    custom[fields.pay_band] = format_band(decision.band) if decision.band else ""
    custom[fields.rationale] = rationale(summarise(decision))[:_TEXT_LIMIT]
    body["customFields"] = custom
    return body


def _data(response: httpx.Response, *, what: str) -> dict[str, Any]:
    try:
        document = response.json()
    except ValueError as error:
        raise DeliveryFailed(Failure.transient(f"{what}: not JSON")) from error
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise DeliveryFailed(Failure.transient(f"{what}: no data object in the answer"))
    return data


class LeverClient:
    """The Lever calls the notifier makes (Basic auth, the key as user name)."""

    def __init__(self, connection: LeverConnection, http: httpx.AsyncClient) -> None:
        self.connection = connection
        self._api = AtsHttp(
            http,
            base_url=f"{connection.base_url.rstrip('/')}/v1",
            auth=httpx.BasicAuth(connection.api_key, ""),
            timeout_s=connection.timeout_s,
        )

    async def requisition(self, requisition_id: str) -> dict[str, Any]:
        what = f"GET requisition {requisition_id}"
        response = await self._api.call("GET", f"/requisitions/{requisition_id}", what=what)
        return _data(response, what=what)

    async def update_requisition(
        self, requisition_id: str, body: dict[str, Any], *, idempotency_key: str
    ) -> None:
        await self._api.call(
            "PUT",
            f"/requisitions/{requisition_id}",
            what=f"PUT requisition {requisition_id}",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )

    async def user(self, user_id: str) -> dict[str, Any]:
        what = f"GET user {user_id}"
        return _data(await self._api.call("GET", f"/users/{user_id}", what=what), what=what)


class LeverWriteBack:
    """The ATS channel for Lever requisitions."""

    def __init__(self, client: LeverClient) -> None:
        self._client = client

    async def send(self, dispatch: Dispatch) -> None:
        decision = dispatch.decision
        if not decision.external_id:
            raise DeliveryFailed(Failure.permanent("the decision names no Lever requisition"))
        current = await self._client.requisition(decision.external_id)
        body = update_body(current, decision, self._client.connection.fields)
        await self._client.update_requisition(
            decision.external_id, body, idempotency_key=dispatch.delivery.id
        )


async def lever_person(client: LeverClient, user_id: str) -> Person:
    """A Lever user's name and email."""
    document = await client.user(user_id)
    email = document.get("email")
    if not email or document.get("deactivatedAt"):
        raise DeliveryFailed(Failure.permanent(f"Lever user {user_id} has no active email"))
    name = document.get("name")
    return Person(external_user_id=user_id, name=str(name) if name else None, email=str(email))
