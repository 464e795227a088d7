"""Ashby: job custom-field write-back and user look-up (ATS.md; developers.ashbyhq.com).

Ashby's API is RPC over POST with the API key as the Basic user name. It answers most
refusals with HTTP 200 and `{"success": false, "errors": [...]}`, so a 200 is a success
only when the body says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from notifier.adapters.ats_http import AtsHttp
from notifier.domain.decision import Decision, Person
from notifier.domain.delivery import Failure
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.summary import rationale, summarise
from notifier.service_layer.ports import Dispatch

__all__ = [
    "AshbyClient",
    "AshbyConnection",
    "AshbyFields",
    "AshbyWriteBack",
    "ashby_person",
    "set_values_body",
]

# Ashby writes compensation intervals as a count and a unit.
_INTERVALS = {"hour": "1 HOUR", "day": "1 DAY", "week": "1 WEEK", "month": "1 MONTH"}
_LONG_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class AshbyFields:
    """The ids (uuids) of the job custom fields the write-back fills: a String field for the
    level, a CompensationRange field for the band, a LongText field for the rationale."""

    level: str
    pay_band: str
    rationale: str


@dataclass(frozen=True)
class AshbyConnection:
    base_url: str
    api_key: str
    fields: AshbyFields
    timeout_s: float = 10.0


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def set_values_body(decision: Decision, job_id: str, fields: AshbyFields) -> dict[str, Any]:
    """`customField.setValues` for one job; a decision without a level or band sets that
    field to null, so the job never keeps a value from an older decision."""
    band = decision.band
    pay_band = None
    if band is not None:
        pay_band = {
            "type": "compensation-range",
            "minValue": _number(band.min),
            "maxValue": _number(band.max),
            "currencyCode": band.currency,
            "interval": _INTERVALS.get(band.interval, "1 YEAR"),
        }
    text = rationale(summarise(decision))[:_LONG_TEXT_LIMIT]
    return {
        "objectId": job_id,
        "objectType": "Job",
        "values": [
            {"fieldId": fields.level, "fieldValue": decision.level or None},
            {"fieldId": fields.pay_band, "fieldValue": pay_band},
            {"fieldId": fields.rationale, "fieldValue": text},
        ],
    }


def _refusal(document: Any, *, what: str) -> Failure:
    errors = document.get("errors") if isinstance(document, dict) else None
    info = document.get("errorInfo") if isinstance(document, dict) else None
    said = "; ".join(str(e) for e in errors or ()) or str((info or {}).get("message") or "")
    return Failure.permanent(f"{what}: Ashby refused: {said or 'no reason given'}"[:400])


class AshbyClient:
    """The two Ashby calls the notifier makes."""

    def __init__(self, connection: AshbyConnection, http: httpx.AsyncClient) -> None:
        self.connection = connection
        self._api = AtsHttp(
            http,
            base_url=connection.base_url,
            auth=httpx.BasicAuth(connection.api_key, ""),
            timeout_s=connection.timeout_s,
        )

    async def _rpc(self, method: str, body: dict[str, Any], **kwargs: Any) -> Any:
        what = f"POST {method}"
        response = await self._api.call("POST", f"/{method}", what=what, json=body, **kwargs)
        try:
            document = response.json()
        except ValueError as error:
            raise DeliveryFailed(Failure.transient(f"{what}: not JSON")) from error
        if not isinstance(document, dict) or document.get("success") is not True:
            raise DeliveryFailed(_refusal(document, what=what))
        return document.get("results")

    async def set_values(self, body: dict[str, Any], *, idempotency_key: str) -> None:
        await self._rpc("customField.setValues", body, headers={"Idempotency-Key": idempotency_key})

    async def user(self, user_id: str) -> dict[str, Any]:
        results = await self._rpc("user.info", {"userId": user_id})
        if not isinstance(results, dict):
            raise DeliveryFailed(Failure.transient(f"user.info {user_id}: no user in the answer"))
        return results


class AshbyWriteBack:
    """The ATS channel for Ashby jobs: level, band and rationale into custom fields."""

    def __init__(self, client: AshbyClient) -> None:
        self._client = client

    async def send(self, dispatch: Dispatch) -> None:
        decision = dispatch.decision
        if not decision.external_id:
            raise DeliveryFailed(Failure.permanent("the decision names no Ashby job"))
        body = set_values_body(decision, decision.external_id, self._client.connection.fields)
        await self._client.set_values(body, idempotency_key=dispatch.delivery.id)


async def ashby_person(client: AshbyClient, user_id: str) -> Person:
    """An Ashby user's name and email."""
    document = await client.user(user_id)
    email = document.get("email")
    if not email:
        raise DeliveryFailed(Failure.permanent(f"Ashby user {user_id} has no email"))
    name = " ".join(
        str(part) for part in (document.get("firstName"), document.get("lastName")) if part
    )
    return Person(external_user_id=user_id, name=name or None, email=str(email))
