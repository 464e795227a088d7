"""Catalogue read throughput against a real uvicorn server, relative to a bare FastAPI endpoint.

`run()` migrates and seeds a SQLite catalogue in a temporary directory, serves it with
uvicorn in a child process, and drives GET /v1/snapshot (full body and 304 revalidation)
and GET /v1/bands with concurrent keep-alive clients; a bare FastAPI app returning a tiny
JSON body is served and measured the same way in the same run, so the ratio says how much
the catalogue's own work costs. `python bench/bench_catalogue.py` prints the result as JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

TOKEN = "bench-admin-token-0123456789"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
WARMUP = 100
BAND_QUERY = {"profile": "CLINIC.CLINICALDC3A", "level": "M3", "zone": "US-NYC"}


def _serve(kind: str, port: int, database_url: str) -> None:
    """Child process: serve the catalogue or the bare app until terminated."""
    import uvicorn
    from fastapi import FastAPI

    if kind == "bare":
        app = FastAPI()

        @app.get("/bare")
        async def bare() -> dict[str, bool]:
            return {"ok": True}

    else:
        from catalogue.config import Settings
        from catalogue.entrypoints.api import create_app

        settings = Settings.model_validate(
            {"LEVELING_ADMIN_TOKEN": TOKEN, "database_url": database_url, "port": port}
        )
        app = create_app(settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _prepare(database_url: str) -> None:
    from alembic import command

    from catalogue.bootstrap import bootstrap
    from catalogue.config import Settings
    from catalogue.entrypoints.process import alembic_config
    from catalogue.seed import seed

    command.upgrade(alembic_config(database_url), "head")
    settings = Settings.model_validate(
        {"LEVELING_ADMIN_TOKEN": TOKEN, "database_url": database_url}
    )

    async def load() -> None:
        catalogue = bootstrap(settings)
        try:
            await seed(catalogue.uow)
        finally:
            await catalogue.close()

    asyncio.run(load())


@contextmanager
def _server(kind: str, database_url: str) -> Iterator[str]:
    from leveling_common.testing import free_port, wait_for_port

    port = free_port()
    child = subprocess.Popen(
        [sys.executable, __file__, "serve", kind, str(port), database_url],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, seconds=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=15)


async def _load(
    base_url: str, path: str, *, params: dict[str, str] | None = None, etag: bool = False
) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits) as client:
        first = await client.get(path, params=params)
        first.raise_for_status()
        if etag:
            client.headers["If-None-Match"] = first.headers["ETag"]
        expected = 304 if etag else 200
        for _ in range(WARMUP):
            await client.get(path, params=params)
        latencies: list[float] = []
        remaining = iter(range(REQUESTS))

        async def worker() -> None:
            for _ in remaining:
                started = time.perf_counter()
                response = await client.get(path, params=params)
                latencies.append(time.perf_counter() - started)
                if response.status_code != expected:
                    raise RuntimeError(f"{path}: {response.status_code}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "body_bytes": len(first.content),
    }


def run() -> dict[str, Any]:
    """Measure the catalogue's snapshot and band look-up against a bare endpoint."""
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as directory:
        database_url = f"sqlite+aiosqlite:///{Path(directory) / 'catalogue.db'}"
        _prepare(database_url)
        # The bare endpoint is measured before and after, so drift in machine load shows.
        with _server("bare", database_url) as bare_url:
            bare_before = asyncio.run(_load(bare_url, "/bare"))
            with _server("catalogue", database_url) as url:
                results = {
                    "snapshot": asyncio.run(_load(url, "/v1/snapshot")),
                    "snapshot_not_modified": asyncio.run(_load(url, "/v1/snapshot", etag=True)),
                    "band_lookup": asyncio.run(_load(url, "/v1/bands", params=BAND_QUERY)),
                }
            bare_after = asyncio.run(_load(bare_url, "/bare"))
    bare = {
        key: round((bare_before[key] + bare_after[key]) / 2, 2)
        for key in ("requests_per_s", "p50_ms", "p99_ms")
    }
    for result in results.values():
        result["ratio_to_bare"] = round(result["requests_per_s"] / bare["requests_per_s"], 3)
    return {
        "requests": REQUESTS,
        "concurrency": CONCURRENCY,
        "database": "sqlite",
        "bare_fastapi": bare,
        **results,
    }


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        _serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.stdout.write(json.dumps(run(), indent=2) + "\n")
