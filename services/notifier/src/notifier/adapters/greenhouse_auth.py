"""How the notifier authenticates to a Greenhouse-compatible API.

Harvest v1/v2 take Basic auth with the API key as user name and an empty password;
Harvest v3 takes an OAuth 2.0 bearer token from the client-credentials grant.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable

import httpx

__all__ = ["ClientCredentialsAuth", "basic_key_auth"]


def basic_key_auth(api_key: str) -> httpx.Auth:
    return httpx.BasicAuth(api_key, "")


class ClientCredentialsAuth(httpx.Auth):
    """OAuth 2.0 client credentials (RFC 6749 section 4.4) with a cached bearer token.

    The token is fetched on first use and again shortly before it expires, or once when
    the API answers 401 (the token was revoked early).
    """

    requires_response_body = True

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str | None = None,
        subject: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        refresh_margin_s: float = 60.0,
    ) -> None:
        self._token_url = token_url
        self._client = (client_id, client_secret)
        self._scope = scope
        # Harvest v3 names the acting Greenhouse user in the token (`sub`), not per call.
        self._subject = subject
        self._clock = clock
        self._margin = refresh_margin_s
        self._token: str | None = None
        self._expires_at = 0.0

    def _token_request(self) -> httpx.Request:
        form = {"grant_type": "client_credentials"}
        if self._scope:
            form["scope"] = self._scope
        if self._subject:
            form["sub"] = self._subject
        request = httpx.Request("POST", self._token_url, data=form)
        return next(httpx.BasicAuth(*self._client).auth_flow(request))

    def _store(self, response: httpx.Response) -> None:
        response.raise_for_status()
        document = response.json()
        self._token = str(document["access_token"])
        lifetime = float(document.get("expires_in", 3600))
        self._expires_at = self._clock() + max(0.0, lifetime - self._margin)

    def _fresh(self) -> bool:
        return self._token is not None and self._clock() < self._expires_at

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # Overriding the async flow means reading token answers ourselves: httpx reads
        # bodies for `requires_response_body` only in its default flows.
        if not self._fresh():
            token_answer = yield self._token_request()
            await token_answer.aread()
            self._store(token_answer)
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:
            await response.aread()
            token_answer = yield self._token_request()
            await token_answer.aread()
            self._store(token_answer)
            request.headers["Authorization"] = f"Bearer {self._token}"
            yield request
