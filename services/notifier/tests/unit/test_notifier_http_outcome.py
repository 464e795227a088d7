from datetime import UTC, datetime, timedelta

import httpx

from notifier.adapters.http_outcome import failure_from_response, retry_after
from notifier.domain.delivery import FailureKind

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def answer(status, **headers):
    return httpx.Response(status, headers=headers, text="busy")


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    assert retry_after(answer(503, **{"Retry-After": "120"})) == timedelta(seconds=120)
    dated = answer(503, **{"Retry-After": "Mon, 02 Nov 2026 10:00:30 GMT"})
    assert retry_after(dated, now=NOW) == timedelta(seconds=30)
    past = answer(503, **{"Retry-After": "Mon, 02 Nov 2026 09:00:00 GMT"})
    assert retry_after(past, now=NOW) == timedelta(0)
    assert retry_after(answer(503, **{"Retry-After": "soon"})) is None
    assert retry_after(answer(503)) is None


def test_a_rate_limit_without_retry_after_still_waits_a_while():
    failure = failure_from_response(answer(429), what="PATCH job 1")
    assert failure.kind is FailureKind.THROTTLED
    assert failure.retry_after == timedelta(seconds=10)
    assert failure.reason == "PATCH job 1: HTTP 429 busy"


def test_a_server_error_with_retry_after_is_transient_and_keeps_the_hint():
    failure = failure_from_response(answer(503, **{"Retry-After": "5"}), what="x")
    assert failure.kind is FailureKind.TRANSIENT
    assert failure.retry_after == timedelta(seconds=5)
