"""Console sign-in through a real OpenID Connect provider (oidc-provider-mock over HTTP).

The console shell is the one every service installs; a page asks for `leveler:write`, the
scope of overriding. The provider's authorisation form is answered the way a person's click
would answer it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from oidc_provider_mock import User, run_server_in_thread

import leveler
from leveling_common.console import Console
from leveling_common.console.pages import authorise, install_forbidden_page
from leveling_common.http import create_service_app
from leveling_common.http.oidc import SESSION_COOKIE
from notifier.config import Settings

pytestmark = pytest.mark.integration

ADMIN = "integration-admin-token-0123456789"
LEVELER_TEMPLATES = Path(leveler.__file__).parent / "entrypoints" / "console" / "templates"
PEOPLE = (
    User(sub="priya", claims={"email": "priya@example.com", "name": "Priya Raman",
                              "roles": ["recruiter"]}),
    User(sub="noor", claims={"email": "noor@example.com", "name": "Noor Haddad",
                             "roles": "comp"}),
    User(sub="tara", claims={"email": "tara@example.com", "name": "Tara Quinn",
                             "groups": ["Talent Acquisition"]}),
    User(sub="vic", claims={"email": "vic@example.com", "name": "Vic Visitor"}),
)  # fmt: skip


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


def _app(**env: Any) -> FastAPI:
    settings = Settings(LEVELING_ADMIN_TOKEN=ADMIN, **env)
    app = create_service_app(service="test", version="0", settings=settings, readiness={})
    console = Console(service="leveler", templates_dir=LEVELER_TEMPLATES, nav=[])
    console.install(app)
    install_forbidden_page(console, app, active="")

    @app.get("/console/override")
    async def override_page(request: Request) -> PlainTextResponse:
        principal = authorise(console, request, "leveler:write")
        return PlainTextResponse(f"{principal.name} as {principal.subject}")

    return app


def _oidc_env(provider: str, **more: str) -> dict[str, str]:
    return {
        "LEVELING_OIDC_DISCOVERY_URL": f"{provider}/.well-known/openid-configuration",
        "LEVELING_OIDC_CLIENT_ID": "consoles",
        "LEVELING_OIDC_CLIENT_SECRET": "console-secret",
        **more,
    }


@pytest.fixture
async def console(provider: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(**_oidc_env(provider)))
    async with httpx.AsyncClient(transport=transport, base_url="https://consoles.test") as client:
        yield client


async def _sign_in(console: httpx.AsyncClient, sub: str, *, action: str = "") -> httpx.Response:
    """Start at the console, answer the provider's form as `sub`, return the callback's answer."""
    started = await console.get("/console/login/oidc", params={"next": "/console/override"})
    assert started.status_code == 302
    authorize = started.headers["location"]
    form = {"action": action} if action else {"sub": sub}
    async with httpx.AsyncClient() as browser:
        answered = await browser.post(authorize, data=form)
    assert answered.status_code == 302, answered.text
    callback = answered.headers["location"]
    assert callback.startswith("https://consoles.test/console/login/oidc/callback?")
    return await console.get(callback)


async def test_a_recruiter_signs_in_and_the_page_knows_who_they_are(console):
    page = await console.get("/console/login")
    assert 'href="/console/login/oidc?next=/console"' in page.text
    done = await _sign_in(console, "priya")
    assert (done.status_code, done.headers["location"]) == (303, "/console/override")
    cookie = done.headers["set-cookie"].lower()
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert {"httponly", "secure", "samesite=lax"} <= {part.strip() for part in cookie.split(";")}
    page = await console.get("/console/override")
    assert page.text == "Priya Raman as oidc:priya@example.com"
    signed_out = await console.post("/console/logout")
    assert signed_out.status_code == 303
    assert (await console.get("/console/override")).status_code == 303  # to sign-in again


async def test_a_role_without_the_pages_scope_is_refused_with_403(console):
    await _sign_in(console, "noor")  # comp: catalogue writes, no overrides
    page = await console.get("/console/override")
    assert page.status_code == 403
    assert "leveler:write" in page.text


async def test_a_person_with_no_role_here_is_not_signed_in(console):
    done = await _sign_in(console, "vic")
    assert done.status_code == 403
    assert "Vic Visitor has no role here" in done.text
    assert (await console.get("/console/override")).status_code == 303


async def test_a_denied_sign_in_and_a_forged_state_are_refused(console):
    denied = await _sign_in(console, "", action="deny")
    assert denied.status_code == 401
    assert "The sign-in was refused." in denied.text
    started = await console.get("/console/login/oidc")
    state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
    forged = await console.get(
        "/console/login/oidc/callback", params={"code": "stolen", "state": state + "x"}
    )
    assert forged.status_code == 401
    assert (await console.get("/console/override")).status_code == 303


async def test_a_companys_own_group_names_map_onto_the_roles(provider):
    env = _oidc_env(
        provider,
        LEVELING_OIDC_ROLES_CLAIM="groups",
        LEVELING_OIDC_ROLE_NAMES="recruiter=Talent Acquisition",
    )
    transport = httpx.ASGITransport(app=_app(**env))
    async with httpx.AsyncClient(transport=transport, base_url="https://consoles.test") as console:
        await _sign_in(console, "tara")
        page = await console.get("/console/override")
    assert page.text == "Tara Quinn as oidc:tara@example.com"


async def test_an_unreachable_provider_is_said_plainly():
    env = _oidc_env("http://127.0.0.1:9")  # nothing listens on the discard port
    transport = httpx.ASGITransport(app=_app(**env))
    async with httpx.AsyncClient(transport=transport, base_url="https://consoles.test") as console:
        page = await console.get("/console/login/oidc")
    assert page.status_code == 503
    assert "cannot be reached" in page.text


async def test_without_a_provider_the_console_offers_tokens_only():
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="https://consoles.test") as console:
        page = await console.get("/console/login")
        assert "/console/login/oidc" not in page.text
        started = await console.get("/console/login/oidc")
    assert (started.status_code, started.headers["location"]) == (303, "/console/login")
