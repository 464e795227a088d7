"""Multipart uploads read with a byte limit while they stream in, never whole first (the API's
import endpoints and the console's upload page share this)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from catalogue.domain.exceptions import InvalidData, TooLarge

__all__ = ["MAX_BATCH_BYTES", "UploadedFile", "read_uploaded_files"]

# One batch of documents (or a zip of them), and what a zip may unpack to.
MAX_BATCH_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UploadedFile:
    name: str
    data: bytes


async def read_uploaded_files(request: Request, *, field: str, limit: int) -> list[UploadedFile]:
    """The files of the multipart `field`; more than `limit` bytes in all is refused."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidData("send the files as multipart/form-data", field="content-type")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the upload is {declared} bytes; at most {limit} are accepted")
    parser = MultiPartParser(request.headers, _limited(request, limit))
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidData(f"the multipart body cannot be read ({exc})", field="body") from exc
    try:
        uploads = [part for part in form.getlist(field) if isinstance(part, UploadFile)]
        if not uploads:
            raise InvalidData(f"no file in a part named {field!r}", field=field)
        return [
            UploadedFile(upload.filename or f"{field}[{index}]", await upload.read())
            for index, upload in enumerate(uploads, start=1)
        ]
    finally:
        await form.close()


async def _limited(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body's chunks, stopping as soon as they add up to more than `limit`."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise TooLarge(f"the upload exceeds {limit} bytes")
        yield chunk
