"""A real SMTP server that keeps every message it accepts, for local runs and tests.

The sink runs aiosmtpd's threaded `Controller`, so it serves clients from any event loop
or thread. Accepted messages are parsed with the stdlib `email` package and kept in
memory; with a `mail_dir` each one is also written as an `.eml` file, so a restarted sink
still shows earlier mail. Faults can be injected to exercise a sender's retry logic.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiosmtpd.controller import Controller

from leveling_devstack._mail import (
    SinkMessage,
    load_eml,
    message_file_name,
    parse_message,
    to_eml,
)

__all__ = ["SinkMessage", "SmtpSink", "free_port"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on `host`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class _Faults:
    """Fault switches, read by the SMTP thread and set by the test thread."""

    def __init__(self) -> None:
        self.down = False
        self.fail_every = 0
        self.fail_code = 451
        self.data_attempts = 0
        self.rejected = 0

    def verdict_for_data(self) -> str | None:
        if self.down:
            return "421 4.3.2 Service not available, closing transmission channel"
        self.data_attempts += 1
        if self.fail_every and self.data_attempts % self.fail_every == 0:
            self.rejected += 1
            return f"{self.fail_code} 4.3.0 Requested action aborted: try again later"
        return None


class _Handler:
    """aiosmtpd handler: answers per the fault switches, stores what it accepts."""

    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if self._sink.is_down:
            return "421 4.3.2 Service not available, closing transmission channel"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self._sink.is_down:
            return "421 4.3.2 Service not available, closing transmission channel"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        return self._sink.receive(
            mail_from=str(envelope.mail_from), rcpt_tos=list(envelope.rcpt_tos), raw=raw
        )


class SmtpSink:
    """An SMTP server on `host:port` (port 0 picks a free one) that stores accepted mail.

    Use it as a context manager (`with SmtpSink() as sink:`), as an async context manager,
    or call `start()`/`stop()`. All methods are safe to call from any thread.
    """

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, mail_dir: Path | str | None = None
    ) -> None:
        self.host = host
        self._requested_port = port
        self.port = port
        self.mail_dir = Path(mail_dir) if mail_dir is not None else None
        self._controller: Controller | None = None
        self._messages: list[SinkMessage] = []
        self._faults = _Faults()
        self._cond = threading.Condition()

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> Self:
        """Bind and serve; loads earlier messages from `mail_dir` first."""
        if self._controller is not None:
            return self
        self._load_persisted()
        self.port = self._requested_port or free_port(self.host)
        controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop serving; stored messages stay readable."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def astart(self) -> Self:
        """`start()` without blocking the running event loop."""
        return await asyncio.to_thread(self.start)

    async def astop(self) -> None:
        """`stop()` without blocking the running event loop."""
        await asyncio.to_thread(self.stop)

    async def __aenter__(self) -> Self:
        return await self.astart()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.astop()

    # -- reading ---------------------------------------------------------------------
    def messages(self) -> list[SinkMessage]:
        """Every accepted message, oldest first."""
        with self._cond:
            return list(self._messages)

    def message(self, message_id: str) -> SinkMessage | None:
        """The stored message with that sink id, if any."""
        with self._cond:
            return next((m for m in self._messages if m.id == message_id), None)

    def wait_for(
        self, count: int = 1, *, timeout: float = 5.0, where: Callable[[SinkMessage], bool] = bool
    ) -> list[SinkMessage]:
        """Block until at least `count` stored messages satisfy `where`; TimeoutError if not."""

        def matching() -> list[SinkMessage]:
            return [m for m in self._messages if where(m)]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout):
                raise TimeoutError(f"{len(matching())} of {count} messages within {timeout}s")
            return matching()

    async def await_messages(
        self, count: int = 1, *, where: Callable[[SinkMessage], bool] = bool
    ) -> list[SinkMessage]:
        """Wait until `count` stored messages satisfy `where`; bound it with `asyncio.timeout`."""
        while True:
            found = [m for m in self.messages() if where(m)]
            if len(found) >= count:
                return found
            await asyncio.sleep(0.02)

    @property
    def rejected_count(self) -> int:
        """How many messages were answered with an injected transient failure."""
        with self._cond:
            return self._faults.rejected

    # -- control ---------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every message, including the persisted `.eml` files."""
        with self._cond:
            self._messages.clear()
            if self.mail_dir is not None and self.mail_dir.is_dir():
                for path in self.mail_dir.glob("*.eml"):
                    path.unlink(missing_ok=True)

    def fail_every(self, n: int, code: int = 451) -> None:
        """Answer `code` (a transient 4xx by default) to every n-th message; 0 turns it off."""
        if n < 0 or not 400 <= code < 600:
            raise ValueError("n must be >= 0 and code an SMTP 4xx/5xx reply code")
        with self._cond:
            self._faults.fail_every = n
            self._faults.fail_code = code
            self._faults.data_attempts = 0

    def set_down(self, down: bool) -> None:
        """While down, answer 421 to every transaction."""
        with self._cond:
            self._faults.down = down

    def clear_faults(self) -> None:
        """Back to accepting everything."""
        with self._cond:
            self._faults = _Faults()

    def reset(self) -> None:
        """`clear()` and `clear_faults()`: the state a new test expects."""
        self.clear()
        self.clear_faults()

    @property
    def is_down(self) -> bool:
        with self._cond:
            return self._faults.down

    # -- called from the SMTP thread ---------------------------------------------------
    def receive(self, *, mail_from: str, rcpt_tos: list[str], raw: bytes) -> str:
        """Store one message unless a fault says otherwise; returns the SMTP reply."""
        with self._cond:
            verdict = self._faults.verdict_for_data()
            if verdict is not None:
                return verdict
            message = parse_message(
                raw,
                sink_id=uuid.uuid4().hex,
                mail_from=mail_from,
                rcpt_tos=rcpt_tos,
                received_at=datetime.now(UTC),
            )
            self._persist(message)
            self._messages.append(message)
            self._cond.notify_all()
        return f"250 2.0.0 OK queued as {message.id}"

    def _persist(self, message: SinkMessage) -> None:
        if self.mail_dir is None:
            return
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        path = self.mail_dir / message_file_name(message)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(to_eml(message))
        tmp.replace(path)

    def _load_persisted(self) -> None:
        if self.mail_dir is None or not self.mail_dir.is_dir():
            return
        loaded: list[SinkMessage] = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            with contextlib.suppress(ValueError):
                loaded.append(load_eml(path.read_bytes(), fallback_id=path.stem))
        with self._cond:
            known = {m.id for m in self._messages}
            self._messages.extend(m for m in loaded if m.id not in known)
            self._messages.sort(key=lambda m: m.received_at)
