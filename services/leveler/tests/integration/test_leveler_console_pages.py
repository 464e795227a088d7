"""The leveler console over HTTP: sign-in, the review queue, a requisition, overriding a level.

The app runs on a migrated SQLite database with the catalogue served over real HTTP; the
decisions are made by the same use case the worker runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from leveler.adapters.migrations import migrate
from leveler.bootstrap import bootstrap
from leveler.config import Settings
from leveler.entrypoints.api.app import create_app
from leveler.entrypoints.console import install_console
from leveler.service_layer import queries
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.testing import CatalogueStub, seed_snapshot
from leveling_common.events import REQUISITION_OPENED, RequisitionData

pytestmark = pytest.mark.integration
ADMIN = "integration-admin-token-0123456789"
READER = "console-reader-token-0123456789"
AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
NEW_YORK = {"name": "New York", "city": "New York", "region": "NY", "country": "US"}
HOSTILE = "<script>alert('x')</script> Clinical Project Manager"


def _requisition(job_id: int, title: str, description: str, **extra) -> RequisitionData:
    return RequisitionData(
        requisition_key=f"greenhouse:{job_id}",
        source_system="greenhouse",
        external_id=str(job_id),
        title=title,
        description=description,
        location=NEW_YORK,
        **extra,
    )


SAMPLES = [
    _requisition(101, "Clinical Project Manager", "<p>Manage clinical trials.</p> 3+ years."),
    _requisition(102, "Project Manager", "Coordinate things."),
    _requisition(103, "Chef", "Cook food in a restaurant kitchen."),
    _requisition(104, HOSTILE, "Manage clinical trials & sites. 3+ years."),
]


@pytest.fixture
def catalogue_stub():
    with CatalogueStub(seed_snapshot(), token=ADMIN) as stub:
        yield stub


@pytest.fixture
async def container(sqlite_url, catalogue_stub):
    await asyncio.to_thread(migrate, sqlite_url)
    digest = hashlib.sha256(READER.encode()).hexdigest()
    settings = Settings(
        LEVELING_ADMIN_TOKEN=ADMIN,
        LEVELING_API_TOKENS=f"{digest}=leveler:read",
        CATALOGUE_URL=catalogue_stub.url,
        database_url=sqlite_url,
    )
    built = bootstrap(settings)
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
async def decided(container):
    """The samples decided one minute apart, oldest first, as the worker decides them."""
    loaded = await container.catalogue.current()
    for minutes, data in enumerate(SAMPLES):
        uow = container.uow()
        async with uow:
            at = AT + timedelta(minutes=minutes)
            incoming = [IncomingRequisition(REQUISITION_OPENED, data)]
            await apply_requisitions(uow, incoming, loaded, at=at)
            await uow.commit()
    return container


@pytest.fixture
async def browser(decided):
    """A cookie-keeping client over https (the sign-in cookie is Secure)."""
    app = create_app(decided)
    if not any(getattr(route, "path", "") == "/console" for route in app.routes):
        install_console(
            app,
            settings=decided.settings,
            uow=decided.uow,
            catalogue=decided.catalogue,
            clock=decided.clock,
        )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://leveler.test") as client:
        yield client


async def _sign_in(client: httpx.AsyncClient, token: str = ADMIN) -> httpx.Response:
    return await client.post("/console/login", data={"token": token, "next": "/console"})


async def test_signing_in_with_a_bad_token_fails_and_a_good_one_opens_the_queue(browser):
    assert (await browser.get("/console")).headers["location"] == "/console/login?next=/console"
    refused = await _sign_in(browser, "definitely-not-a-token-000000")
    assert refused.status_code == 401
    assert "That token is not valid." in refused.text
    accepted = await _sign_in(browser)
    assert accepted.status_code == 303
    assert "samesite=strict" in accepted.headers["set-cookie"].lower()
    assert (await browser.get("/console")).status_code == 200


async def test_the_review_queue_lists_needs_review_decisions_newest_first_with_reasons(browser):
    await _sign_in(browser)
    page = (await browser.get("/console")).text
    keys = re.findall(r"<code class=\"muted\">(greenhouse:\d+)</code>", page)
    assert keys == ["greenhouse:104", "greenhouse:102", "greenhouse:101"]
    assert "low confidence" in page
    assert "Evidence" in page
    assert "confidence <strong>" in page
    unmatched = (await browser.get("/console?status=unmatched")).text
    assert "Chef" in unmatched
    assert "greenhouse:101" not in unmatched


async def test_titles_from_the_ats_are_escaped(browser):
    await _sign_in(browser)
    for path in ("/console", "/console/requisitions/greenhouse:104"):
        page = (await browser.get(path)).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


async def test_a_requisition_page_shows_the_snapshot_history_and_the_override_form(browser):
    await _sign_in(browser)
    page = await browser.get("/console/requisitions/greenhouse:101")
    assert page.status_code == 200
    text = page.text
    assert "Manage clinical trials." in text
    assert "<p>Manage" not in text
    assert all(f'<option value="M{rank}"' in text for rank in range(1, 6))
    assert "Decision history" in text
    assert "/console/requisitions/greenhouse:101" in text
    assert (await browser.get("/console/requisitions/greenhouse:999")).status_code == 404


async def test_an_override_from_the_console_makes_a_new_audited_version(browser, decided):
    await _sign_in(browser)
    before = await queries.current_decision(decided.uow(), "greenhouse:101")
    form = {"level": "M3", "reason": "Leads two study teams", "by": "jane@example.com"}
    answer = await browser.post("/console/requisitions/greenhouse:101/override", data=form)
    assert answer.status_code == 303
    page = (await browser.get(answer.headers["location"])).text
    assert "Level set to M3 (version 2)." in page
    assert "jane@example.com: Leads two study teams" in page
    assert f"{before.level} → M3" in page
    current = await queries.current_decision(decided.uow(), "greenhouse:101")
    assert (current.status, current.level, current.decision_version) == ("overridden", "M3", 2)
    assert current.overridden_by == "jane@example.com"
    assert "greenhouse:101" not in (await browser.get("/console")).text


async def test_an_override_to_a_level_the_profile_lacks_is_refused_with_a_message(browser, decided):
    await _sign_in(browser)
    form = {"level": "M9", "reason": "typo", "by": "jane@example.com"}
    answer = await browser.post("/console/requisitions/greenhouse:101/override", data=form)
    page = (await browser.get(answer.headers["location"])).text
    assert "Not overridden" in page
    empty = {"level": "M2", "reason": " ", "by": "jane@example.com"}
    answer = await browser.post("/console/requisitions/greenhouse:101/override", data=empty)
    assert "Give the level, a reason" in (await browser.get(answer.headers["location"])).text
    history = await queries.decision_history(decided.uow(), "greenhouse:101")
    assert [d.decision_version for d in history] == [1]


async def test_overriding_needs_the_write_scope(browser, decided):
    form = {"level": "M3", "reason": "Leads two study teams", "by": "jane@example.com"}
    anonymous = await browser.post("/console/requisitions/greenhouse:101/override", data=form)
    assert anonymous.headers["location"].startswith("/console/login")
    await _sign_in(browser, READER)
    page = (await browser.get("/console/requisitions/greenhouse:101")).text
    assert (
        "Overriding needs the recruiter role, or a token with the <code>leveler:write</code> scope."
        in page
    )
    refused = await browser.post("/console/requisitions/greenhouse:101/override", data=form)
    assert refused.status_code == 403
    history = await queries.decision_history(decided.uow(), "greenhouse:101")
    assert [d.decision_version for d in history] == [1]
