"""A stand-in for the catalogue's `GET /v1/snapshot`, for tests, benchmarks and demos.

It is a real HTTP server (stdlib, in a background thread) speaking the same contract as the
catalogue: bearer token required, `ETag` = the catalogue version, `304` on `If-None-Match`.
The served snapshot can be replaced while it runs, and the server can be made to answer 503.
"""

from __future__ import annotations

import hmac
import threading
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from leveling_common.snapshot import BandSetSnapshot, CatalogueSnapshot

__all__ = ["SEED_CATALOGUE_PATH", "CatalogueStub", "raised_band_set", "seed_snapshot"]

SEED_CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "seed_catalogue.json"


def seed_snapshot() -> CatalogueSnapshot:
    """The seed catalogue (the two seed profiles, zones, an illustrative band set)."""
    return CatalogueSnapshot.model_validate_json(SEED_CATALOGUE_PATH.read_text())


def raised_band_set(
    snapshot: CatalogueSnapshot,
    *,
    zone: str,
    percent: Decimal | int,
    band_set_id: str,
    effective_from: datetime,
    version: str | None = None,
) -> CatalogueSnapshot:
    """The snapshot plus a newer band set where only `zone`'s bands rise by `percent`."""
    factor = (100 + Decimal(percent)) / 100
    bands = [
        band.model_copy(
            update={"min": band.min * factor, "mid": band.mid * factor, "max": band.max * factor}
        )
        if band.zone == zone
        else band
        for band in snapshot.band_sets[-1].bands
    ]
    newer = BandSetSnapshot(
        id=band_set_id,
        name=f"{band_set_id} ({zone} +{percent}%)",
        effective_from=effective_from,
        bands=bands,
    )
    return snapshot.model_copy(
        update={
            "catalogue_version": version or f"{snapshot.catalogue_version}+{band_set_id}",
            "band_sets": (*snapshot.band_sets, newer),
        }
    )


class _Handler(BaseHTTPRequestHandler):
    server: _StubServer

    def do_GET(self) -> None:
        stub = self.server.stub
        stub.requests += 1
        if self.path.split("?")[0] != "/v1/snapshot":
            self._answer(404, b'{"title":"Not found"}')
        elif not stub.authorised(self.headers.get("Authorization")):
            self._answer(401, b'{"title":"Authentication required"}')
        elif stub.down:
            self._answer(503, b'{"title":"Unavailable"}')
        else:
            body, etag = stub.current()
            if self.headers.get("If-None-Match") == etag:
                self._answer(304, b"", etag)
            else:
                self._answer(200, body, etag)

    def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
        self.send_response(status)
        content_type = "application/json" if status < 400 else "application/problem+json"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _StubServer(ThreadingHTTPServer):
    daemon_threads = True
    stub: CatalogueStub


class CatalogueStub:
    """`with CatalogueStub(snapshot, token=...) as stub: stub.url` — serves until closed."""

    def __init__(self, snapshot: CatalogueSnapshot, *, token: str) -> None:
        self._token = token
        self._lock = threading.Lock()
        self._body = b""
        self._etag = ""
        self.down = False
        self.requests = 0
        self.publish(snapshot)
        self._server = _StubServer(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def publish(self, snapshot: CatalogueSnapshot) -> None:
        """Serve `snapshot` from now on (what the catalogue does after a change)."""
        with self._lock:
            self._body = snapshot.model_dump_json().encode()
            self._etag = f'"{snapshot.catalogue_version}"'

    def current(self) -> tuple[bytes, str]:
        with self._lock:
            return self._body, self._etag

    def authorised(self, header: str | None) -> bool:
        expected = f"Bearer {self._token}"
        return header is not None and hmac.compare_digest(header.encode(), expected.encode())

    def start(self) -> CatalogueStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> CatalogueStub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
