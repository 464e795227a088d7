"""Title conventions over the API, on SQLite and PostgreSQL: replaced as a list, served in
the snapshot (a new catalogue version only when they change), carried by the export and
import, and refused with a problem naming what is wrong."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

CONVENTIONS = [
    {"track": "P", "phrase": "Member of Technical Staff", "rank": 4},
    {"track": "P", "phrase": "Lead", "rank": None},
    {"track": "M", "phrase": "Group  Manager", "rank": 4},
]
KEPT = [
    {"track": "M", "phrase": "Group Manager", "rank": 4},
    {"track": "P", "phrase": "Lead", "rank": None},
    {"track": "P", "phrase": "Member of Technical Staff", "rank": 4},
]


async def _version(client) -> str:
    return (await client.get("/v1/snapshot")).json()["catalogue_version"]


async def test_conventions_are_replaced_listed_served_in_the_snapshot_and_exported(client):
    before = await _version(client)
    assert (await client.get("/v1/title-conventions")).json() == {"items": []}

    replaced = await client.put("/v1/title-conventions", json={"items": CONVENTIONS})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json() == {"items": KEPT}
    assert (await client.get("/v1/title-conventions")).json() == {"items": KEPT}
    snapshot = (await client.get("/v1/snapshot")).json()
    assert snapshot["title_conventions"] == KEPT
    changed = snapshot["catalogue_version"]
    assert changed != before

    await client.put("/v1/title-conventions", json={"items": list(reversed(KEPT))})
    assert await _version(client) == changed  # the same conventions: no new version
    assert (await client.get("/v1/export")).json()["title_conventions"] == KEPT

    assert (await client.put("/v1/title-conventions", json={"items": []})).status_code == 200
    # No conventions is the catalogue it was before, with the version it had.
    assert await _version(client) == before


async def test_an_import_adds_and_changes_conventions_and_keeps_the_others(client):
    await client.put("/v1/title-conventions", json={"items": KEPT[:2]})
    document = (await client.get("/v1/export")).json()
    document["title_conventions"] = [
        {"track": "M", "phrase": "Group Manager", "rank": 3},
        {"track": "P", "phrase": "SDE II", "rank": 2},
    ]
    summary = (await client.post("/v1/import", json=document)).json()
    assert summary["created"]["title_conventions"] == 1
    assert summary["updated"]["title_conventions"] == 1
    assert (await client.get("/v1/title-conventions")).json()["items"] == [
        {"track": "M", "phrase": "Group Manager", "rank": 3},
        {"track": "P", "phrase": "Lead", "rank": None},
        {"track": "P", "phrase": "SDE II", "rank": 2},
    ]
    again = (await client.post("/v1/import", json=document)).json()
    assert again["applied"] is False
    assert again["catalogue_version"] is None


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([{"track": "X", "phrase": "Lead", "rank": 2}], "track"),
        ([{"track": "P", "phrase": "Lead", "rank": 0}], "rank"),
        ([{"track": "P", "phrase": "Lead", "rank": 13}], "rank"),
        ([{"track": "P", "phrase": "", "rank": 2}], "phrase"),
        ([{"track": "P", "phrase": "--", "rank": 2}], "phrase"),
        ([{"track": "P", "phrase": "Lead"}], "rank"),
        ([{"track": "P", "phrase": "Lead", "rank": 2}, {"track": "P", "phrase": "LEAD", "rank": 3}],
         "phrase"),
    ],
)  # fmt: skip
async def test_a_convention_the_catalogue_cannot_take_is_refused_and_nothing_changes(
    client, items, field
):
    response = await client.put("/v1/title-conventions", json={"items": items})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in response.text
    assert (await client.get("/v1/title-conventions")).json() == {"items": []}


async def test_changing_conventions_needs_the_write_scope(catalogue, make_client):
    async with make_client(catalogue, token=None) as anonymous:
        response = await anonymous.put("/v1/title-conventions", json={"items": []})
    assert response.status_code == 401
