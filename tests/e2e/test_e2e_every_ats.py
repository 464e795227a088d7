"""Ashby and Lever through the whole local stack: an Ashby job arrives as a signed webhook,
a Lever requisition is found by polling; each is decided, written back into its own ATS,
and mailed to its recruiter and hiring manager, found by their ATS user ids."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from leveling_devstack.other_ats import ashby_job, lever_requisition
from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.webhooks import ashby_request

pytestmark = pytest.mark.e2e

_numbers = itertools.count(9_200_000)
POLL_SECONDS = 5  # LEVELER_LEVER_POLL_SECONDS on the local stack
SAMPLE = handwritten_jobs()[0]  # a Clinical Trial Manager in Raleigh
PRIYA = "priya.raman@meridianbio.example.com"
ELENA = "elena.vasquez@meridianbio.example.com"


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


def _fresh_sample() -> dict[str, Any]:
    """The Raleigh sample job (Priya recruits, Elena hires) under an id of its own."""
    return SAMPLE | {"id": next(_numbers)}


def test_an_ashby_job_is_decided_written_into_its_custom_fields_and_mailed(driver, wait):
    job = ashby_job(_fresh_sample())
    driver.ats.post(f"/sandbox/ashby/jobs/{job['id']}").raise_for_status()
    body, headers = ashby_request(driver.stack.config.ashby_secret, "jobCreate", job)
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


def test_a_lever_requisition_is_polled_decided_written_back_and_mailed(driver, wait):
    requisition, posting = lever_requisition(_fresh_sample())
    requisition["customFields"] = {"cost_center": "CD-114"}
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
