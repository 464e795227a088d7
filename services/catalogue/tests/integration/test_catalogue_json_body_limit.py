"""JSON bodies are limited while they stream in (the shared service shell, so every service):
a catalogue write over the limit gets 413 problem+json whether it declares its length or
arrives in chunks, and the route never runs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

pytestmark = pytest.mark.integration
LIMIT = 64 * 1024


@pytest.fixture
async def client(migrated_url, make_catalogue, make_client) -> AsyncIterator[httpx.AsyncClient]:
    catalogue = make_catalogue(migrated_url, LEVELING_JSON_BODY_LIMIT_BYTES=LIMIT)
    async with make_client(catalogue) as http:
        yield http


def _oversized() -> bytes:
    return json.dumps({"code": "X", "name": "x" * (LIMIT + 10)}).encode()


async def test_a_declared_oversized_json_body_is_413_before_the_route_runs(client):
    answer = await client.put(
        "/v1/functions/X", content=_oversized(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert str(LIMIT) in answer.json()["detail"]


async def test_a_chunked_oversized_json_body_is_cut_while_it_streams(client):
    body = _oversized()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    answer = await client.put(
        "/v1/functions/X", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413


async def test_a_json_body_within_the_limit_reaches_the_route(client):
    answer = await client.put("/v1/functions/DATA", json={"code": "DATA", "name": "Data"})
    assert answer.status_code in (200, 201), answer.text
