"""The notifier's Prometheus metrics: `leveling_notifier_*`."""

from __future__ import annotations

from datetime import datetime

from prometheus_client import Counter, Gauge, Histogram

from notifier.domain.delivery import Channel, Delivery, Status
from notifier.service_layer.ports import DeliveryLedger

__all__ = [
    "DEAD",
    "DELIVERIES",
    "FAILED",
    "LATENCY",
    "SENT",
    "PrometheusObserver",
    "refresh_delivery_gauge",
]

DELIVERIES = Gauge(
    "leveling_notifier_deliveries",
    "Deliveries in the ledger, by status and channel.",
    ["status", "channel"],
)
SENT = Counter(
    "leveling_notifier_deliveries_sent_total", "Deliveries sent, by channel.", ["channel"]
)
FAILED = Counter(
    "leveling_notifier_delivery_failures_total",
    "Send attempts that failed and will be retried, by channel.",
    ["channel"],
)
DEAD = Counter(
    "leveling_notifier_deliveries_dead_total",
    "Deliveries given up on (permanent error or attempts used up), by channel.",
    ["channel"],
)
LATENCY = Histogram(
    "leveling_notifier_delivery_latency_seconds",
    "From the decision's time to the delivery being sent, by channel.",
    ["channel"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600),
)


class PrometheusObserver:
    """Counts each stored outcome once (the dispatcher calls it after the ledger commit)."""

    def on_outcome(self, delivery: Delivery, *, now: datetime) -> None:
        channel = delivery.channel.value
        if delivery.status is Status.SENT:
            SENT.labels(channel).inc()
            LATENCY.labels(channel).observe(max(0.0, (now - delivery.decided_at).total_seconds()))
        elif delivery.status is Status.FAILED:
            FAILED.labels(channel).inc()
        elif delivery.status is Status.DEAD:
            DEAD.labels(channel).inc()


async def refresh_delivery_gauge(ledger: DeliveryLedger) -> None:
    """Set the by-state gauge from the ledger, which every notifier process shares."""
    counts = await ledger.counts()
    for status in Status:
        for channel in Channel:
            DELIVERIES.labels(status.value, channel.value).set(counts.get((status, channel), 0))
