"""Bands, band sets, snapshot, ETags and scopes over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest

from catalogue.seed import seed
from leveling_common.snapshot import CatalogueSnapshot

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"
SEED_SET = "seed-2025-illustrative"


@pytest.fixture
async def seeded(catalogue, client):
    await seed(catalogue.uow)
    return client


async def _publish_raise(client, *, percent: int, start: str) -> str:
    """A client that knows only explicit bands: it raises every band the leveler sees."""
    [current] = (await client.get("/v1/snapshot")).json()["band_sets"]
    bands = [
        {**b, **{k: round(b[k] * (100 + percent) / 100) for k in ("min", "mid", "max")}}
        for b in current["bands"]
    ]
    created = await client.post(
        "/v1/band-sets", json={"name": f"+{percent}%", "effective_from": start, "bands": bands}
    )
    assert created.status_code == 201, created.text
    band_set_id: str = created.json()["id"]
    impact = (await client.get(f"/v1/band-sets/{band_set_id}/impact")).json()
    assert impact["compared_with"] == SEED_SET
    assert len(impact["changes"]) == len(bands)
    published = await client.post(f"/v1/band-sets/{band_set_id}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["supersedes"] == SEED_SET
    return band_set_id


async def test_a_band_lookup_returns_the_band_in_force_at_each_instant(seeded):
    query = {"profile": CTA, "level": "M3", "zone": "US-BOS"}
    old = await seeded.get("/v1/bands", params={**query, "at": "2025-06-01T00:00:00Z"})
    assert old.status_code == 200, old.text
    assert old.json()["band_set_id"] == SEED_SET
    assert old.json()["source"] == "profile"
    newer = await _publish_raise(seeded, percent=10, start="2026-01-01T00:00:00Z")
    before = await seeded.get("/v1/bands", params={**query, "at": "2025-12-31T23:59:59Z"})
    after = await seeded.get("/v1/bands", params={**query, "at": "2026-01-01T00:00:00Z"})
    assert before.json() == {**old.json(), "effective_to": "2026-01-01T00:00:00Z"}
    assert after.json()["band_set_id"] == newer
    assert after.json()["mid"] == round(old.json()["mid"] * 1.1)
    too_early = await seeded.get("/v1/bands", params={**query, "at": "2024-01-01T00:00:00Z"})
    assert too_early.status_code == 404


async def test_a_published_band_set_refuses_edits_with_a_409_problem(seeded):
    response = await seeded.patch(f"/v1/band-sets/{SEED_SET}", json={"name": "renamed"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    again = await seeded.post(f"/v1/band-sets/{SEED_SET}/publish")
    assert again.status_code == 409


async def test_an_inconsistent_band_is_a_422_problem(seeded):
    band = {
        "function_code": "CLINIC",
        "profile_code": CPM,
        "level": "M2",
        "zone": "US-NYC",
        "min": 200000,
        "mid": 150000,
        "max": 250000,
        "currency": "USD",
    }
    response = await seeded.post(
        "/v1/band-sets",
        json={"name": "bad", "effective_from": "2027-01-01T00:00:00Z", "bands": [band]},
    )
    assert response.status_code == 422
    assert "min <= mid <= max" in response.json()["detail"]


async def test_the_snapshot_carries_everything_and_answers_304_to_its_etag(seeded):
    response = await seeded.get("/v1/snapshot")
    snapshot = CatalogueSnapshot.model_validate_json(response.content)
    assert response.headers["ETag"] == f'"{snapshot.catalogue_version}"'
    assert [p.code for p in snapshot.profiles] == [CTA, CPM]
    assert snapshot.profiles[1].function_name == "Clinical Development"
    assert [b.id for b in snapshot.band_sets] == [SEED_SET]
    assert len(snapshot.band_sets[0].bands) == 168
    assert snapshot.default_zone == "US-OTHER"
    assert {"US-CO", "US-NYC", "US-CA", "US-WA", "EU-DE"} <= {
        j.code for j in snapshot.jurisdictions
    }
    cached = await seeded.get("/v1/snapshot", headers={"If-None-Match": response.headers["ETag"]})
    assert cached.status_code == 304
    await seeded.put(
        "/v1/zones/US-TX", json={"code": "US-TX", "name": "Texas", "country": "US", "region": "TX"}
    )
    changed = await seeded.get("/v1/snapshot", headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != response.headers["ETag"]


async def test_other_reads_carry_etags_too(seeded):
    response = await seeded.get(f"/v1/profiles/{CPM}")
    cached = await seeded.get(
        f"/v1/profiles/{CPM}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert cached.status_code == 304


async def test_export_and_import_round_trip_into_an_empty_catalogue(
    seeded, other_sqlite_url, make_catalogue, make_client
):
    exported = (await seeded.get("/v1/export")).json()
    async with make_client(make_catalogue(other_sqlite_url)) as other:
        imported = await other.post("/v1/import", json=exported)
        assert imported.status_code == 200, imported.text
        assert imported.json()["created"]["profiles"] == 2
        assert (await other.get("/v1/export")).json() == exported
        again = await other.post("/v1/import", json=exported)
        assert again.json()["created"] == {}
        assert again.json()["updated"] == {}
        snapshot = (await other.get("/v1/snapshot")).json()
    assert (
        snapshot["catalogue_version"]
        == (await seeded.get("/v1/snapshot")).json()["catalogue_version"]
    )


async def test_reads_and_writes_need_their_scopes(catalogue, make_client):
    async with make_client(catalogue, token=None) as anonymous:
        response = await anonymous.get("/v1/profiles")
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
    async with make_client(catalogue, token="wrong-token-wrong-token") as stranger:
        assert (await stranger.get("/v1/zones")).status_code == 401


async def test_a_read_only_token_reads_profiles_but_not_pay_and_cannot_write(
    migrated_url, make_catalogue, make_client
):
    reader = "reader-token-reader-token"
    digest = hashlib.sha256(reader.encode()).hexdigest()
    catalogue = make_catalogue(migrated_url, LEVELING_API_TOKENS=f"{digest}=catalogue:read")
    await seed(catalogue.uow)
    async with make_client(catalogue, token=reader) as client:
        assert (await client.get("/v1/profiles")).status_code == 200
        for path in ("/v1/snapshot", "/v1/export", f"/v1/band-sets/{SEED_SET}"):
            response = await client.get(path)
            assert response.status_code == 403, path
            assert "pay:read" in response.json()["detail"]
        assert (await client.delete("/v1/zones/GB")).status_code == 403


async def test_an_import_cannot_insert_a_published_set_before_the_history_it_joins(
    seeded, other_sqlite_url, make_catalogue, make_client
):
    exported = (await seeded.get("/v1/export")).json()
    [published] = [b for b in exported["band_sets"] if b["status"] == "published"]
    earlier = {
        **published,
        "id": "bs-backdated",
        "effective_from": "2020-01-01T00:00:00Z",
        "supersedes": None,
    }
    refused = await seeded.post("/v1/import", json={**exported, "band_sets": [earlier]})
    assert refused.status_code == 409
    assert "cannot insert a set into published history" in refused.json()["detail"]
    assert (await seeded.get("/v1/band-sets/bs-backdated")).status_code == 404
    async with make_client(make_catalogue(other_sqlite_url)) as other:
        into_empty = await other.post("/v1/import", json={**exported, "band_sets": [earlier]})
        assert into_empty.status_code == 200, into_empty.text


_BASELINE = {
    "function_code": "CLINIC",
    "profile_code": None,
    "level": "M2",
    "min": 100000,
    "mid": 120000,
    "max": 140000,
    "currency": "USD",
}


async def test_a_pay_structure_round_trips_and_resolves_at_lookup(seeded):
    body = {
        "name": "structured",
        "effective_from": "2026-01-01T00:00:00Z",
        "baselines": [_BASELINE, {**_BASELINE, "profile_code": CTA, "mid": 130000}],
        "differentials": {"US-NYC": 110},
        "round_to": 100,
    }
    created = await seeded.post("/v1/band-sets", json=body)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["differentials"] == {"US-NYC": 110.0}
    assert draft["baselines"][1]["profile_code"] == CTA
    assert draft["bands"] == []
    published = await seeded.post(f"/v1/band-sets/{draft['id']}/publish")
    assert published.json()["differentials"]["GB"] == 75.0  # copied from the zone table
    at = "2026-02-01T00:00:00Z"
    query = {"level": "M2", "zone": "US-NYC", "at": at}
    own = (await seeded.get("/v1/bands", params={**query, "profile": CTA})).json()
    factored = (await seeded.get("/v1/bands", params={**query, "profile": CPM})).json()
    assert (own["mid"], own["source"], own["derived"]) == (143000, "profile", True)
    assert (factored["mid"], factored["source"]) == (139900, "profile")  # 120000 x 1.1 x 1.06
    got = (await seeded.get(f"/v1/band-sets/{draft['id']}")).json()
    assert got["baselines"] == published.json()["baselines"]
    resolved = {(b["profile_code"], b["level"], b["zone"]): b for b in got["resolved_bands"]}
    assert resolved[CTA, "M2", "US-NYC"]["mid"] == 143000
    assert resolved[CTA, "M2", "US-NYC"]["derived"] is True


async def test_existing_clients_sending_only_bands_get_no_structure(seeded):
    band = {**_BASELINE, "zone": "US-NYC"}
    created = await seeded.post(
        "/v1/band-sets",
        json={"name": "bands", "effective_from": "2026-01-01T00:00:00Z", "bands": [band]},
    )
    assert created.status_code == 201, created.text
    assert (created.json()["baselines"], created.json()["differentials"]) == ([], {})
    published = await seeded.post(f"/v1/band-sets/{created.json()['id']}/publish")
    assert (published.json()["differentials"], published.json()["pay_factors"]) == ({}, {})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"differentials": {"MARS": 110}}, "differentials"),
        ({"baselines": [{**_BASELINE, "function_code": "NOPE"}]}, "baselines"),
        ({"baselines": [{**_BASELINE, "profile_code": "CLINIC.NOPE"}]}, "baselines"),
        ({"baselines": [{**_BASELINE, "min": 150000}]}, "baselines[0].mid"),
        ({"baselines": [{**_BASELINE, "currency": "XYZ"}]}, "baselines[0].currency"),
        ({"baselines": [_BASELINE, _BASELINE]}, "baselines"),
    ],
)
async def test_a_bad_pay_structure_is_a_422_problem_naming_the_field(seeded, change, field):
    body = {"name": "bad", "effective_from": "2026-01-01T00:00:00Z", **change}
    response = await seeded.post("/v1/band-sets", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


async def test_a_negative_baseline_amount_is_a_422_problem(seeded):
    body = {
        "name": "bad",
        "effective_from": "2026-01-01T00:00:00Z",
        "baselines": [{**_BASELINE, "min": -1}],
    }
    response = await seeded.post("/v1/band-sets", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "baselines" in response.text
