"""The three web consoles in a real browser (Debian's chromium driven by Playwright), on the
local stack started the way `make run` starts it.

A recruiter reviews a decision the engine was unsure of and overrides it (signed in with a
token, and signed in through the stack's OpenID Connect provider for a job from each ATS,
which flows back into that ATS and into an email naming them); comp publishes a
draft band set after reading its impact; an operator retries a delivery that died, replays
dead letters and looks at the pipeline. Screenshots land in artifacts/screenshots/.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from leveling_devstack.ats_sandbox.ashby import ASHBY_FIELDS
from leveling_devstack.other_ats import ashby_job, lever_requisition
from leveling_devstack.people import RECRUITERS
from leveling_devstack.samples import handwritten_jobs, sample_jobs
from leveling_devstack.stack import LocalStack, StackConfig, bundled_seeds
from leveling_devstack.webhooks import ashby_request, greenhouse_body, sign_greenhouse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("console")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
HOSTILE_TITLE = "<script>alert('x')</script> Project Manager"
HOSTILE_JOB = 7_900_001
UNKNOWN_JOB = 7_900_002
SEED_SET = "seed-2025-illustrative"


def eventually(probe: Callable[[], Any], *, seconds: float = 45.0, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what} not reached within {seconds}s")


class Stack:
    """The running stack and API clients for its services and the ATS sandbox."""

    def __init__(self, running: LocalStack) -> None:
        self.running = running
        config = running.config
        auth = {"Authorization": f"Bearer {config.admin_token}"}
        self.token = config.admin_token
        self.url = {name: config.url(name) for name in ("catalogue", "leveler", "notifier")}
        self.ats = httpx.Client(base_url=config.ats_url, timeout=10)
        self.api = {
            name: httpx.Client(base_url=url, headers=auth, timeout=10)
            for name, url in self.url.items()
        }

    def close(self) -> None:
        for client in (self.ats, *self.api.values()):
            client.close()

    def send(self, job: dict[str, Any]) -> None:
        body = greenhouse_body("job_created", job)
        headers = {
            "Content-Type": "application/json",
            "Signature": sign_greenhouse(self.running.config.greenhouse_secret, body),
            "Greenhouse-Event-ID": f"console-{job['id']}-{time.monotonic_ns()}",
        }
        answer = self.api["leveler"].post("/v1/webhooks/greenhouse", content=body, headers=headers)
        assert answer.status_code in (200, 202), answer.text

    def decision(self, job_id: int) -> dict[str, Any] | None:
        answer = self.api["leveler"].get(f"/v1/requisitions/greenhouse:{job_id}/decision")
        return dict(answer.json()) if answer.status_code == 200 else None

    def deliveries(self, status: str) -> list[dict[str, Any]]:
        answer = self.api["notifier"].get("/v1/deliveries", params={"status": status})
        return list(answer.json()["items"])


def _raised(amount: object) -> Decimal:
    return (Decimal(str(amount)) * Decimal("1.05")).quantize(Decimal(1))


def _job(job_id: int, **changes: Any) -> dict[str, Any]:
    job = copy.deepcopy(handwritten_jobs()[0])
    job.update(id=job_id, **changes)
    return job


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The local stack with every sample job sent, a job with markup in its title and a
    job the ATS does not know, so its write-back dies."""
    config = StackConfig.on_free_ports(tmp_path_factory.mktemp("console-stack"))
    running = LocalStack(config).start()
    stack = Stack(running)
    try:
        hostile = _job(HOSTILE_JOB, name=HOSTILE_TITLE, notes="<p>Coordinate things.</p>")
        stack.ats.post("/sandbox/jobs", json=hostile).raise_for_status()
        for job in [*sample_jobs(bundled_seeds()), hostile, _job(UNKNOWN_JOB)]:
            stack.send(job)
        eventually(lambda: stack.decision(HOSTILE_JOB), what="the last job's decision")
        yield stack
    finally:
        stack.close()
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A fresh browser profile; any script run by the page (an alert) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", refuse)
    try:
        yield opened
    finally:
        context.close()
    assert dialogs == [], f"the page ran a script: {dialogs}"


