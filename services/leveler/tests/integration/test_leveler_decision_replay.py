"""Every stored decision replays identically after the catalogue changes: the leveler keeps
the requisition each decision was made from and the catalogue version it was made against."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from leveler.testing import raised_band_set
from leveling_common.events import utc_now
from leveling_common.snapshot import CatalogueSnapshot

CITIES = {
    "nyc": {"name": "New York, NY", "city": "New York", "region": "NY", "country": "US"},
    "bos": {"name": "Boston, MA", "city": "Boston", "region": "MA", "country": "US"},
}
KEYS = ["api:nyc-1", "api:bos-1"]


def _requisition(external_id: str) -> dict[str, Any]:
    return {
        "requisition_key": f"api:{external_id}",
        "source_system": "api",
        "external_id": external_id,
        "title": "Senior Clinical Project Manager",
        "description": "Lead a team of 4 project managers across multiple studies. 7+ years.",
        "location": CITIES[external_id[:3]],
    }


async def _history(client: Any, key: str) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/requisitions/{key}/decisions")
    return response.json() if response.status_code == 200 else []


async def test_decisions_made_before_a_catalogue_change_replay_identically_after_it(
    leveler, catalogue, eventually, publish_band_set
):
    async with leveler.client() as client:
        for key in KEYS:
            await client.post("/v1/requisitions", json=_requisition(key.removeprefix("api:")))

        async def decided() -> bool:
            return all([await _history(client, key) for key in KEYS])

        await eventually(decided)
        body, _ = catalogue.current()
        before = CatalogueSnapshot.model_validate_json(body)
        catalogue.publish(
            raised_band_set(
                before,
                zone="US-NYC",
                percent=8,
                band_set_id="bs-27",
                effective_from=utc_now() - timedelta(minutes=1),
                version="v-next",
            )
        )
        await publish_band_set(leveler.settings, "bs-27")

        async def releveled() -> bool:
            return len(await _history(client, "api:nyc-1")) == 2

        await eventually(releveled)
        replays = {
            (key, version): (
                await client.post(f"/v1/requisitions/{key}/decisions/{version}/replay")
            ).json()
            for key, version in [("api:nyc-1", 1), ("api:nyc-1", 2), ("api:bos-1", 1)]
        }

    first, second = replays[("api:nyc-1", 1)], replays[("api:nyc-1", 2)]
    assert first["catalogue_version"] == before.catalogue_version
    assert second["catalogue_version"] == "v-next"
    for replay in replays.values():
        assert replay["identical"] is True, replay
        assert (replay["differences"], replay["changed_inputs"]) == ([], [])


async def test_a_hand_set_level_and_an_unknown_version_are_not_replayed(leveler, eventually):
    async with leveler.client() as client:
        await client.post("/v1/requisitions", json=_requisition("bos-1"))

        async def decided() -> bool:
            return bool(await _history(client, "api:bos-1"))

        await eventually(decided)
        override = {"level": "M5", "reason": "Portfolio head", "by": "jane@example.com"}
        assert (
            await client.post("/v1/requisitions/api:bos-1/override", json=override)
        ).status_code == 201
        by_hand = await client.post("/v1/requisitions/api:bos-1/decisions/2/replay")
        unknown = await client.post("/v1/requisitions/api:bos-1/decisions/9/replay")
        async with leveler.client(token=None) as anonymous:
            refused = await anonymous.post("/v1/requisitions/api:bos-1/decisions/1/replay")

    assert by_hand.status_code == 409
    assert "set by hand" in by_hand.json()["detail"]
    assert unknown.status_code == 404
    assert refused.status_code == 401
