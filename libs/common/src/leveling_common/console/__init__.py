"""The web console's shared parts: the layout, sign-in, page rendering.

Each service serves its own pages under `/console`; they share this layout. People sign in
through the company's OpenID Connect provider when one is configured (`console.oidc`); an
API token (kept in an HTTP-only, SameSite=Strict cookie) also signs in, for operators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from leveling_common.http.auth import Principal, TokenAuthority
from leveling_common.http.oidc import (
    OidcSignIn,
    ProviderUnreachable,
    SignInRefused,
    signed_in_person,
)
from leveling_common.logging import get_logger

__all__ = ["COOKIE", "Console", "ConsoleLoginRequired", "visitor"]

COOKIE = "leveling_token"
_LAYOUT_DIR = Path(__file__).with_name("templates")
_log = get_logger(__name__)
_UNREACHABLE = "The sign-in provider cannot be reached; try again shortly."


class ConsoleLoginRequired(Exception):
    """Raised by a page whose visitor has no token with the needed scope."""


class Console:
    """Templates (service pages over the shared layout), navigation and sign-in routes."""

    def __init__(
        self,
        *,
        service: str,
        templates_dir: Path | None,
        nav: Sequence[tuple[str, str]],
        secure_cookie: bool = True,
    ) -> None:
        self.service = service
        self.nav = list(nav)
        self.secure_cookie = secure_cookie
        loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
        environment = Environment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(str(_LAYOUT_DIR))]),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        self.templates = Jinja2Templates(env=environment)

    def principal(self, request: Request, scope: str) -> Principal:
        principal = visitor(request)
        if principal is None or not principal.allows(scope):
            raise ConsoleLoginRequired
        return principal

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        active: str = "",
        status_code: int = 200,
    ) -> HTMLResponse:
        values = {
            "service": self.service,
            "nav": self.nav,
            "active": active,
            "signed_in": _who(visitor(request)),
            "flash": request.query_params.get("flash"),
            "flash_error": request.query_params.get("error") == "1",
            **(context or {}),
        }
        return self.templates.TemplateResponse(request, template, values, status_code=status_code)

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)

        @router.get("/login", response_class=HTMLResponse)
        async def login_form(request: Request, next: str = "/console") -> Response:
            return self.render(request, "login.html", self._login_context(request, next))

        @router.post("/login")
        async def login(
            request: Request,
            token: Annotated[str, Form()] = "",
            next: Annotated[str, Form()] = "/console",
        ) -> Response:
            authority: TokenAuthority = request.app.state.token_authority
            if authority.resolve(token) is None:
                return self.render(
                    request,
                    "login.html",
                    {
                        **self._login_context(request, next),
                        "flash": "That token is not valid.",
                        "flash_error": True,
                    },
                    status_code=401,
                )
            response = RedirectResponse(_local_path(next), status_code=303)
            response.set_cookie(
                COOKIE, token, httponly=True, secure=self.secure_cookie, samesite="strict"
            )
            return response

        @router.post("/logout")
        async def logout(request: Request) -> Response:
            response = RedirectResponse("/console/login", status_code=303)
            response.delete_cookie(COOKIE)
            if "session" in request.scope:
                request.session.clear()
            return response

        self._add_oidc_routes(router)
        return router

    def _login_context(self, request: Request, next: str) -> dict[str, Any]:
        return {"next": _local_path(next), "sso": _oidc(request) is not None}

    def _add_oidc_routes(self, router: APIRouter) -> None:
        @router.get("/login/oidc", name="console_oidc_start")
        async def oidc_start(request: Request, next: str = "/console") -> Response:
            oidc = _oidc(request)
            if oidc is None:
                return RedirectResponse("/console/login", status_code=303)
            request.session["next"] = _local_path(next)
            callback = str(request.url_for("console_oidc_callback"))
            try:
                response: Response = await oidc.redirect(request, callback)
            except ProviderUnreachable:
                return self._sign_in_failed(request, next, _UNREACHABLE, status=503)
            return response

        @router.get("/login/oidc/callback", name="console_oidc_callback")
        async def oidc_callback(request: Request) -> Response:
            oidc = _oidc(request)
            if oidc is None:
                return RedirectResponse("/console/login", status_code=303)
            next_page = _local_path(str(request.session.pop("next", "/console")))
            try:
                person = await oidc.complete(request)
            except SignInRefused as error:
                _log.info("console_sign_in_refused", reason=str(error))
                return self._sign_in_failed(request, next_page, "The sign-in was refused.")
            except ProviderUnreachable:
                return self._sign_in_failed(request, next_page, _UNREACHABLE, status=503)
            if not person.roles:
                request.session.clear()
                message = f"{person.name} has no role here (recruiter, comp or ops)."
                return self._sign_in_failed(request, next_page, message, status=403)
            _log.info("console_signed_in", subject=person.subject, roles=sorted(person.roles))
            return RedirectResponse(next_page, status_code=303)

    def _sign_in_failed(
        self, request: Request, next_page: str, message: str, *, status: int = 401
    ) -> Response:
        context = {**self._login_context(request, next_page), "flash": message}
        return self.render(
            request, "login.html", {**context, "flash_error": True}, status_code=status
        )

    def install(self, app: Any) -> None:
        """Add the sign-in routes and turn ConsoleLoginRequired into a redirect."""
        app.include_router(self.router())

        async def to_login(request: Request, _exc: Exception) -> Response:
            target = quote(str(request.url.path), safe="/")
            return RedirectResponse(f"/console/login?next={target}", status_code=303)

        app.add_exception_handler(ConsoleLoginRequired, to_login)


def _oidc(request: Request) -> OidcSignIn | None:
    oidc = getattr(request.app.state, "oidc", None)
    return oidc if isinstance(oidc, OidcSignIn) else None


def visitor(request: Request) -> Principal | None:
    """Who is looking: the signed-in person, else the holder of the token cookie."""
    person = signed_in_person(request)
    if person is not None:
        return person.principal()
    token = request.cookies.get(COOKIE)
    authority: TokenAuthority = request.app.state.token_authority
    return authority.resolve(token) if token else None


def _who(principal: Principal | None) -> str:
    """How the header names the visitor ("" when nobody is signed in)."""
    if principal is None:
        return ""
    return principal.name or ("API token" if principal.subject != "admin" else "Admin token")


def _local_path(target: str) -> str:
    # Only same-site paths: an open redirect would let a link send a signed-in user anywhere.
    if not target.startswith("/") or target.startswith("//"):
        return "/console"
    return target
