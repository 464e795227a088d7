"""OpenTelemetry traces from webhook to write-back, carried in the CloudEvent `traceparent`.

The W3C trace context travels inside each event (the CloudEvents distributed-tracing
extension) and as a Kafka header, so a trace survives the outbox: the span that wrote the
outbox row is the parent of the consumer's span, whenever the relay publishes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import Span, SpanKind

__all__ = [
    "configure_tracing",
    "current_traceparent",
    "recording_provider",
    "span_from_traceparent",
    "tracer",
]


def configure_tracing(
    service: str, *, otlp_endpoint: str | None = None, exporter: SpanExporter | None = None
) -> None:
    """Give every span an id, and export spans over OTLP/HTTP when an endpoint is configured.

    Spans get ids even when nothing exports them: the ids are what joins a requisition's
    log lines across the three services, and they cost a few microseconds per span.
    """
    provider = recording_provider(service)
    if exporter is None and otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/traces")
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))


def recording_provider(service: str) -> TracerProvider:
    """The process's SDK tracer provider, installed on first use (a process has one)."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        return provider
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    trace.set_tracer_provider(provider)
    return provider


@cache
def tracer(name: str) -> trace.Tracer:
    # Before a provider is installed this is a proxy that binds to it once it is.
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    """The active span's W3C traceparent, to store in an event written now."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def span_from_traceparent(
    name: str,
    traceparent: str | None,
    *,
    kind: SpanKind = SpanKind.CONSUMER,
    attributes: Mapping[str, Any] | None = None,
) -> Iterator[Span]:
    """A span whose parent is the trace carried by an event (a new trace when there is none)."""
    parent = propagate.extract({"traceparent": traceparent} if traceparent else {})
    token = context.attach(parent)
    try:
        with tracer("leveling").start_as_current_span(
            name, kind=kind, attributes=dict(attributes or {})
        ) as span:
            yield span
    finally:
        context.detach(token)
