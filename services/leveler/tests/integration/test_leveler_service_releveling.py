"""A band set published by the catalogue re-levels exactly the open requisitions whose band
changed — end to end on the real broker, with the catalogue served over HTTP."""

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from leveler.adapters.tables import requisitions
from leveler.testing import raised_band_set
from leveling_common.events import utc_now
from leveling_common.snapshot import CatalogueSnapshot

CITIES = {
    "nyc": {"name": "New York, NY", "city": "New York", "region": "NY", "country": "US"},
    "bos": {"name": "Boston, MA", "city": "Boston", "region": "MA", "country": "US"},
}


def _requisition(external_id: str, where: str, status: str = "open") -> dict[str, Any]:
    return {
        "requisition_key": f"api:{external_id}",
        "source_system": "api",
        "external_id": external_id,
        "title": "Senior Clinical Project Manager",
        "description": "Lead a team of 4 project managers across multiple studies. 7+ years.",
        "location": CITIES[where],
        "status": status,
    }


async def _versions(client: Any, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for key in keys:
        response = await client.get(f"/v1/requisitions/{key}/decisions")
        found[key] = response.json() if response.status_code == 200 else []
    return found


async def _status(leveler, key: str) -> str | None:
    async with leveler.container.sessions() as session:
        found = await session.scalar(
            select(requisitions.c.status).where(requisitions.c.requisition_key == key)
        )
    return str(found) if found is not None else None


async def test_a_published_band_set_relevels_exactly_the_affected_open_requisitions(
    leveler, catalogue, eventually, read_topic, publish_band_set
):
    keys = ["api:nyc-1", "api:nyc-2", "api:bos-1", "api:nyc-closed", "api:nyc-override"]
    async with leveler.client() as client:
        for key in keys:
            external_id = key.removeprefix("api:")
            await client.post("/v1/requisitions", json=_requisition(external_id, external_id[:3]))
        await eventually(lambda: _all_decided(client, keys))
        await client.post("/v1/requisitions", json=_requisition("nyc-closed", "nyc", "closed"))
        await eventually(lambda: _is_closed(leveler, "api:nyc-closed"))
        override = {"level": "M5", "reason": "Portfolio head", "by": "jane@example.com"}
        assert (
            await client.post("/v1/requisitions/api:nyc-override/override", json=override)
        ).status_code == 201

        catalogue.publish(
            raised_band_set(
                catalogue_snapshot(catalogue),
                zone="US-NYC",
                percent=8,
                band_set_id="bs-27",
                effective_from=utc_now() - timedelta(minutes=1),
                version="v-next",
            )
        )
        await publish_band_set(leveler.settings, "bs-27")

        expected = {"api:nyc-1": 2, "api:nyc-2": 2, "api:nyc-override": 3}
        await eventually(lambda: _reached(client, expected))
        history = await _versions(client, keys)

    assert {k: len(v) for k, v in history.items()} == {
        "api:nyc-1": 2,
        "api:nyc-2": 2,
        "api:bos-1": 1,
        "api:nyc-closed": 1,
        "api:nyc-override": 3,
    }
    for key in expected:
        before, after = history[key][-2], history[key][-1]
        assert after["reason"] == "band_changed"
        assert after["band"]["band_set_id"] == "bs-27"
        assert after["band"]["mid"] > before["band"]["mid"]
        assert after["previous"]["band"] == before["band"]
        assert after["supersedes"] == before["decision_id"]
    overridden = history["api:nyc-override"][-1]
    assert (overridden["status"], overridden["level"]) == ("overridden", "M5")
    published = await read_topic(
        leveler.settings.kafka_bootstrap_servers, leveler.settings.decisions_topic, expect=9
    )
    band_changed = sorted(e["subject"] for e in published if e["data"]["reason"] == "band_changed")
    assert band_changed == sorted(expected)


def catalogue_snapshot(stub) -> CatalogueSnapshot:
    body, _ = stub.current()
    return CatalogueSnapshot.model_validate_json(body)


async def _all_decided(client, keys) -> bool:
    return all((await _versions(client, keys)).values())


async def _is_closed(leveler, key) -> bool:
    return await _status(leveler, key) == "closed"


async def _reached(client, expected) -> bool:
    history = await _versions(client, list(expected))
    return all(len(history[k]) >= n for k, n in expected.items())
