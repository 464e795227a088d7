"""The FastAPI application shell every service shares: health, readiness, metrics, errors."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.routing import Match

from leveling_common import metrics
from leveling_common.http.auth import TokenAuthority
from leveling_common.http.problem import install_problem_handlers, problem_response
from leveling_common.settings import BaseServiceSettings

__all__ = ["ReadinessCheck", "create_service_app"]

ReadinessCheck = Callable[[], Awaitable[None]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def _route_template(request: Request) -> str:
    # Label by template (/v1/jobs/{id}), never by raw path, to keep label cardinality bounded.
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is Match.FULL:
            return str(getattr(route, "path", request.url.path))
    return "unmatched"


async def _readiness(checks: Mapping[str, ReadinessCheck]) -> dict[str, str]:
    async def run(check: ReadinessCheck) -> str:
        try:
            await asyncio.wait_for(check(), timeout=3.0)
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
) -> FastAPI:
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

    @app.middleware("http")
    async def red_metrics(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)
        route = _route_template(request)
        metrics.HTTP_REQUESTS.labels(
            service, request.method, route, str(response.status_code)
        ).inc()
        metrics.HTTP_REQUEST_SECONDS.labels(service, request.method, route).observe(
            time.perf_counter() - started
        )
        return response

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
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True)
