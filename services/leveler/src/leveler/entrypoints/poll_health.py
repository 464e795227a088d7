"""How the Lever passes of this process have gone, for /readyz and the metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leveler.metrics import LEVER_LAST_SUCCESS, LEVER_PASSES
from leveling_common.http import NotReady

__all__ = ["FAILING_AFTER", "LeverPollHealth"]

# One failed pass is a blip (Lever answers 503 now and then); this many in a row is an outage.
FAILING_AFTER = 3


@dataclass
class LeverPollHealth:
    """How this process's Lever passes have gone, for /readyz."""

    failures_in_a_row: int = 0
    last_error: str = ""
    last_success: datetime | None = None

    def succeeded(self, at: datetime) -> None:
        self.failures_in_a_row, self.last_error, self.last_success = 0, "", at
        LEVER_PASSES.labels("ok").inc()
        LEVER_LAST_SUCCESS.set(at.timestamp())

    def failed(self, error: Exception) -> None:
        self.failures_in_a_row += 1
        self.last_error = type(error).__name__
        LEVER_PASSES.labels("failed").inc()

    async def check(self) -> None:
        if self.failures_in_a_row >= FAILING_AFTER:
            since = self.last_success.isoformat() if self.last_success else "start"
            raise NotReady(
                f"{self.failures_in_a_row} Lever passes failed in a row "
                f"({self.last_error}); last good pass: {since}"
            )
