"""The sandbox's OAuth 2.0 token endpoint for Harvest v3 (client credentials grant).

As Greenhouse's: `POST /auth/token` with HTTP Basic `client_id:client_secret` and the form
`grant_type=client_credentials&sub=<user id>`; the answer is a bearer token with a lifetime.
Tests can shorten the lifetime or revoke every token to see the notifier fetch a new one.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SANDBOX_CLIENT_ID", "SANDBOX_CLIENT_SECRET", "IssuedToken", "TokenIssuer"]

SANDBOX_CLIENT_ID = "sandbox-client"
SANDBOX_CLIENT_SECRET = "sandbox-client-secret"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    value: str
    user_id: int
    expires_at: float


class TokenIssuer:
    def __init__(
        self,
        *,
        clients: dict[str, str] | None = None,
        lifetime_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clients = dict(clients or {SANDBOX_CLIENT_ID: SANDBOX_CLIENT_SECRET})
        self.lifetime_s = self._initial_lifetime_s = lifetime_s
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[str, IssuedToken] = {}
        self.issued = 0

    def accepts(self, client_id: str, client_secret: str) -> bool:
        expected = self.clients.get(client_id)
        return expected is not None and secrets.compare_digest(expected, client_secret)

    def issue(self, user_id: int) -> IssuedToken:
        token = IssuedToken(secrets.token_urlsafe(24), user_id, self._clock() + self.lifetime_s)
        with self._lock:
            self._tokens[token.value] = token
            self.issued += 1
        return token

    def valid(self, value: str) -> IssuedToken | None:
        with self._lock:
            token = self._tokens.get(value)
        return token if token is not None and self._clock() < token.expires_at else None

    def revoke_all(self) -> None:
        """Every token stops working at once (as when credentials are rotated)."""
        with self._lock:
            self._tokens.clear()

    def reset(self) -> None:
        """Back to a fresh issuer: no tokens, nothing issued, the initial lifetime."""
        with self._lock:
            self._tokens.clear()
            self.issued = 0
            self.lifetime_s = self._initial_lifetime_s
