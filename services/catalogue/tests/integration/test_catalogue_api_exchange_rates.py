"""Exchange rates over the API, on SQLite and PostgreSQL: set, listed, served in the
snapshot (a new catalogue version), carried by the export, refused when not a currency."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_a_rate_is_set_listed_served_in_the_snapshot_and_exported(client):
    before = (await client.get("/v1/snapshot")).json()["catalogue_version"]
    created = await client.put("/v1/exchange-rates/GBP", json={"per_usd": 0.79})
    assert created.status_code == 201, created.text
    again = await client.put("/v1/exchange-rates/GBP", json={"per_usd": 0.79})
    assert again.status_code == 200

    assert (await client.get("/v1/exchange-rates")).json() == [
        {"currency": "GBP", "per_usd": "0.79"}
    ]
    snapshot = (await client.get("/v1/snapshot")).json()
    assert snapshot["exchange_rates"] == {"GBP": "0.79"}
    assert snapshot["catalogue_version"] != before
    exported = (await client.get("/v1/export")).json()
    assert exported["exchange_rates"] == [{"currency": "GBP", "per_usd": "0.79"}]

    assert (await client.delete("/v1/exchange-rates/GBP")).status_code == 204
    assert (await client.delete("/v1/exchange-rates/GBP")).status_code == 404
    assert (await client.get("/v1/snapshot")).json()["exchange_rates"] == {}


@pytest.mark.parametrize(
    ("currency", "body"),
    [("XYZ", {"per_usd": 1.5}), ("gbp", {"per_usd": 1.5}), ("GBP", {"per_usd": -1}),
     ("USD", {"per_usd": 1.1}), ("GBP", {})],
)  # fmt: skip
async def test_a_rate_that_is_not_one_is_refused(client, currency, body):
    response = await client.put(f"/v1/exchange-rates/{currency}", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/exchange-rates")).json() == []
