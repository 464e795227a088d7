"""Catalogue writes are limited per API token: past the limit a token gets 429 with
Retry-After, while reads and another token's writes are still served."""

from __future__ import annotations

import hashlib

import pytest

pytestmark = pytest.mark.integration
SCRIPT_TOKEN = "a-comp-teams-import-script-token-01"


async def test_a_tokens_writes_past_its_limit_get_429_and_others_are_served(
    migrated_url, make_catalogue, make_client
):
    digest = hashlib.sha256(SCRIPT_TOKEN.encode()).hexdigest()
    catalogue = make_catalogue(
        migrated_url,
        rate_limit="3/minute",
        LEVELING_API_TOKENS=f"{digest}=catalogue:read catalogue:write",
    )
    async with make_client(catalogue, SCRIPT_TOKEN) as script, make_client(catalogue) as admin:
        answers = [
            await script.put(f"/v1/functions/F{n}", json={"code": f"F{n}", "name": f"F {n}"})
            for n in range(4)
        ]
        read = await script.get("/v1/functions")
        other = await admin.put("/v1/functions/OPS", json={"code": "OPS", "name": "Operations"})

    assert all(a.status_code in (200, 201) for a in answers[:3]), answers
    refused = answers[3]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert read.status_code == 200
    assert {f["code"] for f in read.json()} >= {"F0", "F1", "F2"}
    assert "F3" not in {f["code"] for f in read.json()}
    assert other.status_code in (200, 201)
