"""Console sign-in through OpenID Connect: the person, their roles, and the scopes those give.

Any standard provider works (its discovery document, a client id and secret). The person's
roles come from one claim; each role grants the scopes its work needs. The signed-in person
lives in a signed, HTTP-only session cookie; API calls still use machine tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuth
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

from leveling_common.http.auth import Principal
from leveling_common.settings import OidcSettings

__all__ = [
    "ROLE_SCOPES",
    "SESSION_COOKIE",
    "OidcSignIn",
    "Person",
    "ProviderUnreachable",
    "SignInRefused",
    "install_oidc",
    "person_from_claims",
    "signed_in_person",
]

SESSION_COOKIE = "leveling_session"
_PERSON = "person"

# What each role may do: recruiters read and override decisions, comp keeps the catalogue,
# ops runs deliveries and dead letters. Everyone may read what their work refers to.
ROLE_SCOPES: Mapping[str, frozenset[str]] = {
    "recruiter": frozenset(
        {"leveler:read", "leveler:write", "catalogue:read", "pay:read", "notifier:read"}
    ),
    "comp": frozenset({"catalogue:read", "catalogue:write", "pay:read", "leveler:read"}),
    "ops": frozenset({"notifier:read", "notifier:write", "leveler:read", "catalogue:read"}),
}


class SignInRefused(Exception):
    """The provider said no, or its answer did not check out (state, signature, claims)."""


class ProviderUnreachable(Exception):
    """The provider's discovery document or token endpoint could not be reached."""


@dataclass(frozen=True)
class Person:
    """Who signed in: the provider's subject, how to name them, and their product roles."""

    subject: str
    name: str
    email: str | None
    roles: frozenset[str]

    def principal(self) -> Principal:
        scopes = frozenset().union(*(ROLE_SCOPES[role] for role in self.roles))
        return Principal(
            subject=f"oidc:{self.email or self.subject}", scopes=scopes, name=self.name
        )


def _claimed_roles(value: object) -> set[str]:
    if isinstance(value, str):
        return set(value.split())
    if isinstance(value, Iterable):
        return {str(item) for item in value}
    return set()


def person_from_claims(
    claims: Mapping[str, Any], *, roles_claim: str, role_names: Mapping[str, str]
) -> Person:
    """The person an ID token (or userinfo answer) describes, with the product roles whose
    provider-side name (`role_names`, the role's own name by default) appears in the claim."""
    held = _claimed_roles(claims.get(roles_claim))
    roles = frozenset(role for role in ROLE_SCOPES if role_names.get(role, role) in held)
    subject = str(claims["sub"])
    email = claims.get("email")
    name = claims.get("name") or email or subject
    return Person(subject=subject, name=str(name), email=str(email) if email else None, roles=roles)


def signed_in_person(request: Request) -> Person | None:
    """The person of this request's session, while the session has not expired."""
    session = request.scope.get("session") or {}
    stored = session.get(_PERSON)
    if not isinstance(stored, dict) or float(stored.get("until", 0)) < time.time():
        return None
    return Person(
        subject=str(stored["subject"]),
        name=str(stored["name"]),
        email=stored.get("email"),
        roles=frozenset(r for r in stored.get("roles", ()) if r in ROLE_SCOPES),
    )


class OidcSignIn:
    """The provider client and what a successful sign-in stores."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._oauth = OAuth()
        self._oauth.register(
            "provider",
            server_metadata_url=settings.discovery_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret.get_secret_value(),
            client_kwargs={"scope": "openid email profile"},
        )

    @property
    def _client(self) -> Any:
        return self._oauth.create_client("provider")

    async def redirect(self, request: Request, callback_url: str) -> Any:
        """The redirect to the provider's sign-in page (state and nonce kept in the session)."""
        try:
            return await self._client.authorize_redirect(request, callback_url)
        except httpx.HTTPError as error:
            raise ProviderUnreachable(type(error).__name__) from error

    async def complete(self, request: Request) -> Person:
        """The person the provider's answer names, kept in the session."""
        try:
            token = await self._client.authorize_access_token(request)
            claims = token.get("userinfo") or await self._client.userinfo(token=token)
        except AuthlibBaseError as error:
            raise SignInRefused(error.error or "invalid_response") from error
        except httpx.HTTPError as error:
            raise ProviderUnreachable(type(error).__name__) from error
        person = person_from_claims(
            claims, roles_claim=self.settings.roles_claim, role_names=self.settings.role_names
        )
        request.session[_PERSON] = {
            "subject": person.subject,
            "name": person.name,
            "email": person.email,
            "roles": sorted(person.roles),
            "until": time.time() + self.settings.session_hours * 3600,
        }
        return person


def _session_key(admin_token: str) -> str:
    # A key of its own, derived so that no extra secret has to be configured; rotating the
    # admin token signs everyone out, which is what rotating it should do.
    return hmac.new(admin_token.encode(), b"console-session", hashlib.sha256).hexdigest()


def install_oidc(app: FastAPI, settings: OidcSettings | None, *, admin_token: str) -> None:
    """Turn on OIDC sign-in for `app`'s console when `settings` name a provider."""
    app.state.oidc = OidcSignIn(settings) if settings is not None else None
    if settings is None:
        return
    app.add_middleware(
        SessionMiddleware,
        secret_key=_session_key(admin_token),
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.session_hours * 3600),
        same_site="lax",  # the provider's redirect back is a cross-site top-level GET
        https_only=True,
    )
