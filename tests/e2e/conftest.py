"""The full local stack, started the way `make run` starts it, once per database backend.

Every test gets its own job ids, so tests share one stack without seeing each other.
"""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from leveling_devstack.samples import handwritten_jobs
from leveling_devstack.stack import LocalStack, StackConfig
from leveling_devstack.webhooks import greenhouse_body, sign_greenhouse

_ids = itertools.count(7_100_000)


# Under `-n 2 --dist loadgroup` (make test-e2e) each database's tests go to one worker, so
# each stack starts once; modules with a stack of their own carry a group of their own.
@pytest.fixture(
    scope="session",
    params=[
        pytest.param("sqlite", marks=pytest.mark.xdist_group("sqlite")),
        pytest.param("postgresql", marks=pytest.mark.xdist_group("postgresql")),
    ],
)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalStack]:
    """All processes of the local stack; logs stay under the session's temp dir."""
    base = tmp_path_factory.mktemp(f"stack-{request.param}")
    config = StackConfig.on_free_ports(base, database=request.param)
    running = LocalStack(config).start()
    try:
        yield running
    finally:
        running.stop()


class Driver:
    """Black-box access to the stack: the ATS side, the leveler's API, the mailbox."""

    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        c = stack.config
        auth = {"Authorization": f"Bearer {c.admin_token}"}
        self.ats = httpx.Client(base_url=c.ats_url, timeout=10)
        self.leveler = httpx.Client(base_url=c.url("leveler"), headers=auth, timeout=10)
        self.catalogue = httpx.Client(base_url=c.url("catalogue"), headers=auth, timeout=10)
        self.notifier = httpx.Client(base_url=c.url("notifier"), headers=auth, timeout=10)

    def close(self) -> None:
        for client in (self.ats, self.leveler, self.catalogue, self.notifier):
            client.close()

    # -- the ATS side ------------------------------------------------------------------
    def new_job(self, template: int = 0, **changes: Any) -> dict[str, Any]:
        """A copy of a sample job under a fresh id, known to the ATS sandbox."""
        job = copy.deepcopy(handwritten_jobs()[template])
        job["id"] = next(_ids)
        job.update(changes)
        self.ats.post("/sandbox/jobs", json=job).raise_for_status()
        return job

    def send_like_an_ats(self, job: dict[str, Any], *, seconds: float = 60.0) -> None:
        """Deliver until accepted, retrying on errors the way Greenhouse retries webhooks."""
        deadline = time.monotonic() + seconds
        event_id = f"evt-{job['id']}"
        while True:
            try:
                self.send(job, event_id=event_id)
                return
            except (httpx.HTTPError, AssertionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def send(
        self, job: dict[str, Any], *, action: str = "job_created", event_id: str | None = None
    ) -> httpx.Response:
        body = greenhouse_body(action, job)
        headers = {
            "Content-Type": "application/json",
            "Signature": sign_greenhouse(self.stack.config.greenhouse_secret, body),
            "Greenhouse-Event-ID": event_id or f"evt-{job['id']}-{time.monotonic_ns()}",
        }
        response = self.leveler.post("/v1/webhooks/greenhouse", content=body, headers=headers)
        assert response.status_code in (200, 202), response.text
        return response

    def faults(self, **faults: Any) -> None:
        self.ats.post("/sandbox/faults", json=faults).raise_for_status()

    def writebacks(self, job_id: int) -> list[dict[str, Any]]:
        return list(self.ats.get("/sandbox/writebacks", params={"job_id": job_id}).json())

    def mail_for(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        """Emails about this job: the notifier tags each with its requisition key."""
        key = f"greenhouse:{job['id']}"
        return [
            message
            for message in self.ats.get("/sandbox/mail").json()
            if any(
                name.lower() == "x-leveling-requisition" and value == key
                for name, value in message["headers"]
            )
        ]

    # -- the leveler ---------------------------------------------------------------------
    def decisions(self, job: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.leveler.get(f"/v1/requisitions/greenhouse:{job['id']}/decisions")
        return list(response.json()) if response.status_code == 200 else []

    def decision(self, job: dict[str, Any]) -> dict[str, Any] | None:
        response = self.leveler.get(f"/v1/requisitions/greenhouse:{job['id']}/decision")
        return dict(response.json()) if response.status_code == 200 else None


@pytest.fixture
def new_driver(stack: LocalStack) -> Callable[[], Driver]:
    """A second, independent client (for a thread)."""
    return lambda: Driver(stack)


@pytest.fixture
def driver(stack: LocalStack) -> Iterator[Driver]:
    d = Driver(stack)
    d.faults(clear=True)
    try:
        yield d
    finally:
        d.faults(clear=True)
        d.close()


def eventually(probe: Callable[[], Any], *, seconds: float = 30.0, what: str = "condition") -> Any:
    """Poll until `probe` returns something truthy; eventual consistency with a deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached within {seconds}s")


@pytest.fixture
def wait() -> Callable[..., Any]:
    return eventually


@pytest.fixture(scope="session")
def outage_seconds() -> float:
    """How long dependencies stay down in the outage tests (the issue asks for 30 s)."""
    import os

    return float(os.environ.get("E2E_OUTAGE_SECONDS", "30"))


@pytest.fixture
def artifacts() -> Path:
    path = Path(__file__).resolve().parents[2] / "artifacts"
    path.mkdir(exist_ok=True)
    return path
