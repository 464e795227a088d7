"""The Lever connection: `work` polls a real HTTP server speaking Lever's requisitions and
postings API; new requisitions become decisions, repeated passes add nothing, a change adds
one version, and a change to the fields the notifier writes adds none."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from pydantic import SecretStr

pytestmark = pytest.mark.integration

API_KEY = "lever-test-key"
PAGE = 2  # the stub pages by two, so a pass has to follow `next`


def _row(number: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"req-{number}",
        "requisitionCode": f"CT-{number}",
        "name": "Clinical Trial Manager",
        "status": "open",
        "headcountTotal": 1,
        "location": "Boston, MA",
        "team": "Clinical Operations",
        "department": "Clinical Development",
        "hiringManager": "user-hm",
        "owner": "user-recruiter",
        "customFields": {"summary": "Lead 4 CRAs across 2 studies. 6+ years of trials."},
        "compensationBand": {
            "currency": "USD",
            "interval": "per-year-salary",
            "min": 120000,
            "max": 150000,
        },
        "createdAt": 1_763_000_000_000,
        "updatedAt": 1_763_000_000_000 + number,
    }
    return row | changes


class LeverStub:
    """Lever's `GET /v1/requisitions` with Basic auth and cursor paging, over real HTTP."""

    def __init__(self, rows: list[dict[str, Any]], postings: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.postings = postings
        self.passes = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                expected = "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()
                url = urlparse(self.path)
                if self.headers.get("Authorization") != expected:
                    return self._answer(401, {"code": "Unauthorized"})
                listed = {"/v1/requisitions": stub.rows, "/v1/postings": stub.postings}
                if url.path not in listed:
                    return self._answer(404, {"code": "NotFound"})
                rows = listed[url.path]
                offset = int(parse_qs(url.query).get("offset", ["0"])[0])
                stub.passes += offset == 0 and url.path == "/v1/requisitions"
                page = rows[offset : offset + PAGE]
                more = offset + PAGE < len(rows)
                body: dict[str, Any] = {"data": page, "hasNext": more}
                if more:
                    body["next"] = str(offset + PAGE)
                return self._answer(200, body)

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def lever() -> Iterator[LeverStub]:
    stub = LeverStub(
        [
            _row(1),
            _row(2, name="Director, Clinical Project Management", status="onHold"),
            {"name": "a row without an id is skipped, not fatal"},
        ],
        [
            {
                "id": "posting-1",
                "text": "Clinical Trial Manager",
                "requisitionCodes": ["CT-1"],
                "content": {
                    "descriptionHtml": "<p>Run two phase III studies end to end.</p>",
                    "lists": [{"text": "What you will do", "content": "<li>Lead 4 CRAs</li>"}],
                },
            }
        ],
    )
    yield stub
    stub.close()


@pytest.fixture
def settings(settings, lever):
    # Passes a fifth of a second apart, so the test sees several of them.
    return settings.model_copy(
        update={
            "lever_api_key": SecretStr(API_KEY),
            "lever_url": lever.url,
            "lever_poll_seconds": 0.2,
        }
    )


async def _history(client: httpx.AsyncClient, key: str) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/requisitions/{key}/decisions")
    return response.json() if response.status_code == 200 else []


async def test_polled_lever_requisitions_are_decided_once_and_again_only_when_changed(
    leveler, lever, eventually
):
    async with leveler.client() as client:
        first = await eventually(lambda: _history(client, "lever:req-1"))
        second = await eventually(lambda: _history(client, "lever:req-2"))
        passes = lever.passes
        await eventually(_after(lambda: lever.passes >= passes + 3))
        assert len(await _history(client, "lever:req-1")) == 1
        assert len(await _history(client, "lever:req-2")) == 1

        lever.rows[0] = _row(
            1, name="Senior Director, Clinical Operations", updatedAt=1_763_000_100_000
        )
        changed = await eventually(lambda: _longer_than(client, "lever:req-1", 1), seconds=30)

        # What the notifier writes back changes the row, not the job: no new version.
        written = dict(lever.rows[1]["customFields"], level="M4", level_rationale="Why: ...")
        lever.rows[1] = lever.rows[1] | {"customFields": written, "updatedAt": 1_763_000_200_000}
        passes = lever.passes
        await eventually(_after(lambda: lever.passes >= passes + 3))
        assert len(await _history(client, "lever:req-2")) == 1

    (decision,) = first
    assert decision["requisition_title"] == "Clinical Trial Manager"
    assert decision["source_system"] == "lever"
    assert decision["location_name"].startswith("Boston")
    assert decision["profile"] is not None
    assert decision["band"]["currency"] == "USD"
    team = decision["hiring_team"]
    assert [p["external_user_id"] for p in team["recruiters"]] == ["user-recruiter"]
    assert [p["external_user_id"] for p in team["hiring_managers"]] == ["user-hm"]
    assert second[0]["requisition_title"] == "Director, Clinical Project Management"
    assert [d["decision_version"] for d in changed] == [1, 2]
    assert changed[-1]["reason"] == "requisition_changed"


def _after(condition):
    async def check() -> bool:
        return condition()

    return check


async def _longer_than(client: httpx.AsyncClient, key: str, count: int):
    history = await _history(client, key)
    return history if len(history) > count else None
