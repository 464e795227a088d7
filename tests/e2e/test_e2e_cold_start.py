"""A stack that has just started: the first requisition, sent the moment every service
answers /readyz, is written back to the ATS within a second of its webhook."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import httpx
import pytest

from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.stack import LocalStack, StackConfig
from leveling_devstack.webhooks import greenhouse_body, sign_greenhouse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("cold_start")]

WITHIN_S = 1.0


def test_the_first_requisition_after_start_is_written_back_within_a_second(tmp_path: Path):
    stack = LocalStack(StackConfig.on_free_ports(tmp_path, database="sqlite")).start()
    config = stack.config
    try:
        with (
            httpx.Client(base_url=config.ats_url, timeout=10) as ats,
            httpx.Client(base_url=config.url("leveler"), timeout=10) as leveler,
        ):
            job = copy.deepcopy(handwritten_jobs()[0]) | {"id": 9_100_001}
            ats.post("/sandbox/jobs", json=job).raise_for_status()
            body = greenhouse_body("job_created", job)
            headers = {
                "Content-Type": "application/json",
                "Signature": sign_greenhouse(config.greenhouse_secret, body),
                "Greenhouse-Event-ID": "cold-start-1",
            }
            sent = time.monotonic()
            assert (
                leveler.post("/v1/webhooks/greenhouse", content=body, headers=headers).status_code
                == 202
            )
            written: list[dict] = []
            while not written and time.monotonic() - sent < 30:
                written = ats.get("/sandbox/writebacks", params={"job_id": job["id"]}).json()
                time.sleep(0.01)
            elapsed = time.monotonic() - sent
    finally:
        stack.stop()
    assert written, "no write-back within 30 s"
    assert elapsed < WITHIN_S, f"first write-back took {elapsed:.2f} s"
