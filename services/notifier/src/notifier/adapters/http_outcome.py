"""HTTP answers and transport errors, classified as delivery failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

from notifier.domain.delivery import Failure, FailureKind, classify_http_status

__all__ = ["failure_from_response", "failure_from_transport", "retry_after"]

_DEFAULT_THROTTLE = timedelta(seconds=10)


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> timedelta | None:
    """`Retry-After` as delay-seconds or an HTTP-date (RFC 9110 section 10.2.3)."""
    raw = response.headers.get("retry-after", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return timedelta(seconds=int(raw))
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(timedelta(0), moment - (now or datetime.now(UTC)))


def failure_from_response(response: httpx.Response, *, what: str) -> Failure:
    detail = " ".join(response.text[:300].split())
    reason = f"{what}: HTTP {response.status_code} {detail}".strip()
    kind = classify_http_status(response.status_code)
    if kind is FailureKind.THROTTLED:
        return Failure.throttled(reason, retry_after=retry_after(response) or _DEFAULT_THROTTLE)
    if kind is FailureKind.PERMANENT:
        return Failure.permanent(reason)
    return Failure.transient(reason, retry_after=retry_after(response))


def failure_from_transport(error: httpx.HTTPError, *, what: str) -> Failure:
    """No answer (refused, reset, timed out): the request may or may not have arrived."""
    return Failure.transient(f"{what}: {type(error).__name__}: {error}".rstrip(": "))