def _sign_in(page: Page, base: str, token: str) -> None:
    # The form itself: the cookie of another console on this host may already be sent here
    # (cookies do not tell ports apart), and then /console would not ask to sign in.
    page.goto(f"{base}/console/login")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_load_state()


async def _produce(bootstrap: str, topic: str, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"poison:1")
    finally:
        await producer.stop()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_each_console_refuses_a_bad_token_and_opens_with_a_good_one(page: Page, stack: Stack):
    landing = {"catalogue": "Role profiles", "leveler": "Review queue", "notifier": "Deliveries"}
    for service, heading in landing.items():
        page.context.clear_cookies()
        page.goto(f"{stack.url[service]}/console")
        assert "/console/login" in page.url
        _sign_in(page, stack.url[service], "not-the-right-token-000000")
        assert page.get_by_text("That token is not valid.").is_visible()
        _sign_in(page, stack.url[service], stack.token)
        assert page.url == f"{stack.url[service]}/console"
        assert page.locator("h1").first.inner_text() == heading
        _shot(page, f"{service}-console")


def test_a_recruiter_reviews_a_decision_and_overrides_its_level(page: Page, stack: Stack):
    _sign_in(page, stack.url["leveler"], stack.token)
    newest = page.locator(".card").first
    key = newest.locator("code").first.inner_text()
    decision = stack.api["leveler"].get(f"/v1/requisitions/{key}/decision").json()
    assert decision["status"] == "needs_review"
    assert newest.locator("table.signals tbody tr").count() == len(decision["explanation"])
    _shot(page, "leveler-review-queue")
    newest.locator("h2 a").click()
    page.wait_for_load_state()
    target = "M4" if decision["level"] != "M4" else "M2"
    page.select_option("select[name=level]", target)
    page.fill("input[name=by]", "priya.r@talent.meridianbio.example.com")
    page.fill("textarea[name=reason]", "Runs the whole programme; scope is a level higher.")
    page.get_by_role("button", name="Set the level").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Level set to {target} (version 2).").is_visible()
    rows = page.locator("h2:has-text('Decision history') + table tbody tr")
    assert rows.count() == 2
    assert "overridden" in rows.first.inner_text()
    _shot(page, "leveler-requisition-overridden")
    current = stack.api["leveler"].get(f"/v1/requisitions/{key}/decision").json()
    assert (current["status"], current["level"]) == ("overridden", target)
    page.goto(f"{stack.url['leveler']}/console")
    assert page.locator(".card", has_text=key).count() == 0


def test_markup_in_an_ats_title_is_shown_as_text_on_both_consoles(page: Page, stack: Stack):
    key = f"greenhouse:{HOSTILE_JOB}"
    _sign_in(page, stack.url["leveler"], stack.token)
    page.goto(f"{stack.url['leveler']}/console/requisitions/{key}")
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    _sign_in(page, stack.url["notifier"], stack.token)

    def titled() -> bool:
        page.goto(f"{stack.url['notifier']}/console/requisitions/{key}")
        return page.locator("h1").inner_text() == HOSTILE_TITLE

    eventually(titled, what="the job's decision in the notifier")
    _shot(page, "notifier-requisition-markup-title")


