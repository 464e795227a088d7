"""One size limit for every JSON request body, enforced while the body streams in.

A declared `Content-Length` over the limit is refused before anything is read; a body that
arrives in chunks (no length, or a false one) is cut as soon as it passes the limit. Either
way the answer is 413 problem+json and the route never runs. Multipart uploads and signed
webhooks keep the limits their routes set.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leveling_common.http.problem import problem_response

__all__ = ["JsonBodyLimit"]


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media: bytes = value.split(b";")[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


class JsonBodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        # A JSON body is parsed whole anyway: read it here, stopping at the limit, and hand
        # the route the same bytes. (Failing inside the route's own read would surface as
        # a parse error, not as 413.)
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            status=413,
            title="Request body too large",
            detail=f"JSON bodies are limited to {self.max_bytes} bytes.",
        )
        await response(scope, receive, send)
