"""What every service's console pages share: scope checks, the 403 page, navigation,
post/redirect/get, and the Jinja2 filters for money and times."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from leveling_common.console import Console, ConsoleLoginRequired, visitor
from leveling_common.http import Principal

__all__ = [
    "ConsoleForbidden",
    "authorise",
    "install_filters",
    "install_forbidden_page",
    "local_path",
    "nav_links",
    "redirect_with",
]

_DEFAULT_URLS = {
    "Catalogue": "http://127.0.0.1:8001",
    "Leveler": "http://127.0.0.1:8002",
    "Notifier": "http://127.0.0.1:8003",
}


class ConsoleForbidden(Exception):
    """A signed-in visitor whose token lacks the scope a page or an action needs."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


def authorise(console: Console, request: Request, scope: str) -> Principal:
    """The visitor's principal; sign-in when there is no valid token, 403 when it lacks scope."""
    try:
        return console.principal(request, scope)
    except ConsoleLoginRequired:
        if visitor(request) is not None:
            raise ConsoleForbidden(scope) from None
        raise


def install_forbidden_page(console: Console, app: FastAPI, *, active: str) -> None:
    async def forbidden(request: Request, exc: Exception) -> Response:
        scope = exc.scope if isinstance(exc, ConsoleForbidden) else ""
        return console.render(
            request,
            "error.html",
            {"page_title": "Not allowed", "status": 403, "scope": scope},
            active=active,
            status_code=403,
        )

    app.add_exception_handler(ConsoleForbidden, forbidden)


def nav_links(settings: Any, *, here: str) -> list[tuple[str, str]]:
    """Links to the three consoles: `here` by relative path, the others from `settings`
    (`catalogue_url`, `leveler_url`, `notifier_url` where the service has them)."""
    links = []
    for label, default in _DEFAULT_URLS.items():
        if label == here:
            links.append((label, "/console"))
            continue
        base = getattr(settings, f"{label.lower()}_url", None) or default
        links.append((label, f"{str(base).rstrip('/')}/console"))
    return links


def local_path(target: str, default: str = "/console") -> str:
    """`target` when it is a console page of this host; an open redirect would let a link
    send a signed-in user anywhere."""
    if target.startswith("/console") and not target.startswith("//"):
        return target
    return default


def redirect_with(path: str, message: str, *, error: bool = False) -> RedirectResponse:
    """Post/redirect/get: the next page (`path`, which may carry a query) shows `message`."""
    parts = urlsplit(path)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("flash", "error")]
    flash = [("flash", message), *([("error", "1")] if error else [])]
    return RedirectResponse(f"{parts.path}?{urlencode([*kept, *flash])}", status_code=303)


def _money(value: Decimal | float | int | None) -> str:
    return "—" if value is None else f"{Decimal(value):,.0f}"


def _signed(value: Decimal | float | int | None) -> str:
    return "—" if value is None else f"{Decimal(value):+,.0f}"


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def install_filters(console: Console) -> None:
    filters = console.templates.env.filters
    filters["money"] = _money
    filters["signed"] = _signed
    filters["when"] = _when
