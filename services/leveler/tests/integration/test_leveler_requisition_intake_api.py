"""`POST /v1/requisitions` takes what its schema documents: the key is read-only, derived
from the source system and the job id; a key sent anyway must not contradict them."""

from __future__ import annotations


def _requisition(**changes):
    document = {
        "source_system": "workday",
        "external_id": "R-1001",
        "title": "Clinical Trial Manager",
        "description": "Manage two CRAs on one study. 3+ years of trial experience.",
    }
    document.update(changes)
    return document


async def test_the_key_is_derived_from_source_and_job_id_and_a_contradicting_one_is_422(api):
    async with api.client() as client:
        without = await client.post("/v1/requisitions", json=_requisition())
        contradicting = await client.post(
            "/v1/requisitions",
            json=_requisition(external_id="R-1002", requisition_key="other:thing"),
        )
    assert without.status_code == 202, without.text
    assert without.json()["requisition_key"] == "workday:R-1001"
    assert contradicting.status_code == 422
    assert "requisition_key must be 'workday:R-1002'" in contradicting.json()["detail"]


async def test_a_source_system_that_cannot_form_a_key_is_422(api):
    async with api.client() as client:
        answer = await client.post("/v1/requisitions", json=_requisition(source_system="work day"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["location"] == ["body", "source_system"]


async def test_posted_amounts_take_numbers_or_numeric_strings_in_cents(api):
    async with api.client() as client:
        as_text = await client.post(
            "/v1/requisitions",
            json=_requisition(posted_range={"min": "140000.00", "max": 180000, "currency": "USD"}),
        )
        fraction = await client.post(
            "/v1/requisitions",
            json=_requisition(
                external_id="R-1003", posted_range={"min": 1.005, "max": 2, "currency": "USD"}
            ),
        )
    assert as_text.status_code == 202, as_text.text
    assert fraction.status_code == 422
