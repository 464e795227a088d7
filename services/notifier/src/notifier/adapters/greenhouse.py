"""Greenhouse Harvest: job custom-field write-back and user look-up (ATS.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import httpx

from notifier.adapters.ats_http import AtsHttp
from notifier.domain.decision import Decision, Person
from notifier.domain.delivery import Failure
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.summary import rationale, summarise
from notifier.service_layer.ports import Dispatch

__all__ = [
    "FieldMapping",
    "GreenhouseClient",
    "GreenhouseConnection",
    "GreenhouseWriteBack",
    "greenhouse_person",
    "writeback_body",
]

_LONG_TEXT_LIMIT = 20_000
_SHORT_TEXT_LIMIT = 255


@dataclass(frozen=True)
class FieldMapping:
    """The immutable keys of the job custom fields the write-back fills."""

    level: str = "level"
    pay_band: str = "pay_band"
    rationale: str = "level_rationale"


@dataclass(frozen=True)
class GreenhouseConnection:
    """One Greenhouse-compatible account: where, as whom, how, and into which fields.

    Harvest v3 (OAuth 2.0 bearer tokens) is the current API; v1 (Basic API keys, retired by
    Greenhouse on 2026-08-31) stays for accounts or proxies that still speak it.
    """

    base_url: str
    auth: httpx.Auth
    on_behalf_of: str
    api_version: Literal["v1", "v3"] = "v3"
    fields: FieldMapping = FieldMapping()
    timeout_s: float = 10.0


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def writeback_body(decision: Decision, fields: FieldMapping) -> dict[str, Any]:
    """`PATCH /v1/jobs/{id}` body: custom fields as an array, ranges as min/max/unit.

    A decision without a level or band clears the field, so the job never keeps a value
    from an older decision that no longer holds.
    """
    custom: list[dict[str, Any]] = []
    if decision.level:
        custom.append({"name_key": fields.level, "value": decision.level[:_SHORT_TEXT_LIMIT]})
    else:
        custom.append({"name_key": fields.level, "delete_value": "true"})
    if decision.band:
        custom.append(
            {
                "name_key": fields.pay_band,
                "min_value": _number(decision.band.min),
                "max_value": _number(decision.band.max),
                "unit": decision.band.currency,
            }
        )
    else:
        custom.append({"name_key": fields.pay_band, "delete_value": "true"})
    text = rationale(summarise(decision))[:_LONG_TEXT_LIMIT]
    custom.append({"name_key": fields.rationale, "value": text})
    return {"custom_fields": custom}


class GreenhouseClient:
    """The two Harvest calls the notifier makes."""

    def __init__(
        self,
        connection: GreenhouseConnection,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.connection = connection
        self._api = AtsHttp(
            http,
            base_url=connection.base_url,
            auth=connection.auth,
            timeout_s=connection.timeout_s,
            clock=clock,
        )

    async def edit_job(self, job_id: str, body: dict[str, Any], *, idempotency_key: str) -> None:
        headers = {"Idempotency-Key": idempotency_key}
        if self.connection.api_version == "v1":
            headers["On-Behalf-Of"] = self.connection.on_behalf_of
        await self._api.call(
            "PATCH",
            f"/{self.connection.api_version}/jobs/{job_id}",
            what=f"PATCH job {job_id}",
            json=body,
            headers=headers,
        )

    async def user(self, user_id: str) -> dict[str, Any]:
        path = f"/{self.connection.api_version}/users/{user_id}"
        response = await self._api.call("GET", path, what=f"GET user {user_id}")
        document = response.json()
        if not isinstance(document, dict):
            raise DeliveryFailed(Failure.transient(f"GET user {user_id}: not a JSON object"))
        return document


class GreenhouseWriteBack:
    """The ATS channel: level, pay band and rationale into the job's custom fields."""

    def __init__(self, client: GreenhouseClient) -> None:
        self._client = client

    async def send(self, dispatch: Dispatch) -> None:
        decision = dispatch.decision
        if not decision.external_id:
            raise DeliveryFailed(Failure.permanent("the decision names no Greenhouse job"))
        body = writeback_body(decision, self._client.connection.fields)
        await self._client.edit_job(
            decision.external_id, body, idempotency_key=dispatch.delivery.id
        )


async def greenhouse_person(client: GreenhouseClient, user_id: str) -> Person:
    """A Greenhouse user's name and primary (or first) email address."""
    document = await client.user(user_id)
    emails = [e for e in document.get("emails") or [] if isinstance(e, str)]
    email = document.get("primary_email_address") or (emails[0] if emails else None)
    if not email:
        raise DeliveryFailed(Failure.permanent(f"Greenhouse user {user_id} has no email"))
    name = document.get("name") or " ".join(
        part for part in (document.get("first_name"), document.get("last_name")) if part
    )
    return Person(external_user_id=user_id, name=name or None, email=str(email))
