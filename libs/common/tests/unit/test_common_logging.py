"""Every line a service writes to stderr is one JSON object, its own events and libraries'."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from leveling_common.logging import configure_logging, get_logger


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state; put it back for the tests after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    structlog_config = structlog.get_config()
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.configure(**structlog_config)
    structlog.contextvars.clear_contextvars()


def _lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.strip().splitlines()]


def test_our_events_and_library_records_are_json_lines_with_the_service(capsys):
    configure_logging("leveler", "INFO")
    get_logger("leveler.worker").warning("broker_not_ready", retry_in_s=0.5)
    logging.getLogger("uvicorn.error").info("Uvicorn running on %s", "http://127.0.0.1:1")
    logging.getLogger("aiokafka").info("routine chatter")  # quietened below WARNING
    logging.getLogger("aiokafka").error('Unable connect to "127.0.0.1:1"')

    ours, server, broker = _lines(capsys.readouterr().err)

    assert ours["event"] == "broker_not_ready"
    assert ours["retry_in_s"] == 0.5
    assert server["event"] == "Uvicorn running on http://127.0.0.1:1"
    assert server["logger"] == "uvicorn.error"
    assert broker["level"] == "error"
    assert {line["service"] for line in (ours, server, broker)} == {"leveler"}


def test_an_exception_in_a_library_record_stays_inside_its_json_line(capsys):
    configure_logging("notifier", "INFO")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("sqlalchemy.pool").exception("connection lost")
    (line,) = _lines(capsys.readouterr().err)

    assert line["event"] == "connection lost"
    assert "ValueError: boom" in str(line["exception"])
