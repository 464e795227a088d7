"""Prometheus metrics with one naming scheme: `leveling_<area>_<what>_<unit>`.

Metric objects live in the process-wide default registry (the conventional shape for
prometheus-client); labels carry the service so one dashboard serves all three.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

__all__ = [
    "CONSUMER_BATCH_SECONDS",
    "CONSUMER_BATCH_SIZE",
    "CONSUMER_LAG",
    "CONSUMER_RECORDS",
    "CONSUMER_RETRIES",
    "DLQ_RECORDS",
    "HTTP_REQUESTS",
    "HTTP_REQUEST_SECONDS",
    "OUTBOX_PENDING",
    "OUTBOX_PUBLISHED",
]

CONSUMER_RECORDS = Counter(
    "leveling_consumer_records_total",
    "Records handled by the consumer loop, by outcome (processed, dead_lettered).",
    ["service", "topic", "outcome"],
)
CONSUMER_RETRIES = Counter(
    "leveling_consumer_retries_total",
    "Batches retried after a failure, by kind (transient, unexpected).",
    ["service", "kind"],
)
CONSUMER_BATCH_SIZE = Histogram(
    "leveling_consumer_batch_size",
    "Records per handled batch.",
    ["service"],
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000),
)
CONSUMER_BATCH_SECONDS = Histogram(
    "leveling_consumer_batch_duration_seconds",
    "Time to handle and commit one batch.",
    ["service"],
)
CONSUMER_LAG = Gauge(
    "leveling_consumer_lag_records",
    "High watermark minus committed position, per partition.",
    ["service", "group", "topic", "partition"],
)
DLQ_RECORDS = Counter(
    "leveling_dlq_records_total",
    "Records sent to a dead-letter topic.",
    ["service", "topic"],
)
OUTBOX_PUBLISHED = Counter(
    "leveling_outbox_published_total", "Outbox rows published to Kafka.", ["service"]
)
OUTBOX_PENDING = Gauge(
    "leveling_outbox_pending_rows", "Outbox rows not yet published.", ["service"]
)
HTTP_REQUESTS = Counter(
    "leveling_http_requests_total",
    "HTTP requests by route template, method and status.",
    ["service", "method", "route", "status"],
)
HTTP_REQUEST_SECONDS = Histogram(
    "leveling_http_request_duration_seconds",
    "HTTP request latency by route template.",
    ["service", "method", "route"],
)
