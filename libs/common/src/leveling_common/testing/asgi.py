"""An ASGI app on a real uvicorn server inside the test's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import ASGIApp

from leveling_common.http.serving import KEEP_ALIVE_SECONDS

__all__ = ["serving"]


class _Server(uvicorn.Server):
    # The test runner owns the signals; a served app must not take them over.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, *, port: int) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1:`port` until the block ends; yields its base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, timeout_keep_alive=KEEP_ALIVE_SECONDS
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
