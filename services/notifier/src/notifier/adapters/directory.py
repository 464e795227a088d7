"""Who an ATS user id is: each ATS's user look-up behind one in-memory cache."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping

from notifier.domain.decision import Person
from notifier.domain.delivery import Failure
from notifier.domain.exceptions import DeliveryFailed

__all__ = ["AtsDirectory", "UserLookup"]

# Fetches one user of one ATS; raises DeliveryFailed when it cannot.
UserLookup = Callable[[str], Awaitable[Person]]


class AtsDirectory:
    """Names and emails of the users of every connected ATS, each kept for `ttl_s`.

    Hiring teams name people by ATS user id; one look-up per person and TTL keeps a burst
    of emails from spending the ATS's rate limit on the same few recruiters.
    """

    def __init__(
        self,
        lookups: Mapping[str, UserLookup],
        *,
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookups = dict(lookups)
        self._ttl_s = ttl_s
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self._lookups)

    async def person(self, source: str, user_id: str) -> Person:
        lookup = self._lookups.get(source)
        if lookup is None:
            raise DeliveryFailed(Failure.permanent(f"no user look-up for {source or 'this ATS'}"))
        cached = self._cache.get((source, user_id))
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        found = await lookup(user_id)
        self._cache[(source, user_id)] = (self._clock() + self._ttl_s, found)
        return found
