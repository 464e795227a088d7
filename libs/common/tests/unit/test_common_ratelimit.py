"""Per-source rate limits: one source over its limit is refused, the others are served."""

from __future__ import annotations

import pytest

from leveling_common.http import ProblemError
from leveling_common.http.ratelimit import RateLimiter, parse_rate_limit


def test_a_source_past_its_limit_gets_429_with_retry_after_and_another_is_served():
    limiter = RateLimiter("3/minute")
    for _ in range(3):
        limiter.check("webhook:greenhouse")
    with pytest.raises(ProblemError) as refused:
        limiter.check("webhook:greenhouse")
    assert refused.value.status == 429
    assert 1 <= int(refused.value.headers["Retry-After"]) <= 60
    limiter.check("webhook:ashby")
    limiter.check("token:ops")


@pytest.mark.parametrize("text", ["100/second", "6000 per minute", "10/hour"])
def test_limits_are_written_as_a_count_per_period(text):
    assert parse_rate_limit(text).amount > 0


@pytest.mark.parametrize("text", ["fast", "100", "-1/second"])
def test_an_unreadable_limit_is_refused(text):
    with pytest.raises(ValueError, match="couldn't parse rate limit"):
        RateLimiter(text)
