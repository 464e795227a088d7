"""`make run` as a newcomer meets it: the stack comes up, the demo prints the seed postings'
decisions within 60 s of start (and those of a job sent through Ashby and Lever), and Ctrl-C
stops everything cleanly."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("make_run")]

# The two real postings of ../shared/seeds, as the demo sends them.
SEED_POSTINGS = ("greenhouse:4177694", "greenhouse:4162050")
WITHIN_S = 60.0


def _lines_of(process: subprocess.Popen[str]) -> queue.Queue[tuple[float, str]]:
    """Each stdout line with the time it arrived, read on a thread so waits can time out."""
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.monotonic(), line.rstrip("\n")))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _read_until(
    lines: queue.Queue[tuple[float, str]], done, *, seconds: float
) -> list[tuple[float, str]]:
    seen: list[tuple[float, str]] = []
    deadline = time.monotonic() + seconds
    while not done(seen) and time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=max(0.0, deadline - time.monotonic())))
        except queue.Empty:
            break
    return seen


def test_make_run_prints_the_seed_postings_decisions_within_a_minute(tmp_path: Path) -> None:
    devstack = Path(sys.executable).with_name("devstack")
    started = time.monotonic()
    process = subprocess.Popen(
        [str(devstack), "run", "--base-dir", str(tmp_path), "--free-ports"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = _lines_of(process)
        seen = _read_until(
            lines, lambda seen: any("Press Ctrl-C" in line for _, line in seen), seconds=120
        )
        text = "\n".join(line for _, line in seen)
        assert "The stack is up" in text, text
        for key in SEED_POSTINGS:
            (arrived,) = [at for at, line in seen if line.startswith(key)]
            assert arrived - started < WITHIN_S, f"{key} after {arrived - started:.1f}s"
        rows = [line for _, line in seen if line.startswith("greenhouse:")]
        assert len(rows) == 8, text  # every sample job got its row, none is missing
        # One job went in through Ashby and one through Lever; each has its decision too.
        for source in ("ashby:", "lever:"):
            assert any(line.startswith(source) for _, line in seen), text
        assert "no decision within" not in text
        # A row names the profile, the level and a band for the location.
        assert any("Clinical" in row and " M" in row and "USD" in row for row in rows), text

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()
