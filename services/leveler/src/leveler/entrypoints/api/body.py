"""Reading webhook bodies: bounded before and while streaming, parsed only after verifying."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from leveling_common.http import ProblemError

__all__ = ["parse_json", "read_limited_body"]


def _too_large(limit: int) -> ProblemError:
    return ProblemError(
        status=413,
        title="Payload too large",
        detail=f"The body is limited to {limit} bytes.",
    )


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The raw body, refused with 413 as soon as it is known to exceed `limit` bytes.

    The declared Content-Length is checked first so an honest large request is refused
    without reading it; the stream is counted too, because the header can be absent (chunked)
    or lie.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ProblemError(status=400, title="Invalid Content-Length") from None
        if size > limit:
            raise _too_large(limit)
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise _too_large(limit)
    return bytes(received)


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProblemError(
            status=400, title="Malformed body", detail=f"The body is not JSON: {exc}"
        ) from None