def test_comp_reads_a_drafts_impact_and_publishes_it(page: Page, stack: Stack):
    catalogue = stack.api["catalogue"]
    seeded = catalogue.get(f"/v1/band-sets/{SEED_SET}").json()
    raised = [
        {**band, **{k: str(_raised(band[k])) for k in ("min", "mid", "max")}}
        for band in seeded["bands"]
    ]
    draft = catalogue.post(
        "/v1/band-sets",
        json={"name": "2027 raise", "effective_from": "2027-01-01T00:00:00Z", "bands": raised},
    )
    assert draft.status_code == 201, draft.text
    draft_id = draft.json()["id"]
    _sign_in(page, stack.url["catalogue"], stack.token)
    page.get_by_role("link", name="Band sets").click()
    page.get_by_role("link", name="2027 raise").click()
    page.wait_for_load_state()
    assert page.get_by_text("bands change").is_visible()
    assert page.get_by_text("+5.00 %").first.is_visible()
    moves = page.locator("table.moves tbody tr")
    assert moves.count() >= 1
    assert "Clinical" in moves.first.inner_text()
    _shot(page, "catalogue-draft-impact")
    page.get_by_role("button", name="Publish this band set").click()
    page.wait_for_load_state()
    assert page.get_by_text("Published 2027 raise").is_visible()
    assert page.locator("h1 .tag").inner_text() == "published"
    _shot(page, "catalogue-published")
    assert catalogue.get(f"/v1/band-sets/{draft_id}").json()["status"] == "published"


def test_an_operator_retries_a_dead_delivery_once_the_cause_is_fixed(page: Page, stack: Stack):
    key = f"greenhouse:{UNKNOWN_JOB}"
    eventually(
        lambda: any(d["requisition_key"] == key for d in stack.deliveries("dead")),
        what="the dead write-back",
    )
    _sign_in(page, stack.url["notifier"], stack.token)
    page.goto(f"{stack.url['notifier']}/console?status=dead")
    row = page.locator("tr", has_text=key).first
    assert row.get_by_role("button", name="Retry").is_visible()
    _shot(page, "notifier-dead-deliveries")
    stack.ats.post("/sandbox/jobs", json=_job(UNKNOWN_JOB)).raise_for_status()
    row.get_by_role("button", name="Retry").click()
    page.wait_for_load_state()
    assert page.get_by_text("is pending again").is_visible()

    def sent() -> bool:
        page.goto(f"{stack.url['notifier']}/console/requisitions/{key}")
        rows = page.locator("tr", has_text="greenhouse")
        return rows.count() > 0 and "sent" in rows.first.inner_text()

    eventually(sent, what="the retried write-back sent")
    _shot(page, "notifier-requisition-retried")


def test_an_operator_replays_dead_letters_and_watches_the_pipeline(page: Page, stack: Stack):
    # Playwright's sync API keeps an event loop running in this thread: produce from another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        bootstrap = stack.running.broker.bootstrap
        pool.submit(asyncio.run, _produce(bootstrap, "requisitions.v1", b"not an event")).result()
    _sign_in(page, stack.url["notifier"], stack.token)
    card = page.locator(".card", has_text="requisitions.v1.dlq")

    def dead_lettered() -> bool:
        page.goto(f"{stack.url['notifier']}/console/dead-letters")
        return card.locator("tbody tr").count() > 0

    eventually(dead_lettered, what="the poison record in requisitions.v1.dlq")
    assert card.locator("tbody tr").first.inner_text().count("poison:1") == 1
    _shot(page, "notifier-dead-letters")
    card.get_by_role("button", name="Replay to requisitions.v1").click()
    page.wait_for_load_state()
    assert page.get_by_text("Replayed 1 dead letter(s) to requisitions.v1.").is_visible()
    page.get_by_role("link", name="Pipeline").click()
    page.wait_for_load_state()
    lag = page.locator("h2:has-text('Consumer lag') + table").inner_text()
    assert "leveler" in lag
    assert "notifier" in lag
    assert page.locator("svg rect").count() > 0
    _shot(page, "notifier-pipeline")


PRIYA = RECRUITERS[0]  # the recruiter of the Raleigh sample job


