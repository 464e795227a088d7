"""The generic signed-webhook channel (Standard Webhooks, ATS.md "Outbound webhooks")."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from notifier.adapters.http_outcome import failure_from_response, failure_from_transport
from notifier.domain.exceptions import DeliveryFailed
from notifier.service_layer.ports import Dispatch

__all__ = ["WebhookSender", "sign", "signing_key"]

EVENT_TYPE = "com.leveling.decision.made.v1"


def signing_key(secret: str) -> bytes:
    """Standard Webhooks secrets look like `whsec_<base64>`; other secrets are used as-is."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def sign(key: bytes, *, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return f"v1,{base64.b64encode(digest).decode()}"


class WebhookSender:
    """Posts the decision to one URL; `webhook-id` is the delivery id, stable across retries."""

    def __init__(
        self,
        *,
        url: str,
        secret: str,
        http: httpx.AsyncClient,
        timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._url = url
        self._key = signing_key(secret)
        self._http = http
        self._timeout_s = timeout_s
        self._clock = clock

    def body(self, dispatch: Dispatch) -> bytes:
        document: dict[str, Any] = {
            "type": EVENT_TYPE,
            "timestamp": dispatch.decision.decided_at.isoformat(),
            "data": json.loads(dispatch.document),
        }
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()

    async def send(self, dispatch: Dispatch) -> None:
        body = self.body(dispatch)
        message_id = dispatch.delivery.id
        timestamp = int(self._clock())
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(
                self._key, message_id=message_id, timestamp=timestamp, body=body
            ),
        }
        what = "POST webhook"
        try:
            response = await self._http.post(
                self._url, content=body, headers=headers, timeout=self._timeout_s
            )
        except httpx.HTTPError as error:
            raise DeliveryFailed(failure_from_transport(error, what=what)) from error
        if not response.is_success:
            raise DeliveryFailed(failure_from_response(response, what=what))
