"""Spans leave the process over OTLP/HTTP when an endpoint is configured, and only then.

Each case runs in a child process: a process has one tracer provider, installed once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

_CHILD = """
import sys
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from leveling_common.tracing import configure_tracing, current_traceparent, span_from_traceparent

configure_tracing("tracing-check", otlp_endpoint=sys.argv[1] or None)
parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
with span_from_traceparent("level requisition", parent, attributes={"requisition.key": "k:1"}):
    print(current_traceparent())
provider = trace.get_tracer_provider()
print(isinstance(provider, TracerProvider))
if isinstance(provider, TracerProvider):
    provider.shutdown()
"""


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    received: list[tuple[str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.append((self.path, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def _child(endpoint: str) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, endpoint], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_spans_are_exported_over_otlp_http_when_an_endpoint_is_configured(collector):
    url, received = collector

    traceparent, recording = _child(url)

    assert recording == "True"
    _, trace_id, span_id, _ = traceparent.split("-")
    assert trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert span_id != "00f067aa0ba902b7"  # a span of its own under the caller's
    assert [path for path, _ in received] == ["/v1/traces"]
    body = received[0][1]
    for expected in (b"tracing-check", b"level requisition", b"k:1", bytes.fromhex(trace_id)):
        assert expected in body


def test_without_an_endpoint_spans_still_get_ids_but_nothing_is_sent(collector):
    _, received = collector

    traceparent, recording = _child("")

    assert recording == "True"
    _, trace_id, span_id, _ = traceparent.split("-")
    assert trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"  # logs join on this id
    assert span_id != "00f067aa0ba902b7"
    assert received == []
