"""A comp analyst works in the catalogue console in Chromium: imports profile documents
(preview, apply, a second preview that changes nothing, and a broken document that stops
the batch with the file and line named and nothing applied), and adds and changes a zone
with the API's validation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, async_playwright

from catalogue.bootstrap import Catalogue
from catalogue.entrypoints.api import create_app
from catalogue.seed import PROFILE_DOCUMENTS, profile_document
from leveling_common.testing import free_port, serving

pytestmark = pytest.mark.integration

ADMIN_TOKEN = "integration-admin-token-0123456789"
CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
async def console_url(sqlite_url, run_migrations, make_catalogue) -> AsyncIterator[str]:
    catalogue: Catalogue = make_catalogue(await asyncio.to_thread(run_migrations, sqlite_url))
    app = create_app(catalogue.settings, catalogue=catalogue)
    async with serving(app, port=free_port()) as url:
        yield url


@pytest.fixture
async def page(console_url: str) -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = await browser.new_page(base_url=console_url)
            await page.goto("/console/login?next=/console/import")
            await page.fill("input[name=token]", ADMIN_TOKEN)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/console/import")
            yield page
        finally:
            await browser.close()


@pytest.fixture
def seed_files(tmp_path: Path) -> list[Path]:
    paths = []
    for name in PROFILE_DOCUMENTS:
        path = tmp_path / name
        path.write_text(profile_document(name), encoding="utf-8")
        paths.append(path)
    return paths


async def _preview(page: Page, files: list[Path]) -> None:
    await page.goto("/console/import")
    await page.set_input_files("#files", [str(path) for path in files])
    await page.click("text=Preview changes")


async def test_documents_are_previewed_then_applied_and_a_second_upload_changes_nothing(
    page, seed_files
):
    await _preview(page, seed_files)
    rows = page.locator("tbody tr")
    assert await rows.count() == 2
    assert await page.locator(f"tr:has-text('{CPM}') .change-added").count() == 1
    await page.click("text=Apply these changes")
    await page.wait_for_url("**/console/import?flash=*")
    flash = await page.locator(".flash").inner_text()
    assert flash.startswith("Imported 2 documents: 2 added; catalogue version")

    await page.goto("/console")
    assert await page.locator(f"text={CTA}").count() >= 1

    await _preview(page, seed_files)
    assert await page.locator(".change-unchanged").count() == 2
    assert await page.locator("text=Nothing would change").count() == 1
    assert await page.locator("text=Apply these changes").count() == 0


async def test_a_broken_document_stops_the_batch_naming_file_and_line(page, seed_files):
    broken = seed_files[1].with_name("broken-profile.txt")
    broken.write_text("Not a profile document at all\n", encoding="utf-8")
    await _preview(page, [seed_files[0], broken])
    alert = await page.locator("[role=alert]").inner_text()
    assert "Nothing was imported" in alert
    assert "broken-profile.txt: line 1" in alert
    assert await page.locator("text=Apply these changes").count() == 0

    await page.goto("/console")
    assert await page.locator(f"text={CPM}").count() == 0


async def test_a_zone_is_added_refused_when_invalid_and_changed(page, console_url):
    await page.goto("/console/zones")
    await page.fill("input[name=code]", "us-tx")
    await page.fill("input[name=name]", "Texas")
    await page.fill("input[name=country]", "US")
    await page.fill("input[name=region]", "tx")
    await page.fill("input[name=cities]", "Austin, Dallas")
    await page.fill("input[name=differential]", "0.97")
    await page.click("text=Save the zone")
    await page.wait_for_url("**/console/zones?flash=*")
    assert await page.locator(".flash").inner_text() == "Zone US-TX added."
    row = page.locator("tr", has_text="US-TX")
    assert "austin, dallas" in await row.inner_text()

    await row.get_by_role("link", name="Edit").click()
    await page.fill("input[name=differential]", "-3")
    await page.click("text=Save the zone")
    await page.wait_for_url("**/console/zones?edit=US-TX*")
    refused = await page.locator(".flash.error").inner_text()
    assert refused.startswith("Not saved: differential:")
    await page.fill("input[name=differential]", "1.04")
    await page.click("text=Save the zone")
    await page.wait_for_url("**/console/zones?flash=*")
    assert await page.locator(".flash").inner_text() == "Zone US-TX saved."

    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        zone = (await api.get("/v1/zones/US-TX")).json()
    assert (zone["region"], zone["cities"], float(zone["differential"])) == (
        "TX",
        ["austin", "dallas"],
        1.04,
    )


async def test_a_rule_with_a_future_start_is_added_and_a_backwards_one_refused(page, console_url):
    await page.goto("/console/zones")
    form = page.locator("form[action='/console/jurisdictions']")
    await form.locator("input[name=code]").fill("us-vt")
    await form.locator("input[name=name]").fill("Vermont")
    await form.locator("input[name=country]").fill("US")
    await form.locator("input[name=region]").fill("vt")
    await form.locator("input[name=effective_from]").fill("2031-07-01")
    await form.locator("input[name=effective_to]").fill("2031-01-01")
    await form.locator("input[name=covers_remote]").check()
    await page.click("text=Save the rule")
    await page.wait_for_url("**/console/zones?flash=*")
    refused = await page.locator(".flash.error").inner_text()
    assert refused == "Rule not saved: effective_to must be after effective_from"

    await form.locator("input[name=code]").fill("us-vt")
    await form.locator("input[name=name]").fill("Vermont")
    await form.locator("input[name=country]").fill("US")
    await form.locator("input[name=region]").fill("vt")
    await form.locator("input[name=effective_from]").fill("2031-07-01")
    await form.locator("input[name=covers_remote]").check()
    await page.click("text=Save the rule")
    await page.wait_for_url("**/console/zones?flash=*")
    saved = await page.locator(".flash").inner_text()
    assert saved == "Rule US-VT added; in force from 2031-07-01."
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        rules = (await api.get("/v1/jurisdictions")).json()
    (vermont,) = [r for r in rules if r["code"] == "US-VT"]
    assert (vermont["region"], vermont["covers_remote"], vermont["effective_to"]) == (
        "VT",
        True,
        None,
    )


async def test_a_profiles_aliases_and_pay_factor_are_changed_with_the_apis_checks(
    page, console_url
):
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        text = profile_document(PROFILE_DOCUMENTS[0])
        imported = await api.post("/v1/import/profile-document", content=text.encode())
        code = imported.json()["profile"]["code"]
    await page.goto(f"/console/profiles/{code}")
    await page.fill("input[name=pay_factor]", "42")
    await page.click("text=Save the profile")
    await page.wait_for_url(f"**/console/profiles/{code}?flash=*")
    assert (await page.locator(".flash.error").inner_text()).startswith("Not saved: pay_factor:")

    aliases = page.locator("textarea[name=aliases]")
    await aliases.fill((await aliases.input_value()) + "\nStudy Delivery Lead")
    await page.fill("input[name=pay_factor]", "1.08")
    await page.click("text=Save the profile")
    await page.wait_for_url(f"**/console/profiles/{code}?flash=*")
    assert await page.locator(".flash").inner_text() == f"Profile {code} saved."
    assert "Study Delivery Lead" in await page.locator(".card").first.inner_text()
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        profile = (await api.get(f"/v1/profiles/{code}")).json()
    assert "Study Delivery Lead" in profile["aliases"]
    assert float(profile["pay_factor"]) == 1.08
    assert profile["levels"]  # everything the form does not show is kept


async def test_a_levels_rubric_years_and_responsibilities_are_changed(page, console_url):
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        text = profile_document(PROFILE_DOCUMENTS[0])
        imported = await api.post("/v1/import/profile-document", content=text.encode())
        code = imported.json()["profile"]["code"]
    await page.goto(f"/console/profiles/{code}")
    card = page.locator("#level-M2")
    await card.locator("summary").click()
    await card.locator("input[name=years_min]").fill("-2")
    await card.get_by_role("button", name="Save M2").click()
    await page.wait_for_url(f"**/console/profiles/{code}?flash=*")
    refused = await page.locator(".flash.error").inner_text()
    assert refused.startswith("M2 not saved: years_min:")

    card = page.locator("#level-M2")
    await card.locator("summary").click()
    await card.locator("input[name=years_min]").fill("4")
    await card.locator("input[name=years_max]").fill("7")
    await card.locator("textarea[name=rubric_knowledge]").fill("Runs several studies at once.")
    duties = card.locator("textarea[name=responsibilities]")
    await duties.fill((await duties.input_value()) + "\nOwns the study's inspection readiness")
    await card.get_by_role("button", name="Save M2").click()
    await page.wait_for_url(f"**/console/profiles/{code}?flash=*")
    assert await page.locator(".flash").inner_text() == f"Level M2 of {code} saved."
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        profile = (await api.get(f"/v1/profiles/{code}")).json()
    (m2,) = [level for level in profile["levels"] if level["code"] == "M2"]
    assert (m2["years_min"], m2["years_max"]) == (4, 7)
    assert m2["rubric"]["knowledge"] == "Runs several studies at once."
    assert m2["responsibilities"][-1] == "Owns the study's inspection readiness"
    assert len(profile["levels"]) > 1  # the other levels are untouched


async def test_a_drafts_structure_is_edited_entry_by_entry(page, console_url):
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        text = profile_document(PROFILE_DOCUMENTS[0])
        function = (await api.post("/v1/import/profile-document", content=text.encode())).json()
        function_code = function["profile"]["function_code"]
        zone = {"code": "US-OTHER", "name": "US other states", "country": "US"}
        await api.put("/v1/zones/US-OTHER", json=zone)
        draft = {"name": "2031 bands", "effective_from": "2031-01-01T00:00:00Z"}
        draft_id = (await api.post("/v1/band-sets", json=draft)).json()["id"]
    await page.goto(f"/console/band-sets/{draft_id}")

    details = page.locator("form[action$='/details']")
    await details.locator("textarea[name=differentials]").fill("US-OTHER=100, MARS=90")
    await page.click("text=Save the draft")
    await page.wait_for_url(f"**/console/band-sets/{draft_id}?flash=*")
    assert "MARS" in await page.locator(".flash.error").inner_text()
    await details.locator("textarea[name=differentials]").fill("US-OTHER=100")
    await details.locator("input[name=round_to]").fill("500")
    await page.click("text=Save the draft")
    await page.wait_for_url(f"**/console/band-sets/{draft_id}?flash=*")
    assert await page.locator(".flash").inner_text() == "Draft saved."

    entry = page.locator("form[action$='/entries']")
    await entry.locator("input[name=function_code]").fill(function_code)
    await entry.locator("input[name=level]").fill("M2")
    for amount, value in (("min", "130000"), ("mid", "110000"), ("max", "90000")):
        await entry.locator(f"input[name={amount}]").fill(value)
    await page.click("text=Save the entry")
    await page.wait_for_url(f"**/console/band-sets/{draft_id}?flash=*")
    assert "min <= mid <= max" in await page.locator(".flash.error").inner_text()
    for amount, value in (("min", "90000"), ("mid", "110000"), ("max", "130000")):
        await entry.locator(f"input[name={amount}]").fill(value)
    await entry.locator("input[name=function_code]").fill(function_code)
    await entry.locator("input[name=level]").fill("M2")
    await page.click("text=Save the entry")
    await page.wait_for_url(f"**/console/band-sets/{draft_id}?flash=*")
    assert await page.locator(".flash").inner_text() == f"Baseline {function_code} M2 saved."

    async with httpx.AsyncClient(base_url=console_url, headers=headers) as api:
        saved = (await api.get(f"/v1/band-sets/{draft_id}")).json()
    assert (saved["differentials"], saved["round_to"]) == ({"US-OTHER": 100.0}, 500)
    assert [(b["level"], b["mid"]) for b in saved["baselines"]] == [("M2", 110000)]
    assert any(b["zone"] == "US-OTHER" and b["derived"] for b in saved["resolved_bands"])
