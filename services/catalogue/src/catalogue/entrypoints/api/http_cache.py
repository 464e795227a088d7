"""ETags on reads: a strong tag over the body, and 304 when the client already has it."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

__all__ = ["etag_response"]


def _matches(request: Request, tag: str) -> bool:
    header = request.headers.get("if-none-match", "")
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return tag in candidates or "*" in candidates


def etag_response(
    request: Request, body: BaseModel | bytes, *, etag: str | None = None, status_code: int = 200
) -> Response:
    content = body if isinstance(body, bytes) else body.model_dump_json().encode()
    tag = f'"{etag or hashlib.sha256(content).hexdigest()[:32]}"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if _matches(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(
        content, status_code=status_code, media_type="application/json", headers=headers
    )
