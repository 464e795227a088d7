"""Service commands run as real child processes in tests: started, awaited, stopped."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Mapping, Sequence

import httpx

__all__ = ["child_process", "first_answer", "ready_answer", "terminate"]


@contextlib.asynccontextmanager
async def child_process(
    command: Sequence[str], env: Mapping[str, str]
) -> AsyncIterator[asyncio.subprocess.Process]:
    """The command running; killed on the way out if the test did not stop it."""
    process = await asyncio.create_subprocess_exec(*command, env=dict(env))
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def terminate(process: asyncio.subprocess.Process, *, seconds: float = 30.0) -> int:
    """SIGTERM, as an orchestrator stops a process, and its exit code."""
    process.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(process.wait(), timeout=seconds)


async def ready_answer(http: httpx.AsyncClient, *, seconds: float = 60.0) -> httpx.Response:
    """`/readyz` once it answers 200 (a worker is ready only when its partitions are)."""
    async with asyncio.timeout(seconds):
        while True:
            response = await first_answer(http, "/readyz", seconds=seconds)
            if response.status_code == 200:
                return response
            await asyncio.sleep(0.1)


async def first_answer(
    http: httpx.AsyncClient, path: str, *, seconds: float = 30.0
) -> httpx.Response:
    """The first response from `path`, retrying while nothing listens yet."""
    async with asyncio.timeout(seconds):
        while True:
            try:
                return await http.get(path)
            except httpx.TransportError:
                await asyncio.sleep(0.1)
