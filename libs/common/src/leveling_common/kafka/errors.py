"""How the consumer loop treats a failure.

    Exception
    ├── PoisonRecord     the record can never be processed: dead-letter it and move on
    │   └── UndecodableRecord   not UTF-8 JSON, not a CloudEvent, unknown type, invalid data
    └── TransientError   the world is briefly broken (a dependency down): retry, never DLQ

Anything else a handler raises is a bug or an unforeseen case: it is retried a few times,
then the record that causes it is isolated and dead-lettered, so one bad record never stops
a partition and never crash-loops the service. Connection-level errors from the database,
HTTP clients and the OS are classified as transient.
"""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import exc as sa_exc

__all__ = ["PoisonRecord", "TransientError", "UndecodableRecord", "is_transient"]


class PoisonRecord(Exception):
    """Raised by a handler for a record that can never succeed."""


class UndecodableRecord(PoisonRecord):
    """The runtime could not turn the bytes into a known, valid CloudEvent."""


class TransientError(Exception):
    """Raised by a handler when a dependency is unavailable; the batch is retried."""


_TRANSIENT: tuple[type[BaseException], ...] = (
    TransientError,
    ConnectionError,
    TimeoutError,
    asyncio.TimeoutError,
    OSError,
    httpx.TransportError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    return isinstance(error, _TRANSIENT) and not isinstance(error, PoisonRecord)
