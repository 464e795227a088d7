"""Before the catalogue publishes a draft band set it asks the leveler which open
requisitions would move: the real leveler answers with old → new bands and stores nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from leveling_common.events import utc_now

CITIES = {
    "nyc": {"name": "New York, NY", "city": "New York", "region": "NY", "country": "US"},
    "bos": {"name": "Boston, MA", "city": "Boston", "region": "MA", "country": "US"},
}


def _requisition(external_id: str, where: str) -> dict[str, Any]:
    return {
        "requisition_key": f"api:{external_id}",
        "source_system": "api",
        "external_id": external_id,
        "title": f"Senior Clinical Project Manager ({external_id})",
        "description": "Lead a team of 4 project managers across multiple studies. 7+ years.",
        "location": CITIES[where],
    }


def _draft_raising(snapshot: dict[str, Any], *, zone: str, percent: int) -> dict[str, Any]:
    factor = Decimal(100 + percent) / 100
    bands = []
    for band in snapshot["band_sets"][-1]["bands"]:
        if band["zone"] == zone:
            band = {**band, **{k: str(Decimal(band[k]) * factor) for k in ("min", "mid", "max")}}
        bands.append(band)
    return {
        "id": "draft-2027",
        "name": "2027 review (draft)",
        "effective_from": utc_now().isoformat(),
        "bands": bands,
    }


async def _decisions(client: Any, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for key in keys:
        response = await client.get(f"/v1/requisitions/{key}/decisions")
        found[key] = response.json() if response.status_code == 200 else []
    return found


async def test_a_draft_band_set_names_the_requisitions_it_would_move_and_stores_nothing(
    leveler, catalogue, eventually
):
    keys = ["api:nyc-1", "api:nyc-2", "api:bos-1"]
    async with leveler.client() as client:
        for key in keys:
            external_id = key.removeprefix("api:")
            await client.post("/v1/requisitions", json=_requisition(external_id, external_id[:3]))

        async def all_decided() -> bool:
            return all((await _decisions(client, keys)).values())

        await eventually(all_decided)
        body, _ = catalogue.current()
        draft = _draft_raising(json.loads(body), zone="US-NYC", percent=10)
        response = await client.post("/v1/impact/band-set", json=draft)
        after = await _decisions(client, keys)

    assert response.status_code == 200, response.text
    report = response.json()
    moved = {move["requisition_key"]: move for move in report["moves"]}
    assert sorted(moved) == ["api:nyc-1", "api:nyc-2"]
    move = moved["api:nyc-1"]
    assert move["title"] == "Senior Clinical Project Manager (nyc-1)"
    assert move["after"]["band_set_id"] == "draft-2027"
    assert Decimal(move["after"]["mid"]) == Decimal(move["before"]["mid"]) * Decimal("1.1")
    assert move["level"] == after["api:nyc-1"][-1]["level"]
    assert {key: len(versions) for key, versions in after.items()} == dict.fromkeys(keys, 1)


async def test_the_impact_preview_needs_a_token_and_a_well_formed_band_set(api):
    async with api.client(token=None) as anonymous:
        assert (await anonymous.post("/v1/impact/band-set", json={})).status_code == 401
    async with api.client() as client:
        response = await client.post("/v1/impact/band-set", json={"id": "x", "bands": "no"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
