"""Signed ATS webhooks, built and sent the way Greenhouse and Ashby send them.

Greenhouse signs the raw body with HMAC-SHA256 and sends `Signature: sha256 <hex>`; its
JSON escapes `<`, `>`, `&` and every non-ASCII character as `\\uXXXX` before signing, so a
receiver that re-serialises the JSON instead of hashing the raw bytes gets a different
digest. Ashby sends `Ashby-Signature: sha256=<hex>` over the raw body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [
    "ASHBY_USER_AGENT",
    "GREENHOUSE_USER_AGENT",
    "ashby_body",
    "ashby_request",
    "greenhouse_body",
    "greenhouse_json",
    "greenhouse_ping_body",
    "send_ashby_webhook",
    "send_greenhouse_webhook",
    "sign_ashby",
    "sign_greenhouse",
    "verify_ashby",
    "verify_greenhouse",
]

GREENHOUSE_USER_AGENT = "Greenhouse Webhooks (+https://developers.greenhouse.io)"
ASHBY_USER_AGENT = "Ashby-Webhooks/1.0"
_HTML_SENSITIVE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _digest(secret: str | bytes, body: bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def sign_greenhouse(secret: str | bytes, body: bytes) -> str:
    """The `Signature` header value: `sha256 <hex HMAC-SHA256 of the raw body>`."""
    return f"sha256 {_digest(secret, body)}"


def verify_greenhouse(secret: str | bytes, body: bytes, signature: str | None) -> bool:
    """True when `signature` is the Greenhouse signature of `body` (constant-time compare)."""
    return signature is not None and hmac.compare_digest(
        signature.encode(), sign_greenhouse(secret, body).encode()
    )


def sign_ashby(secret: str | bytes, body: bytes) -> str:
    """The `Ashby-Signature` header value: `sha256=<hex HMAC-SHA256 of the raw body>`."""
    return f"sha256={_digest(secret, body)}"


def verify_ashby(secret: str | bytes, body: bytes, signature: str | None) -> bool:
    """True when `signature` is the Ashby signature of `body` (constant-time compare)."""
    return signature is not None and hmac.compare_digest(
        signature.encode(), sign_ashby(secret, body).encode()
    )


def greenhouse_json(document: Any) -> bytes:
    """Serialise like Greenhouse: compact, non-ASCII and `<`, `>`, `&` as `\\uXXXX`."""
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    # Safe on the serialised text: these characters only ever occur inside JSON strings.
    for char, escaped in _HTML_SENSITIVE.items():
        text = text.replace(char, escaped)
    return text.encode("ascii")


def greenhouse_body(
    action: str, job: Mapping[str, Any], *, extra: Mapping[str, Any] | None = None
) -> bytes:
    """`{"action": ..., "payload": {"job": ..., **extra}}` as Greenhouse would send it.

    `extra` adds payload members next to the job, e.g. `approval_flow` for `job_approved`.
    """
    payload: dict[str, Any] = {"job": dict(job), **(extra or {})}
    return greenhouse_json({"action": action, "payload": payload})


def greenhouse_ping_body() -> bytes:
    """The ping Greenhouse sends when a webhook is saved."""
    return greenhouse_json({"action": "ping", "payload": {"web_hook_id": 1}})


def ashby_body(
    action: str, job: Mapping[str, Any], *, webhook_action_id: str | None = None
) -> bytes:
    """`{"webhookActionId": ..., "action": ..., "data": {"job": ...}}` as Ashby sends it."""
    document = {
        "webhookActionId": webhook_action_id or str(uuid.uuid4()),
        "action": action,
        "data": {"job": dict(job)},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


async def send_greenhouse_webhook(
    url: str,
    secret: str | bytes,
    action: str,
    job: Mapping[str, Any],
    event_id: str | None = None,
    *,
    extra: Mapping[str, Any] | None = None,
    client: httpx.AsyncClient | None = None,
    request_timeout_s: float = 10.0,
) -> httpx.Response:
    """POST a signed Greenhouse webhook for `job`; returns the receiver's response."""
    body = greenhouse_body(action, job, extra=extra)
    headers = {
        "Greenhouse-Event-ID": event_id or str(uuid.uuid4()),
        "Signature": sign_greenhouse(secret, body),
        "Content-Type": "application/json",
        "User-Agent": GREENHOUSE_USER_AGENT,
    }
    return await _post(url, body, headers, client=client, request_timeout_s=request_timeout_s)


async def send_ashby_webhook(
    url: str,
    secret: str | bytes,
    action: str,
    job: Mapping[str, Any],
    webhook_action_id: str | None = None,
    *,
    client: httpx.AsyncClient | None = None,
    request_timeout_s: float = 10.0,
) -> httpx.Response:
    """POST a signed Ashby webhook for `job`; returns the receiver's response."""
    body, headers = ashby_request(secret, action, job, webhook_action_id)
    return await _post(url, body, headers, client=client, request_timeout_s=request_timeout_s)


def ashby_request(
    secret: str | bytes, action: str, job: Mapping[str, Any], webhook_action_id: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a signed Ashby webhook for `job`, as Ashby sends them."""
    body = ashby_body(action, job, webhook_action_id=webhook_action_id)
    headers = {
        "Ashby-Signature": sign_ashby(secret, body),
        "Content-Type": "application/json",
        "User-Agent": ASHBY_USER_AGENT,
    }
    return body, headers


async def _post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    client: httpx.AsyncClient | None,
    request_timeout_s: float,
) -> httpx.Response:
    if client is not None:
        return await client.post(url, content=body, headers=headers, timeout=request_timeout_s)
    async with httpx.AsyncClient(timeout=request_timeout_s) as own:
        return await own.post(url, content=body, headers=headers)
