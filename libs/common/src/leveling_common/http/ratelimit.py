"""Per-source rate limits, so a misbehaving ATS or script spends only its own allowance.

A source is a webhook's ATS (counted once its signature holds, so forged calls cannot use
up a real ATS's allowance) or an API token. Past the limit a call is answered 429 with
`Retry-After`. The counts live in the process (the `limits` library's moving window in
memory): with N replicas behind a balancer a source gets up to N times the limit, which
still bounds it.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from leveling_common.http.problem import ProblemError

__all__ = ["RateLimiter", "parse_rate_limit"]


def parse_rate_limit(text: str) -> RateLimitItem:
    """`"100/second"`, `"6000 per minute"`…; ValueError names what is wrong."""
    return parse(text)


class RateLimiter:
    def __init__(self, limit: str) -> None:
        self._item = parse_rate_limit(limit)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, source: str) -> None:
        """Count one call of `source`; a 429 problem with Retry-After when over the limit."""
        if self._limiter.hit(self._item, source):
            return
        reset_at, _remaining = self._limiter.get_window_stats(self._item, source)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise ProblemError(
            status=429,
            title="Too many requests",
            detail=f"This source is over its rate limit ({self._item}); retry in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
