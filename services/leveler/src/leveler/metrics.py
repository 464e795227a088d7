"""The leveler's Prometheus metrics: `leveling_decisions_*`."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import Counter

from leveling_common.events import DecisionData

__all__ = ["DECISIONS", "count_decisions"]

DECISIONS = Counter(
    "leveling_decisions_total",
    "Decisions stored, by status (auto_approved, needs_review, unmatched, overridden) and "
    "reason (new, requisition_changed, band_changed, override).",
    ["status", "reason"],
)


def count_decisions(decisions: Iterable[DecisionData]) -> None:
    """Count decisions once their transaction committed (never ones rolled back)."""
    for decision in decisions:
        DECISIONS.labels(decision.status, decision.reason).inc()
