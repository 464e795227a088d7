"""The catalogue console over HTTP: sign-in, every page on seeded data, publishing a draft."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import httpx
import pytest

from catalogue.domain.titles import TitleConvention
from catalogue.entrypoints.api import create_app
from catalogue.entrypoints.console import install_console
from catalogue.entrypoints.console.title_forms import as_lines
from catalogue.seed import seed
from catalogue.service_layer import pay, profiles, titles

pytestmark = pytest.mark.integration
ADMIN = "integration-admin-token-0123456789"
READER = "console-reader-token-0123456789"
OUTSIDER = "console-outsider-token-0123456789"
CPM = "CLINIC.CLINICALDC3A"
SEED_SET = "seed-2025-illustrative"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@pytest.fixture
def catalogue(sqlite_url, run_migrations, make_catalogue):
    tokens = f"{_digest(READER)}=catalogue:read pay:read;{_digest(OUTSIDER)}=leveler:read"
    return make_catalogue(run_migrations(sqlite_url), LEVELING_API_TOKENS=tokens)


@pytest.fixture
async def browser(catalogue):
    """A cookie-keeping client on the catalogue app with its console, over https like a
    browser (the sign-in cookie is Secure)."""
    await seed(catalogue.uow)
    app = create_app(catalogue.settings, catalogue=catalogue)
    if not any(getattr(route, "path", "") == "/console" for route in app.routes):
        install_console(app, settings=catalogue.settings, uow=catalogue.uow)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://catalogue.test") as client:
        yield client


async def _sign_in(client: httpx.AsyncClient, token: str = ADMIN) -> httpx.Response:
    return await client.post("/console/login", data={"token": token, "next": "/console"})


def _scaled(band, factor: Decimal):
    def amount(value: Decimal) -> Decimal:
        return (value * factor).quantize(Decimal(1))

    return replace(band, min=amount(band.min), mid=amount(band.mid), max=amount(band.max))


async def _draft(catalogue, *, percent: int) -> str:
    """A draft raising every band of the seeded set by `percent`, starting in 2027."""
    seeded, _ = await pay.get_band_set(catalogue.uow(), band_set_id=SEED_SET)
    factor = Decimal(100 + percent) / 100
    draft = await pay.create_draft(
        catalogue.uow(),
        name=f"Raise {percent}%",
        effective_from=datetime.fromisoformat("2027-01-01T00:00:00+00:00"),
        bands=[_scaled(band, factor) for band in seeded.bands],
    )
    return draft.id


async def test_pages_send_a_visitor_without_a_token_to_the_sign_in_form(browser):
    answer = await browser.get("/console/band-sets")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=/console/band-sets"
    form = await browser.get("/console/login")
    assert form.status_code == 200
    assert 'name="token"' in form.text


async def test_a_wrong_token_gets_a_401_page_and_no_cookie(browser):
    answer = await _sign_in(browser, "not-a-valid-token-at-all-000")
    assert answer.status_code == 401
    assert "That token is not valid." in answer.text
    assert "set-cookie" not in answer.headers


async def test_a_good_token_sets_a_strict_http_only_secure_cookie_and_opens_the_pages(browser):
    answer = await _sign_in(browser)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console"
    cookie = answer.headers["set-cookie"].lower()
    assert all(part in cookie for part in ("httponly", "secure", "samesite=strict"))
    page = await browser.get("/console")
    assert page.status_code == 200
    assert "Clinical Project Management" in page.text


async def test_every_page_renders_the_seeded_catalogue(browser):
    await _sign_in(browser)
    expected = {
        "/console": "Clinical Trials Administration \u2013 Management",
        f"/console/profiles/{CPM}": "Responsibilities",
        "/console/zones": "US-NYC",
        "/console/band-sets": SEED_SET,
        f"/console/band-sets/{SEED_SET}": "US-BOS",
    }
    for path, text in expected.items():
        page = await browser.get(path)
        assert page.status_code == 200, path
        assert text in page.text, path
    profile = (await browser.get(f"/console/profiles/{CPM}")).text
    assert all(level in profile for level in ("M1", "M2", "M3"))
    assert (await browser.get("/console/profiles/NOPE")).status_code == 404


async def test_a_draft_shows_its_impact_and_publishes_from_the_console(browser, catalogue):
    draft_id = await _draft(catalogue, percent=10)
    await _sign_in(browser)
    page = await browser.get(f"/console/band-sets/{draft_id}")
    assert "Publish this band set" in page.text
    assert "+10.00 %" in page.text
    assert "compared with" in page.text
    published = await browser.post(f"/console/band-sets/{draft_id}/publish")
    assert published.status_code == 303
    after = await browser.get(published.headers["location"])
    assert "Published Raise 10%" in after.text
    band_set, _ = await pay.get_band_set(catalogue.uow(), band_set_id=draft_id)
    assert band_set.status == "published"
    again = await browser.post(f"/console/band-sets/{draft_id}/publish")
    assert "Not published" in (await browser.get(again.headers["location"])).text


async def test_publishing_needs_the_write_scope(browser, catalogue):
    draft_id = await _draft(catalogue, percent=5)
    anonymous = await browser.post(f"/console/band-sets/{draft_id}/publish")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/console/login")
    await _sign_in(browser, READER)
    page = await browser.get(f"/console/band-sets/{draft_id}")
    assert page.status_code == 200
    assert "Publish this band set" not in page.text
    refused = await browser.post(f"/console/band-sets/{draft_id}/publish")
    assert refused.status_code == 403
    assert "catalogue:write" in refused.text
    band_set, _ = await pay.get_band_set(catalogue.uow(), band_set_id=draft_id)
    assert band_set.status == "draft"


async def test_editing_zones_and_profiles_needs_the_write_scope(browser, catalogue):
    await _sign_in(browser, READER)
    page = await browser.get("/console/zones")
    assert page.status_code == 200
    assert "Save the zone" not in page.text
    texas = {"code": "US-TX", "name": "Texas", "country": "US", "differential": "1"}
    refused = await browser.post("/console/zones", data=texas)
    assert refused.status_code == 403
    assert (await browser.get("/console/zones")).text.count("US-TX") == 0
    assert "Save the profile" not in (await browser.get(f"/console/profiles/{CPM}")).text
    renamed = await browser.post(f"/console/profiles/{CPM}", data={"name": "Renamed"})
    assert renamed.status_code == 403
    assert (await profiles.get_profile(catalogue.uow(), code=CPM)).name != "Renamed"


async def test_a_token_without_the_read_scope_is_refused_the_pages(browser):
    await _sign_in(browser, OUTSIDER)
    refused = await browser.get("/console")
    assert refused.status_code == 403
    assert "catalogue:read" in refused.text


async def test_markup_in_catalogue_text_is_shown_as_text(browser, catalogue):
    profile = await profiles.get_profile(catalogue.uow(), code=CPM)
    hostile = "<script>alert('x')</script> Lead"
    await profiles.replace_profile(catalogue.uow(), profile=replace(profile, name=hostile))
    await _sign_in(browser)
    for path in ("/console", f"/console/profiles/{CPM}"):
        page = await browser.get(path)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lead" in page.text


async def test_comp_replaces_the_title_conventions_from_the_console(browser, catalogue):
    await _sign_in(browser)
    empty = await browser.get("/console/titles")
    assert "None: the generic words alone are read." in empty.text
    lines = "p | Member of Technical Staff | 4\n\nP | Lead |\nM | Group <b>Manager</b> | 4\n"
    saved = await browser.post("/console/titles", data={"conventions": lines})
    assert saved.status_code == 303
    assert "Saved+3+title+conventions" in saved.headers["location"]
    assert await titles.list_conventions(catalogue.uow()) == [
        TitleConvention("M", "Group <b>Manager</b>", 4),
        TitleConvention("P", "Lead", None),
        TitleConvention("P", "Member of Technical Staff", 4),
    ]
    page = (await browser.get("/console/titles")).text
    assert "names no level" in page
    assert "Group &lt;b&gt;Manager&lt;/b&gt;" in page
    assert "<b>Manager</b>" not in page
    # The form shows the list as it is saved, so posting it back keeps it.
    assert "P | Lead | \nP | Member of Technical Staff | 4" in page
    kept = await titles.list_conventions(catalogue.uow())
    await browser.post("/console/titles", data={"conventions": as_lines(kept)})
    assert await titles.list_conventions(catalogue.uow()) == kept


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("P | Lead", "line 1: write track | phrase | rank"),
        ("P | Lead | 4\nP | lead | 5", "&#39;lead&#39; is on track P twice"),
        ("Q | Lead | 4", "items.0.track"),
        ("P | Lead | four", "items.0.rank"),
    ],
)
async def test_a_convention_the_console_cannot_take_is_named_and_nothing_changes(
    browser, catalogue, lines, message
):
    await _sign_in(browser)
    refused = await browser.post("/console/titles", data={"conventions": lines})
    assert "error=1" in refused.headers["location"]
    page = await browser.get(refused.headers["location"])
    assert message in page.text
    assert await titles.list_conventions(catalogue.uow()) == []


async def test_changing_title_conventions_needs_the_write_scope(browser, catalogue):
    await _sign_in(browser, READER)
    page = await browser.get("/console/titles")
    assert page.status_code == 200
    assert "Save the conventions" not in page.text
    refused = await browser.post("/console/titles", data={"conventions": "P | Lead | 5"})
    assert refused.status_code == 403
    assert await titles.list_conventions(catalogue.uow()) == []