def _job_in(stack: Stack, ats: str, job_id: int) -> tuple[str, Callable[[], object]]:
    """Open `job_id` in that ATS; its requisition key and a reader of the level written back."""
    job = _job(job_id)
    api = stack.ats
    if ats == "greenhouse":
        api.post("/sandbox/jobs", json=job).raise_for_status()
        stack.send(job)
        writes = lambda: api.get("/sandbox/writebacks", params={"job_id": job_id}).json()  # noqa: E731
        return f"greenhouse:{job_id}", lambda: [
            f["value"] for w in writes() for f in w["body"]["custom_fields"]
            if f.get("name_key") == "level"
        ]  # fmt: skip
    if ats == "ashby":
        posted = ashby_job(job)
        api.post(f"/sandbox/ashby/jobs/{posted['id']}").raise_for_status()
        body, headers = ashby_request(stack.running.config.ashby_secret, "jobCreate", posted)
        answer = stack.api["leveler"].post("/v1/webhooks/ashby", content=body, headers=headers)
        assert answer.status_code == 202, answer.text
        return f"ashby:{posted['id']}", lambda: [
            w["values"][ASHBY_FIELDS.level] for w in api.get("/sandbox/ashby/writes").json()
            if w["job_id"] == posted["id"]
        ]  # fmt: skip
    requisition, posting = lever_requisition(job)
    api.post("/sandbox/lever/postings", json=posting).raise_for_status()
    api.post("/sandbox/lever/requisitions", json=requisition).raise_for_status()
    updates = lambda: api.get("/sandbox/lever/updates").json()  # noqa: E731
    rid = requisition["id"]
    return f"lever:{rid}", lambda: [
        u["body"]["customFields"]["level"] for u in updates() if u["requisition_id"] == rid
    ]


def _sign_in_through_the_provider(page: Page, base: str, next_page: str, email: str) -> None:
    page.goto(f"{base}/console/login?next={next_page}")
    page.get_by_role("link", name="Sign in with your company account").click()
    page.get_by_role("button", name=email).click()  # the provider's page: one click a person
    page.wait_for_url(f"{base}{next_page}")


@pytest.mark.parametrize("ats", ["greenhouse", "ashby", "lever"])
def test_a_recruiter_signed_in_through_oidc_overrides_and_it_reaches_the_ats(
    page: Page, stack: Stack, ats: str
):
    job_id = {"greenhouse": 7_900_011, "ashby": 7_900_012, "lever": 7_900_013}[ats]
    key, levels_written = _job_in(stack, ats, job_id)
    leveler = stack.api["leveler"]
    decided = lambda: leveler.get(f"/v1/requisitions/{key}/decision").json()  # noqa: E731
    decision = eventually(lambda: levels_written() and decided(), seconds=60, what="write-back")
    here = f"/console/requisitions/{key}"
    _sign_in_through_the_provider(page, stack.url["leveler"], here, PRIYA.email)
    assert page.locator("header .who").inner_text() == PRIYA.name
    assert page.locator("input[name=by]").count() == 0  # the signed-in person is the author
    target = "M4" if decision["level"] != "M4" else "M2"
    page.select_option("select[name=level]", target)
    page.fill("textarea[name=reason]", "Owns the whole programme budget.")
    page.get_by_role("button", name="Set the level").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Level set to {target} (version 2).").is_visible()
    _shot(page, f"leveler-oidc-override-{ats}")
    eventually(lambda: levels_written()[-1:] == [target], what=f"the override in {ats}")
    (audit,) = leveler.get(f"/v1/requisitions/{key}/overrides").json()
    assert (audit["by"], audit["principal"]) == (PRIYA.name, f"oidc:{PRIYA.email}")

    def override_mail() -> list[dict[str, Any]]:
        return [
            m
            for m in stack.ats.get("/sandbox/mail").json()
            if ["x-leveling-requisition", key] in [[n.lower(), v] for n, v in m["headers"]]
            and PRIYA.email in m["to"]
            and f"Overridden by {PRIYA.name}" in m["text"]
        ]  # fmt: skip

    assert eventually(override_mail, what="the override email naming the recruiter")
