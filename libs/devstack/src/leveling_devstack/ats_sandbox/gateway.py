"""The gateway in front of the sandbox's ATS APIs (Harvest `/v1`, `/v3`; `/ashby`; `/lever`).

Like the edge of the real service, it answers before the API sees a call when the service
is down, rate-limited or failing; it adds the rate-limit headers to every answer; and it
logs every raw call with its final status, so tests can count calls separately from
effects.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leveling_devstack.ats_sandbox.problems import problem_response
from leveling_devstack.ats_sandbox.state import Admission, CallRecord, utc_now_iso

if TYPE_CHECKING:
    from leveling_devstack.ats_sandbox.state import SandboxState

__all__ = ["AtsGateway"]

ATS_API_PREFIXES = ("/v1/", "/v3/", "/ashby/", "/lever/")
_REASONS = {
    "down": "The ATS is down for maintenance.",
    "fault": "Injected failure: the ATS could not handle this call.",
}


class AtsGateway:
    """ASGI middleware applying `SandboxState.admit()` to every ATS API call."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(ATS_API_PREFIXES):
            await self.app(scope, receive, send)
            return
        started, received_at = time.perf_counter(), utc_now_iso()
        chunks: list[bytes] = []
        status = 500
        admission = self.state.admit()
        extra_headers = _rate_headers(admission)

        async def receive_logged() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        recorded = False

        def record() -> None:
            nonlocal recorded
            if not recorded:
                recorded = True
                self.state.record_call(_call_record(scope, chunks, status, received_at, started))

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {**message, "headers": [*message.get("headers", []), *extra_headers]}
                # Record before the client can see the answer, so a test that reads the log
                # right after a response never misses (or, after a reset, inherits) a call.
                record()
            await send(message)

        try:
            if admission.allowed:
                await self.app(scope, receive_logged, send_with_headers)
            else:
                await _drain(receive_logged)
                await _refusal(admission)(scope, receive, send_with_headers)
        finally:
            record()


def _rate_headers(admission: Admission) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"x-ratelimit-limit", str(admission.limit).encode()),
        (b"x-ratelimit-remaining", str(admission.remaining).encode()),
    ]
    if admission.retry_after_s is not None:
        headers.append((b"retry-after", str(admission.retry_after_s).encode()))
    return headers


def _refusal(admission: Admission) -> ASGIApp:
    if admission.status == 429:
        return problem_response(429, "Rate limit exceeded; retry after the Retry-After delay.")
    detail = _REASONS.get(admission.reason, "Injected failure.")
    return problem_response(admission.status, detail)


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _call_record(
    scope: Scope, chunks: list[bytes], status: int, received_at: str, started: float
) -> CallRecord:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    return CallRecord(
        method=str(scope["method"]),
        path=str(scope["path"]),
        query=bytes(scope.get("query_string", b"")).decode("latin-1"),
        headers=headers,
        body=b"".join(chunks).decode("utf-8", errors="replace"),
        status=status,
        received_at=received_at,
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )
