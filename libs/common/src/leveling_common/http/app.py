"""The FastAPI application shell every service shares: health, readiness, metrics, errors."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leveling_common import metrics
from leveling_common.http.auth import TokenAuthority
from leveling_common.http.body_limit import JsonBodyLimit
from leveling_common.http.oidc import install_oidc
from leveling_common.http.problem import install_problem_handlers, problem_response
from leveling_common.logging import get_logger
from leveling_common.settings import BaseServiceSettings

__all__ = ["NotReady", "ReadinessCheck", "create_service_app"]

_log = get_logger(__name__)

ReadinessCheck = Callable[[], Awaitable[None]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


class RedMetrics:
    """Rate, errors and duration per route template, as plain ASGI middleware.

    Labels use the template (/v1/jobs/{id}) the router matched, never the raw path, to keep
    label cardinality bounded. Plain ASGI rather than `@app.middleware`, which would run
    every request through an extra task and memory stream.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            route = str(getattr(scope.get("route"), "path", "") or "unmatched")
            method = str(scope.get("method", ""))
            metrics.HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
            metrics.HTTP_REQUEST_SECONDS.labels(self.service, method, route).observe(
                time.perf_counter() - started
            )


class NotReady(Exception):
    """A readiness check's failure whose message is written for operators (no secrets), so
    /readyz shows it rather than only the exception's type."""


async def _readiness(checks: Mapping[str, ReadinessCheck]) -> dict[str, str]:
    async def run(check: ReadinessCheck) -> str:
        try:
            await asyncio.wait_for(check(), timeout=3.0)
        except NotReady as exc:
            return f"failing: {exc}"
        except Exception as exc:  # readiness reports failures, it never raises them
            return f"failing: {type(exc).__name__}"
        return "ok"

    results = await asyncio.gather(*(run(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


def create_service_app(
    *,
    service: str,
    version: str,
    settings: BaseServiceSettings,
    readiness: Mapping[str, ReadinessCheck],
    lifespan: Lifespan | None = None,
    description: str = "",
    openapi_tags: list[dict[str, Any]] | None = None,
    before_metrics: Callable[[], Awaitable[None]] | None = None,
) -> FastAPI:
    """The shell of a service; `before_metrics` refreshes gauges read from shared state."""
    app = FastAPI(
        title=f"leveling {service}",
        version=version,
        description=description,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
    )
    app.state.token_authority = TokenAuthority(
        admin_token=settings.admin_token.get_secret_value(), api_tokens=settings.api_tokens
    )
    install_problem_handlers(app)
    install_oidc(app, settings.oidc(), admin_token=settings.admin_token.get_secret_value())

    app.add_middleware(JsonBodyLimit, max_bytes=settings.json_body_limit_bytes)
    app.add_middleware(RedMetrics, service=service)

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service, "version": version}

    @app.get("/readyz", tags=["operations"], summary="Database and broker are reachable")
    async def readyz() -> Response:
        results = await _readiness(readiness)
        if all(result == "ok" for result in results.values()):
            return Response(
                content=_json({"status": "ready", "checks": results}),
                media_type="application/json",
            )
        return problem_response(status=503, title="Not ready", checks=results)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics",
        response_class=PlainTextResponse,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
    )
    async def prometheus_metrics() -> Response:
        if before_metrics is not None:
            try:
                await before_metrics()
            except Exception as exc:  # stale numbers beat no metrics at all
                _log.warning("metrics_refresh_failed", error=repr(exc))
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True)
