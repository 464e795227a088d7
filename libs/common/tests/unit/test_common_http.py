"""The HTTP shell: scopes, problem+json answers, health endpoints."""

from __future__ import annotations

import hashlib
from typing import Annotated

import httpx
import pytest
from fastapi import Depends
from pydantic import BaseModel

from leveling_common.http import (
    PROBLEM_JSON,
    Principal,
    TokenAuthority,
    create_service_app,
    require_scope,
)
from leveling_common.settings import BaseServiceSettings

ADMIN = "admin-token-for-tests-0001"
READER = "reader-token-for-tests-002"


class Body(BaseModel):
    level: str


async def _ok() -> None:
    return None


async def _down() -> None:
    raise ConnectionError("db down")


def _app(ready: bool = True):
    digest = hashlib.sha256(READER.encode()).hexdigest()
    settings = BaseServiceSettings(
        LEVELING_ADMIN_TOKEN=ADMIN, LEVELING_API_TOKENS=f"{digest}=catalogue:read"
    )
    app = create_service_app(
        service="example",
        version="1",
        settings=settings,
        readiness={"database": _ok if ready else _down},
    )

    @app.post("/things", dependencies=[require_scope("catalogue:write")])
    async def write(body: Body) -> dict[str, str]:
        return {"level": body.level}

    @app.get("/things")
    async def read(
        principal: Annotated[Principal, require_scope("catalogue:read")],
    ) -> dict[str, str]:
        return {"who": principal.subject}

    @app.get("/things/{thing_id}")
    async def read_one(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    @app.get("/boom", dependencies=[Depends(lambda: 1 / 0)])
    async def boom() -> None:
        return None

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_a_write_without_a_token_is_401_problem_json(client):
    response = await client.post("/things", json={"level": "M3"})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["title"] == "Authentication required"


async def test_a_token_without_the_scope_is_403(client):
    response = await client.post(
        "/things", json={"level": "M3"}, headers={"Authorization": f"Bearer {READER}"}
    )
    assert response.status_code == 403
    assert "catalogue:write" in response.json()["detail"]


async def test_the_admin_token_holds_every_scope(client):
    headers = {"Authorization": f"Bearer {ADMIN}"}
    assert (await client.post("/things", json={"level": "M3"}, headers=headers)).status_code == 200
    assert (await client.get("/things", headers=headers)).json() == {"who": "admin"}


async def test_a_wrong_token_is_401(client):
    response = await client.get("/things", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


async def test_a_malformed_body_is_422_problem_saying_what_is_wrong(client):
    response = await client.post(
        "/things", json={"lvl": 3}, headers={"Authorization": f"Bearer {ADMIN}"}
    )
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"] == PROBLEM_JSON
    assert body["detail"].startswith("body.level")


async def test_an_unexpected_error_is_a_500_problem_without_a_traceback(client):
    response = await client.get("/boom")
    assert response.status_code == 500
    assert "Traceback" not in response.text
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_health_readiness_and_metrics(client):
    assert (await client.get("/healthz")).json()["status"] == "ok"
    assert (await client.get("/readyz")).json()["checks"] == {"database": "ok"}
    await client.get("/things")
    metrics = (await client.get("/metrics")).text
    assert 'leveling_http_requests_total{method="GET",route="/things"' in metrics


async def test_requests_are_counted_by_route_template_and_status(client):
    for thing in ("a", "b", "c"):
        await client.get(f"/things/{thing}")
    await client.get("/no/such/page")
    await client.get("/boom")
    metrics = (await client.get("/metrics")).text
    templated = 'method="GET",route="/things/{thing_id}",service="example",status="200"} 3.0'
    assert templated in metrics
    assert 'route="/things/a"' not in metrics
    assert 'route="unmatched",service="example",status="404"}' in metrics
    assert 'route="/boom",service="example",status="500"}' in metrics


async def test_readiness_fails_with_503_naming_the_failing_check():
    transport = httpx.ASGITransport(app=_app(ready=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failing: ConnectionError"}


def test_malformed_extra_tokens_are_refused():
    with pytest.raises(ValueError, match="LEVELING_API_TOKENS"):
        TokenAuthority(admin_token=ADMIN, api_tokens="abc=catalogue:read")
