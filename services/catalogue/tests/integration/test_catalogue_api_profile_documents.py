"""Profile documents over HTTP, on SQLite and PostgreSQL: whole imports or none at all."""

from __future__ import annotations

import pytest

from catalogue.seed import PROFILE_DOCUMENTS, profile_document

pytestmark = pytest.mark.integration
CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"


async def _import(client, text: str):
    return await client.post(
        "/v1/import/profile-document",
        content=text.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )


async def test_both_seed_documents_import_with_every_part(client):
    for name in PROFILE_DOCUMENTS:
        response = await _import(client, profile_document(name))
        assert response.status_code == 200, response.text
        assert response.json()["change"] == "created"
    cpm = (await client.get(f"/v1/profiles/{CPM}")).json()
    assert [lv["code"] for lv in cpm["levels"]] == ["M1", "M2", "M3", "M4", "M5"]
    assert [len(lv["responsibilities"]) for lv in cpm["levels"]] == [5] * 5
    assert cpm["levels"][2]["responsibilities"][1].startswith("Evaluates trends across trials")
    assert cpm["levels"][4]["rubric"]["degree_years"] == (
        "10-12+ years including second-level management and clinical strategy work."
    )
    assert (cpm["levels"][4]["years_min"], cpm["levels"][4]["years_max"]) == (10, 12)
    assert cpm["levels"][0]["name"] == "Manager (Team Lead)"
    assert cpm["levels"][0]["decision_rights"] == "Owns team execution, hiring input, performance"
    assert len(cpm["skills"]) == 12
    assert cpm["skills"][10] == {
        "name": "21 CFR Part 11 Compliance",
        "description": (
            "Literacy in electronic records compliance requirements embedded in clinical systems."
        ),
    }
    assert cpm["soc_codes"] == [{"code": "11-9121", "source": "jfm-factory.resolve"}]
    assert cpm["differentials"] == ["pay", "skill"]
    cta = (await client.get(f"/v1/profiles/{CTA}")).json()
    assert [lv["code"] for lv in cta["levels"]] == ["M1", "M2", "M3", "M4"]
    assert len(cta["sources"]) == 8
    assert cta["sources"][6] == {"title": "ZipRecruiter", "url": None}
    assert cta["levels"][1]["typical_experience"] == "5\u20138 yrs"
    assert cta["levels"][3]["rubric"]["collaboration"].startswith("Engages senior leaders")
    page = (await client.get("/v1/profiles", params={"track": "M", "q": "trials"})).json()
    assert [item["code"] for item in page["items"]] == [CTA]
    assert page["total"] == 1


async def test_a_malformed_document_is_a_422_problem_and_changes_nothing(client):
    await _import(client, profile_document(PROFILE_DOCUMENTS[0]))
    before = (await client.get("/v1/export")).json()
    snapshot_before = (await client.get("/v1/snapshot")).headers["ETag"]
    broken = profile_document(PROFILE_DOCUMENTS[1]).replace("Level guidelines", "Guidelines")
    response = await _import(client, broken)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["expected"] == "the 'Level guidelines' section after the responsibilities"
    assert problem["line"] == 30
    assert problem["found"] == "Guidelines"
    assert problem["detail"].startswith("line 30: expected")
    assert (await client.get("/v1/export")).json() == before
    assert (await client.get("/v1/snapshot")).headers["ETag"] == snapshot_before
    assert (await client.get(f"/v1/profiles/{CTA}")).status_code == 404


async def test_importing_a_document_twice_is_idempotent(client):
    first = await _import(client, profile_document(PROFILE_DOCUMENTS[1]))
    etag = (await client.get("/v1/snapshot")).headers["ETag"]
    second = await _import(client, profile_document(PROFILE_DOCUMENTS[1]))
    assert second.json()["change"] == "unchanged"
    assert second.json()["profile"] == first.json()["profile"]
    assert (await client.get("/v1/snapshot")).headers["ETag"] == etag


async def test_a_document_that_is_not_utf8_is_refused(client):
    response = await _import(client, "")
    assert response.status_code == 422
    response = await client.post(
        "/v1/import/profile-document",
        content=b"\xff\xfe\x00bad",
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "body"
