"""A band set published ahead of time re-levels the affected open requisitions when its
bandset.effective event arrives, and not at publication — on the real broker, with the
catalogue served over HTTP."""

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from leveling_common.events import (
    BANDSET_EFFECTIVE,
    BANDSET_PUBLISHED,
    BandSetEffectiveData,
    BandSetPublishedData,
    CloudEvent,
    utc_now,
)
from leveling_common.kafka import OutgoingRecord, Producer
from leveling_common.snapshot import BandSetSnapshot, CatalogueSnapshot

CITIES = {
    "nyc": {"name": "New York, NY", "city": "New York", "region": "NY", "country": "US"},
    "bos": {"name": "Boston, MA", "city": "Boston", "region": "MA", "country": "US"},
}


def _requisition(where: str) -> dict[str, Any]:
    return {
        "requisition_key": f"api:{where}-ahead",
        "source_system": "api",
        "external_id": f"{where}-ahead",
        "title": "Senior Clinical Project Manager",
        "description": "Lead a team of 4 project managers across multiple studies. 7+ years.",
        "location": CITIES[where],
        "status": "open",
    }


def _with_future_set(stub, *, band_set_id: str, effective: datetime) -> CatalogueSnapshot:
    body, _ = stub.current()
    snapshot = CatalogueSnapshot.model_validate_json(body)
    factor = Decimal("1.08")
    bands = [
        b.model_copy(update={"min": b.min * factor, "mid": b.mid * factor, "max": b.max * factor})
        if b.zone == "US-NYC"
        else b
        for b in snapshot.band_sets[-1].bands
    ]
    ahead = BandSetSnapshot(id=band_set_id, name="ahead", effective_from=effective, bands=bands)
    return snapshot.model_copy(
        update={"catalogue_version": "v-ahead", "band_sets": (*snapshot.band_sets, ahead)}
    )


async def _send(settings, event: CloudEvent[Any], key: str) -> None:
    record = OutgoingRecord(
        topic=settings.catalogue_topic, key=key, value=event.model_dump_json().encode()
    )
    async with Producer(settings.kafka()) as producer:
        await producer.send_batch([record])


def _band_set_data(model, band_set_id: str, effective: datetime, published: datetime):
    return model(
        band_set_id=band_set_id,
        name="ahead",
        effective_from=effective,
        catalogue_version="v-ahead",
        published_at=published,
    )


async def _counts(client, keys: list[str]) -> dict[str, int]:
    found = {}
    for key in keys:
        response = await client.get(f"/v1/requisitions/{key}/decisions")
        found[key] = len(response.json()) if response.status_code == 200 else 0
    return found


@pytest.mark.parametrize("delay_seconds", [6])
async def test_a_set_published_ahead_relevels_the_affected_requisitions_only_once_in_force(
    leveler, catalogue, eventually, delay_seconds
):
    keys = ["api:nyc-ahead", "api:bos-ahead"]
    async with leveler.client() as client:
        for where in ("nyc", "bos"):
            await client.post("/v1/requisitions", json=_requisition(where))

        async def decided() -> bool:
            return all((await _counts(client, keys)).values())

        await eventually(decided)
        published_at = utc_now()
        effective = published_at + timedelta(seconds=delay_seconds)
        catalogue.publish(_with_future_set(catalogue, band_set_id="bs-ahead", effective=effective))
        published = _band_set_data(BandSetPublishedData, "bs-ahead", effective, published_at)
        await _send(
            leveler.settings,
            CloudEvent[BandSetPublishedData](
                source="/catalogue", type=BANDSET_PUBLISHED, subject="bs-ahead", data=published
            ),
            "bs-ahead",
        )
        await asyncio.sleep(max(0.0, (effective - utc_now()).total_seconds()) + 0.5)
        assert await _counts(client, keys) == {"api:nyc-ahead": 1, "api:bos-ahead": 1}

        in_force = _band_set_data(BandSetEffectiveData, "bs-ahead", effective, published_at)
        await _send(
            leveler.settings,
            CloudEvent[BandSetEffectiveData](
                source="/catalogue", type=BANDSET_EFFECTIVE, subject="bs-ahead", data=in_force
            ),
            "bs-ahead",
        )

        async def releveled() -> bool:
            return (await _counts(client, keys))["api:nyc-ahead"] == 2

        await eventually(releveled)
        history = (await client.get("/v1/requisitions/api:nyc-ahead/decisions")).json()
        assert await _counts(client, keys) == {"api:nyc-ahead": 2, "api:bos-ahead": 1}
    assert (history[-1]["reason"], history[-1]["band"]["band_set_id"]) == (
        "band_changed",
        "bs-ahead",
    )
