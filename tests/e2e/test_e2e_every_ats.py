"""Ashby and Lever through the whole local stack: an Ashby job arrives as a signed webhook,
a Lever requisition is found by polling; each is decided, written back into its own ATS,
and mailed to its recruiter and hiring manager, found by their ATS user ids."""

from __future__ import annotations

import itertools
import time
import uuid
from typing import Any

import pytest

from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.webhooks import ASHBY_USER_AGENT, ashby_body, sign_ashby

pytestmark = pytest.mark.e2e

_numbers = itertools.count(1)
POLL_SECONDS = 5  # LEVELER_LEVER_POLL_SECONDS on the local stack
SAMPLE = handwritten_jobs()[0]  # a Clinical Trial Manager in Raleigh
PRIYA = "priya.raman@meridianbio.example.com"
ELENA = "elena.vasquez@meridianbio.example.com"


def _user_ids(driver, ats: str) -> dict[str, str]:
    """Sandbox user id in that ATS, by email."""
    by_id = driver.ats.get(f"/sandbox/{ats}/users").json()
    return {email: user_id for user_id, email in by_id.items()}


def _mail_about(driver, key: str) -> list[dict[str, Any]]:
    return [
        message
        for message in driver.ats.get("/sandbox/mail").json()
        if any(
            name.lower() == "x-leveling-requisition" and value == key
            for name, value in message["headers"]
        )
    ]


def _decision(driver, key: str) -> dict[str, Any] | None:
    response = driver.leveler.get(f"/v1/requisitions/{key}/decision")
    return dict(response.json()) if response.status_code == 200 else None


def _ashby_job(users: dict[str, str]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "title": SAMPLE["name"],
        "status": "Open",
        "employmentType": "FullTime",
        "department": {"id": "d-clin", "name": "Clinical Operations"},
        "location": {"id": "l-rdu", "name": "Raleigh, NC, United States"},
        "descriptionHtml": SAMPLE["notes"],
        "hiringTeam": [
            {"userId": users[PRIYA], "role": "Recruiter"},
            {"userId": users[ELENA], "role": "Hiring Manager"},
        ],
        "updatedAt": "2026-12-07T09:00:00.000Z",
    }


def test_an_ashby_job_is_decided_written_into_its_custom_fields_and_mailed(driver, wait):
    job = _ashby_job(_user_ids(driver, "ashby"))
    driver.ats.post(f"/sandbox/ashby/jobs/{job['id']}").raise_for_status()
    body = ashby_body("jobCreate", job)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": ASHBY_USER_AGENT,
        "Ashby-Signature": sign_ashby(driver.stack.config.ashby_secret, body),
    }
    response = driver.leveler.post("/v1/webhooks/ashby", content=body, headers=headers)
    assert response.status_code == 202, response.text
    key = f"ashby:{job['id']}"

    decision = wait(lambda: _decision(driver, key), what="Ashby decision")
    fields = wait(
        lambda: [
            f for f in driver.ats.get("/sandbox/ashby/writes").json() if f["job_id"] == job["id"]
        ],
        what="Ashby write-back",
    )
    (write,) = fields
    assert decision["level"] in write["values"].values()
    mail = wait(
        lambda: len(_mail_about(driver, key)) >= 2 and _mail_about(driver, key), what="mail"
    )
    assert sorted(a for m in mail for a in m["to"]) == sorted([PRIYA, ELENA])


def _lever_requisition(users: dict[str, str], number: int) -> dict[str, Any]:
    return {
        "id": f"lever-e2e-{uuid.uuid4().hex[:10]}",
        "requisitionCode": f"E2E-{number}-{uuid.uuid4().hex[:6]}",
        "name": SAMPLE["name"],
        "status": "open",
        "headcountTotal": 1,
        "location": "Raleigh, NC",
        "team": "Clinical Operations",
        "department": "Clinical Development",
        "owner": users[PRIYA],
        "hiringManager": users[ELENA],
        "customFields": {"cost_center": "CD-114"},
    }


def test_a_lever_requisition_is_polled_decided_written_back_and_mailed(driver, wait):
    requisition = _lever_requisition(_user_ids(driver, "lever"), next(_numbers))
    posting = {
        "id": f"posting-{requisition['id']}",
        "text": SAMPLE["name"],
        "requisitionCodes": [requisition["requisitionCode"]],
        "content": {"descriptionHtml": SAMPLE["notes"], "lists": []},
    }
    driver.ats.post("/sandbox/lever/postings", json=posting).raise_for_status()
    driver.ats.post("/sandbox/lever/requisitions", json=requisition).raise_for_status()
    key = f"lever:{requisition['id']}"

    decision = wait(lambda: _decision(driver, key), seconds=60, what="Lever decision")
    updates = wait(
        lambda: [
            u
            for u in driver.ats.get("/sandbox/lever/updates").json()
            if u["requisition_id"] == requisition["id"]
        ],
        what="Lever write-back",
    )
    (update,) = updates
    assert update["body"]["customFields"]["level"] == decision["level"]
    assert update["body"]["customFields"]["cost_center"] == "CD-114"
    mail = wait(
        lambda: len(_mail_about(driver, key)) >= 2 and _mail_about(driver, key), what="mail"
    )
    assert sorted(a for m in mail for a in m["to"]) == sorted([PRIYA, ELENA])
    # The write-back changed the requisition in Lever; the next pass sees nothing new.
    time.sleep(POLL_SECONDS + 1)
    decisions = driver.leveler.get(f"/v1/requisitions/{key}/decisions").json()
    assert [d["decision_version"] for d in decisions] == [1]
