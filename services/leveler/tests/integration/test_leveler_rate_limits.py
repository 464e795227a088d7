"""Per-source rate limits on the real leveler: a burst of 1,000 webhooks from one ATS is cut
at its limit while another ATS is served, every accepted webhook is decided, and an API
token's writes are limited the same way."""

import asyncio
import json
import time

import httpx
import pytest
from sqlalchemy import func, select

from leveler.adapters.tables import decisions

LIMIT = 40  # calls per source per minute: a burst of 1,000 goes well past it


@pytest.fixture
def database_url(postgres_url):
    """PostgreSQL only: SQLite has one writer, and concurrent intake there waits on its lock
    rather than on the rate limit this test is about."""
    return postgres_url


@pytest.fixture
def settings(settings):
    """The shared settings with a limit a burst of 1,000 goes well past."""
    return settings.model_copy(update={"rate_limit": f"{LIMIT}/minute"})


def _greenhouse(greenhouse_body, greenhouse_job, sign, job_id):
    body = greenhouse_body("job_created", greenhouse_job(job_id))
    return body, {
        "Content-Type": "application/json",
        "Signature": f"sha256 {sign(body)}",
        "Greenhouse-Event-ID": f"burst-{job_id}",
    }


def _ashby(sign, n):
    document = {
        "webhookActionId": f"7f7d5a3e-0000-4000-8000-{n:012d}",
        "action": "jobCreate",
        "data": {"job": {"id": f"job-{n}", "title": "Clinical Trial Manager", "status": "Open",
                         "location": {"id": "l", "name": "Raleigh, NC"}}},
    }  # fmt: skip
    body = json.dumps(document).encode()
    return body, {"Ashby-Signature": f"sha256={sign(body, 'ashby-webhook-secret')}"}


async def _decided(leveler):
    async with leveler.container.sessions() as session:
        return (await session.execute(select(func.count()).select_from(decisions))).scalar_one()


async def test_a_burst_from_one_ats_is_limited_while_another_is_served(
    leveler, greenhouse_body, greenhouse_job, sign, eventually
):
    bursts = [
        _greenhouse(greenhouse_body, greenhouse_job, sign, 5_000_000 + n) for n in range(1000)
    ]
    # A connection refused while the server's backlog is full under load is tried again (a
    # request that reached the server never is, so the limit still counts each call once).
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=100), retries=3)
    async with httpx.AsyncClient(base_url=leveler.url, transport=transport, timeout=30) as client:

        async def post(path, request):
            body, headers = request
            return await client.post(path, content=body, headers=headers)

        async def ashby_meanwhile():
            answers = []
            for n in range(5):
                await asyncio.sleep(0.1)
                answers.append(await post("/v1/webhooks/ashby", _ashby(sign, n)))
            return answers

        started = time.monotonic()
        burst = asyncio.gather(*(post("/v1/webhooks/greenhouse", r) for r in bursts))
        answers, ashby_answers = await asyncio.gather(burst, ashby_meanwhile())
        elapsed = time.monotonic() - started

    accepted = [a for a in answers if a.status_code == 202]
    limited = [a for a in answers if a.status_code == 429]
    assert len(accepted) + len(limited) == 1000
    assert elapsed < 60  # so the whole burst fell in one window of the limit
    assert len(accepted) == LIMIT
    assert all(int(a.headers["Retry-After"]) >= 1 for a in limited)
    assert limited[0].headers["content-type"] == "application/problem+json"
    assert [a.status_code for a in ashby_answers] == [202] * 5
    expected = len(accepted) + len(ashby_answers)
    assert await eventually(lambda: _at_least(leveler, expected), seconds=120)
    keys = {a.json()["requisition_key"] for a in accepted}
    async with httpx.AsyncClient(base_url=leveler.url) as client:
        token = {"Authorization": f"Bearer {leveler.settings.admin_token.get_secret_value()}"}
        for key in sorted(keys)[:: max(1, len(keys) // 20)]:
            found = await client.get(f"/v1/requisitions/{key}/decision", headers=token)
            assert found.status_code == 200, key


async def _at_least(leveler, count):
    return await _decided(leveler) >= count


def _canonical(n):
    return {
        "requisition_key": f"workday:R-{n}",
        "source_system": "workday",
        "external_id": f"R-{n}",
        "title": "Warehouse Associate",
        "description": "Pick and pack orders on the night shift.",
    }


async def test_writes_past_a_tokens_limit_are_refused_with_retry_after(api):
    async with api.client() as client:
        answers = [
            await client.post("/v1/requisitions", json=_canonical(n)) for n in range(LIMIT + 5)
        ]
        reader = await client.get("/v1/decisions", params={"status": "needs_review"})
    statuses = [a.status_code for a in answers]
    assert statuses == [202] * LIMIT + [429] * 5
    assert "Retry-After" in answers[statuses.index(429)].headers
    assert reader.status_code == 200  # reads are not limited
