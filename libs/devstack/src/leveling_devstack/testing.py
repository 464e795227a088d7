"""pytest plugin (entry point `devstack`): a real SMTP sink and a real ATS sandbox.

Both servers start once per session, on free ports, and are reset before each test by the
function-scoped wrappers `mailbox` and `ats`. Use the wrappers in tests; use the
session fixtures to hand the addresses to services under test.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from leveling_devstack.ats_sandbox import SANDBOX_API_KEY, SandboxState, create_app
from leveling_devstack.people import INTEGRATION_USER
from leveling_devstack.samples import sample_jobs
from leveling_devstack.server import BackgroundServer
from leveling_devstack.smtp_sink import SmtpSink

__all__ = ["RunningSandbox"]


@dataclass(frozen=True)
class RunningSandbox:
    """The served sandbox: where it listens, its state, and the credentials it accepts."""

    url: str
    state: SandboxState
    api_key: str = SANDBOX_API_KEY
    on_behalf_of: int = INTEGRATION_USER.id

    @property
    def auth_header(self) -> str:
        """`Authorization` value for the Harvest API (key as user name, empty password)."""
        return "Basic " + base64.b64encode(f"{self.api_key}:".encode()).decode()

    @property
    def write_headers(self) -> dict[str, str]:
        """Headers a Harvest write needs: Basic auth and On-Behalf-Of."""
        return {"Authorization": self.auth_header, "On-Behalf-Of": str(self.on_behalf_of)}


@pytest.fixture(scope="session")
def devstack_seeds_dir() -> Path | None:
    """Seed postings to add to the sandbox's jobs; override in a conftest to use them."""
    return None


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SmtpSink]:
    """One SMTP sink for the session; tests should use `mailbox`, which clears it."""
    sink = SmtpSink(port=0)
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def mailbox(smtp_sink: SmtpSink) -> SmtpSink:
    """The session's SMTP sink, emptied and without faults."""
    smtp_sink.reset()
    return smtp_sink


@pytest.fixture(scope="session")
def ats_sandbox(smtp_sink: SmtpSink, devstack_seeds_dir: Path | None) -> Iterator[RunningSandbox]:
    """The ATS sandbox served by uvicorn in a background thread for the whole session.

    It shows the session's SMTP sink at /sandbox/mail and on its console.
    """
    state = SandboxState(jobs=sample_jobs(devstack_seeds_dir), mail=smtp_sink)
    server = BackgroundServer(create_app(state), port=0)
    server.start()
    try:
        yield RunningSandbox(url=server.url, state=state)
    finally:
        server.stop()


@pytest.fixture
def ats(ats_sandbox: RunningSandbox) -> RunningSandbox:
    """The session's ATS sandbox, reset to its initial jobs with empty logs and no faults."""
    ats_sandbox.state.reset()
    return ats_sandbox
