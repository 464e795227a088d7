"""The web console's shared parts: the layout, sign-in with a token cookie, page rendering.

Each service serves its own pages under `/console`; they share this layout and the same
bearer tokens (kept in an HTTP-only, SameSite=Strict cookie after signing in).
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

__all__ = ["COOKIE", "Console", "ConsoleLoginRequired"]

COOKIE = "leveling_token"
_LAYOUT_DIR = Path(__file__).with_name("templates")


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
        token = request.cookies.get(COOKIE)
        authority: TokenAuthority = request.app.state.token_authority
        principal = authority.resolve(token) if token else None
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
            "signed_in": COOKIE in request.cookies,
            "flash": request.query_params.get("flash"),
            "flash_error": request.query_params.get("error") == "1",
            **(context or {}),
        }
        return self.templates.TemplateResponse(request, template, values, status_code=status_code)

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)

        @router.get("/login", response_class=HTMLResponse)
        async def login_form(request: Request, next: str = "/console") -> Response:
            return self.render(request, "login.html", {"next": _local_path(next)})

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
                        "next": _local_path(next),
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
        async def logout() -> Response:
            response = RedirectResponse("/console/login", status_code=303)
            response.delete_cookie(COOKIE)
            return response

        return router

    def install(self, app: Any) -> None:
        """Add the sign-in routes and turn ConsoleLoginRequired into a redirect."""
        app.include_router(self.router())

        async def to_login(request: Request, _exc: Exception) -> Response:
            target = quote(str(request.url.path), safe="/")
            return RedirectResponse(f"/console/login?next={target}", status_code=303)

        app.add_exception_handler(ConsoleLoginRequired, to_login)


def _local_path(target: str) -> str:
    # Only same-site paths: an open redirect would let a link send a signed-in user anywhere.
    if not target.startswith("/") or target.startswith("//"):
        return "/console"
    return target
