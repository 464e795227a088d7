"""One ATS API's HTTP calls: authenticated, classified, behind one rate-limit gate."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from notifier.adapters.http_outcome import failure_from_response, failure_from_transport
from notifier.domain.delivery import Failure
from notifier.domain.exceptions import DeliveryFailed

__all__ = ["AtsHttp"]


class AtsHttp:
    """Calls to one ATS account; every failure becomes a `DeliveryFailed`.

    After a 429 every call fails fast as throttled until Retry-After has passed, instead
    of spending the whole rate window on refused requests.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        auth: httpx.Auth,
        timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._auth = auth
        self._timeout_s = timeout_s
        self._clock = clock
        self._not_before = 0.0

    async def call(self, method: str, path: str, *, what: str, **kwargs: Any) -> httpx.Response:
        wait = self._not_before - self._clock()
        if wait > 0:
            raise DeliveryFailed(
                Failure.throttled(f"{what}: rate limited", retry_after=timedelta(seconds=wait))
            )
        try:
            response = await self._http.request(
                method,
                f"{self._base_url}{path}",
                auth=self._auth,
                timeout=self._timeout_s,
                **kwargs,
            )
        except httpx.HTTPStatusError as error:  # from an OAuth token endpoint
            raise DeliveryFailed(failure_from_response(error.response, what="token")) from error
        except httpx.HTTPError as error:
            raise DeliveryFailed(failure_from_transport(error, what=what)) from error
        if response.is_success:
            return response
        failure = failure_from_response(response, what=what)
        if response.status_code == 429 and failure.retry_after is not None:
            self._not_before = self._clock() + failure.retry_after.total_seconds()
        raise DeliveryFailed(failure)
