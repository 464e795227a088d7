"""How a service process runs its main coroutine."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

import uvloop

__all__ = ["run"]

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to completion on uvloop.

    Every service is I/O bound on many small messages (HTTP, Kafka, SQL, SMTP); uvloop's
    event loop spends a fraction of the CPU the default one does per callback, and uvicorn
    picks it up for the servers that run inside the same loop.
    """
    return uvloop.run(main)
