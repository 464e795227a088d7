"""Webhook in → decision → write-back and email out, through the whole local stack."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

RECIPIENTS = 2  # one recruiter and one hiring manager on every sample job


def _field(writeback: dict, key: str) -> dict:
    fields = {f["name_key"]: f for f in writeback["body"]["custom_fields"] if "name_key" in f}
    return fields[key]


def test_a_signed_job_created_becomes_one_decision_one_write_back_and_an_email_each(driver, wait):
    job = driver.new_job(0)
    driver.send(job)

    decision = wait(lambda: driver.decision(job), what="decision")
    assert decision["decision_version"] == 1
    assert decision["profile"]["code"]
    assert decision["band"]["currency"] == "USD"
    assert 0 < decision["confidence"] <= 1
    assert decision["explanation"]

    writebacks = wait(lambda: driver.writebacks(job["id"]), what="write-back")
    assert len(writebacks) == 1
    assert writebacks[0]["idempotency_key"]
    assert _field(writebacks[0], "level")["value"] == decision["level"]
    pay_band = _field(writebacks[0], "pay_band")
    assert float(pay_band["min_value"]) == float(decision["band"]["min"])
    assert float(pay_band["max_value"]) == float(decision["band"]["max"])
    assert pay_band["unit"] == "USD"

    mail = wait(
        lambda: len(driver.mail_for(job)) >= RECIPIENTS and driver.mail_for(job), what="emails"
    )
    assert len({tuple(m["to"]) for m in mail}) == RECIPIENTS
    for message in mail:
        assert decision["level"] in message["text"]
        assert decision["level"] in message["html"]
        assert job["name"] in message["subject"]


def test_a_duplicate_webhook_gives_one_decision_and_one_write_back(driver, wait):
    job = driver.new_job(2)
    driver.send(job, event_id=f"dup-{job['id']}")
    driver.send(job, event_id=f"dup-{job['id']}")
    driver.send(job)  # a new event id with the same content: nothing changed, nothing re-decided
    wait(lambda: driver.writebacks(job["id"]), what="write-back")
    wait(lambda: len(driver.mail_for(job)) >= RECIPIENTS, what="emails")
    assert [d["decision_version"] for d in driver.decisions(job)] == [1]
    assert len(driver.writebacks(job["id"])) == 1
    assert len(driver.mail_for(job)) == RECIPIENTS


def test_a_recruiter_override_flows_back_to_the_ats_and_the_email(driver, wait):
    job = driver.new_job(0)
    driver.send(job)
    first = wait(lambda: driver.decision(job), what="decision")
    wait(lambda: len(driver.mail_for(job)) >= RECIPIENTS, what="first emails")
    new_level = "M4" if first["level"] != "M4" else "M3"
    response = driver.leveler.post(
        f"/v1/requisitions/greenhouse:{job['id']}/override",
        json={"level": new_level, "reason": "Owns the whole oncology program", "by": "dana.reyes"},
    )
    assert response.status_code == 201, response.text

    overridden = wait(
        lambda: (d := driver.decision(job)) and d["decision_version"] == 2 and d, what="override"
    )
    assert overridden["status"] == "overridden"
    assert overridden["level"] == new_level
    assert overridden["supersedes"] == first["decision_id"]
    writebacks = wait(
        lambda: len(driver.writebacks(job["id"])) == 2 and driver.writebacks(job["id"]),
        what="second write-back",
    )
    assert _field(writebacks[-1], "level")["value"] == new_level
    mail = wait(
        lambda: len(driver.mail_for(job)) == 2 * RECIPIENTS and driver.mail_for(job),
        what="override emails",
    )
    latest = [
        m for m in mail if new_level in m["text"] and "Owns the whole oncology program" in m["text"]
    ]
    assert len(latest) == RECIPIENTS


def _band_set_in_force(driver) -> dict:
    sets = driver.catalogue.get("/v1/band-sets").json()
    published = [s for s in sets if s["status"] == "published"]
    current = max(published, key=lambda s: s["effective_from"])
    return driver.catalogue.get(f"/v1/band-sets/{current['id']}").json()


def test_publishing_a_band_set_relevels_only_the_affected_open_requisitions(driver, wait):
    raleigh, london = driver.new_job(0), driver.new_job(2)
    for job in (raleigh, london):
        driver.send(job)
    before = {
        job["id"]: wait(lambda job=job: driver.decision(job), what="decision")
        for job in (raleigh, london)
    }
    wait(lambda: len(driver.mail_for(raleigh)) >= RECIPIENTS, what="first emails")
    target = before[raleigh["id"]]
    current = _band_set_in_force(driver)
    # Every band of the set in force, explicit or derived from its pay structure, as a copy.
    bands = [
        {k: v for k, v in band.items() if k != "derived"} for band in current["resolved_bands"]
    ]
    changed = 0
    for band in bands:
        if (
            band["profile_code"] == target["profile"]["code"]
            and band["level"] == target["level"]
            and band["zone"] == target["band"]["zone"]
        ):
            band["min"], band["mid"], band["max"] = (
                round(float(band[k]) * 1.10, 2) for k in ("min", "mid", "max")
            )
            changed += 1
    assert changed == 1
    from datetime import UTC, datetime

    draft = driver.catalogue.post(
        "/v1/band-sets",
        json={
            "name": f"e2e raise {raleigh['id']}",
            "effective_from": datetime.now(UTC).isoformat(),
            "bands": bands,
        },
    )
    assert draft.status_code == 201, draft.text
    published = driver.catalogue.post(f"/v1/band-sets/{draft.json()['id']}/publish")
    assert published.status_code in (200, 201), published.text

    relevelled = wait(
        lambda: (d := driver.decision(raleigh)) and d["decision_version"] == 2 and d,
        what="re-levelled decision",
    )
    assert relevelled["reason"] == "band_changed"
    assert relevelled["level"] == target["level"]
    assert float(relevelled["band"]["min"]) > float(target["band"]["min"])
    mail = wait(
        lambda: len(driver.mail_for(raleigh)) == 2 * RECIPIENTS and driver.mail_for(raleigh),
        what="band change emails",
    )
    newest = sorted(mail, key=lambda m: m["received_at"])[-1]
    old_min = f"{float(target['band']['min']):,.0f}"
    new_min = f"{float(relevelled['band']['min']):,.0f}"
    assert old_min in newest["text"]
    assert new_min in newest["text"]
    # The London requisition's band did not change: no new decision for it.
    assert [d["decision_version"] for d in driver.decisions(london)] == [1]
