"""Bearer tokens with scopes.

`LEVELING_ADMIN_TOKEN` holds every scope. More tokens come from `LEVELING_API_TOKENS` as
SHA-256 digests (never the tokens themselves): `<sha256 hex>=scope scope;<hex>=scope`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from leveling_common.http.problem import ProblemError

__all__ = ["SCOPES", "Principal", "TokenAuthority", "require_scope"]

SCOPES = (
    "catalogue:read",
    "catalogue:write",
    "pay:read",
    "leveler:read",
    "leveler:write",
    "notifier:read",
    "notifier:write",
)
_ALL = "*"


@dataclass(frozen=True)
class Principal:
    subject: str
    scopes: frozenset[str]
    # How to name a signed-in person (OIDC); tokens have only their subject.
    name: str | None = None

    def allows(self, scope: str) -> bool:
        return _ALL in self.scopes or scope in self.scopes


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuthority:
    """Resolves a presented token to a Principal, comparing digests in constant time."""

    def __init__(self, *, admin_token: str, api_tokens: str = "") -> None:
        self._admin_digest = _digest(admin_token)
        self._tokens: list[tuple[str, frozenset[str]]] = []
        for entry in filter(None, (part.strip() for part in api_tokens.split(";"))):
            digest, _, scopes = entry.partition("=")
            unknown = set(scopes.split()) - set(SCOPES)
            if len(digest) != 64 or unknown:
                raise ValueError(f"LEVELING_API_TOKENS: bad entry for digest {digest[:8]}…")
            self._tokens.append((digest.lower(), frozenset(scopes.split())))

    def resolve(self, token: str) -> Principal | None:
        presented = _digest(token)
        if hmac.compare_digest(presented, self._admin_digest):
            return Principal(subject="admin", scopes=frozenset({_ALL}))
        for digest, scopes in self._tokens:
            if hmac.compare_digest(presented, digest):
                return Principal(subject=f"token:{digest[:8]}", scopes=scopes)
        return None


_bearer = HTTPBearer(auto_error=False, description="API token: `Authorization: Bearer <token>`")


def _authority(request: Request) -> TokenAuthority:
    authority = getattr(request.app.state, "token_authority", None)
    if not isinstance(authority, TokenAuthority):
        raise ProblemError(status=500, title="Authentication is not configured")
    return authority


def require_scope(scope: str) -> Any:
    """A dependency that admits a bearer token (or console cookie) carrying `scope`."""

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        token = credentials.credentials if credentials else request.cookies.get("leveling_token")
        if not token:
            raise ProblemError(
                status=401,
                title="Authentication required",
                detail="Send Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        principal = _authority(request).resolve(token)
        if principal is None:
            raise ProblemError(
                status=401, title="Invalid token", headers={"WWW-Authenticate": "Bearer"}
            )
        if not principal.allows(scope):
            raise ProblemError(
                status=403, title="Missing scope", detail=f"This call needs the {scope!r} scope."
            )
        return principal

    return Depends(dependency)
