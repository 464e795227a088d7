"""The leveler's Prometheus metrics: `leveling_decisions_*`."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter, Gauge

from leveling_common.events import DecisionData

__all__ = ["DECISIONS", "LEVER_LAST_SUCCESS", "LEVER_PASSES", "count_decisions"]

DECISIONS = Counter(
    "leveling_decisions_total",
    "Decisions stored, by status (auto_approved, needs_review, unmatched, overridden) and "
    "reason (new, requisition_changed, band_changed, override).",
    ["status", "reason"],
)


LEVER_PASSES = Counter(
    "leveling_lever_poll_passes_total",
    "Passes over Lever's requisitions, by outcome: ok, failed, or standby (another process "
    "holds the poller lease).",
    ["outcome"],
)
LEVER_LAST_SUCCESS = Gauge(
    "leveling_lever_poll_last_success_timestamp_seconds",
    "When this process last finished a pass over Lever's requisitions (Unix time).",
)


def count_decisions(decisions: Iterable[DecisionData]) -> None:
    """Count decisions once their transaction committed (never ones rolled back)."""
    for decision in decisions:
        DECISIONS.labels(decision.status, decision.reason).inc()
