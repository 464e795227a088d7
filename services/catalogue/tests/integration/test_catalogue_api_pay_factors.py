"""Pay factors over HTTP, on SQLite and PostgreSQL: a draft follows the profiles, publication
freezes their factors, and a profile edited afterwards re-prices no published band."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from catalogue.seed import seed
from catalogue.service_layer import profiles

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"  # the seed gives it pay_factor 1.06
CTA = "CLINIC.CLINICAL90BC"
SEED_SET = "seed-2025-illustrative"
_BASELINE = {
    "function_code": "CLINIC",
    "profile_code": None,
    "level": "M2",
    "min": 100000,
    "mid": 120000,
    "max": 140000,
    "currency": "USD",
}
_DRAFT = {
    "name": "factored",
    "effective_from": "2026-01-01T00:00:00Z",
    "baselines": [_BASELINE],
    "differentials": {"US-NYC": 100},
}


@pytest.fixture
async def seeded(catalogue, client):
    await seed(catalogue.uow)
    return client


async def _set_profile_factor(catalogue, code: str, factor: str) -> None:
    profile = await profiles.get_profile(catalogue.uow(), code=code)
    await profiles.replace_profile(
        catalogue.uow(), profile=replace(profile, pay_factor=Decimal(factor))
    )


def _mids(band_set: dict) -> dict[tuple[str | None, str, str], float]:
    return {
        (b["profile_code"], b["level"], b["zone"]): b["mid"] for b in band_set["resolved_bands"]
    }


async def test_a_draft_follows_the_profiles_until_publication_freezes_their_factors(
    seeded, catalogue
):
    created = await seeded.post("/v1/band-sets", json={**_DRAFT, "pay_factors": {CTA: 1.25}})
    assert created.status_code == 201, created.text
    draft_id = created.json()["id"]
    assert created.json()["pay_factors"] == {CTA: 1.25}
    await _set_profile_factor(catalogue, CPM, "1.5")
    preview = _mids((await seeded.get(f"/v1/band-sets/{draft_id}")).json())
    assert preview[CPM, "M2", "US-NYC"] == 180000  # the profile's current 1.5
    assert preview[CTA, "M2", "US-NYC"] == 150000  # the draft's own 1.25

    published = await seeded.post(f"/v1/band-sets/{draft_id}/publish")
    assert published.json()["pay_factors"] == {CPM: 1.5, CTA: 1.25}
    snapshot = (await seeded.get("/v1/snapshot")).json()
    await _set_profile_factor(catalogue, CPM, "0.5")
    await _set_profile_factor(catalogue, CTA, "2")
    query = {"profile": CPM, "level": "M2", "zone": "US-NYC", "at": "2026-02-01T00:00:00Z"}
    assert (await seeded.get("/v1/bands", params=query)).json()["mid"] == 180000
    assert _mids((await seeded.get(f"/v1/band-sets/{draft_id}")).json()) == preview
    after = (await seeded.get("/v1/snapshot")).json()
    assert after["band_sets"] == snapshot["band_sets"]


async def test_a_patch_replaces_the_drafts_factors_and_leaving_them_out_keeps_them(seeded):
    created = (await seeded.post("/v1/band-sets", json={**_DRAFT, "pay_factors": {CTA: 2}})).json()
    path = f"/v1/band-sets/{created['id']}"
    renamed = await seeded.patch(path, json={"name": "renamed"})
    assert renamed.json()["pay_factors"] == {CTA: 2.0}
    changed = await seeded.patch(path, json={"pay_factors": {CPM: 0.9}})
    assert changed.status_code == 200, changed.text
    assert changed.json()["pay_factors"] == {CPM: 0.9}


async def test_existing_clients_get_no_factors_they_did_not_ask_for(seeded):
    created = await seeded.post("/v1/band-sets", json=_DRAFT)
    assert created.status_code == 201, created.text
    assert created.json()["pay_factors"] == {}
    seed_set = (await seeded.get(f"/v1/band-sets/{SEED_SET}")).json()
    assert seed_set["pay_factors"] == {CPM: 1.06, CTA: 1.03}


@pytest.mark.parametrize(
    ("factors", "detail"),
    [
        ({"CLINIC.NOPE": 1.1}, "unknown profile"),
        ({CTA: 11}, "between 0.1 and 10"),
        ({CTA: 0.05}, "between 0.1 and 10"),
    ],
)
async def test_a_bad_pay_factor_is_a_422_problem_naming_the_field(seeded, factors, detail):
    response = await seeded.post("/v1/band-sets", json={**_DRAFT, "pay_factors": factors})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "pay_factors"
    assert detail in response.json()["detail"]


async def test_a_factor_the_schema_cannot_hold_is_a_422_problem_naming_the_field(seeded):
    response = await seeded.post("/v1/band-sets", json={**_DRAFT, "pay_factors": {CTA: 50}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "pay_factors" in response.text


async def test_an_export_from_before_frozen_factors_imports_as_it_priced_then(
    seeded, other_sqlite_url, make_catalogue, make_client
):
    exported = (await seeded.get("/v1/export")).json()
    older = {
        **exported,
        "band_sets": [
            {k: v for k, v in b.items() if k != "pay_factors"} for b in exported["band_sets"]
        ],
    }
    async with make_client(make_catalogue(other_sqlite_url)) as other:
        imported = await other.post("/v1/import", json=older)
        assert imported.status_code == 200, imported.text
        assert (await other.get("/v1/export")).json() == exported
