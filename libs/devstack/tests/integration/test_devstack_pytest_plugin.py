import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.integration

INNER_TESTS = """
import json
import smtplib
from email.message import EmailMessage
from pathlib import Path


def _mail(port):
    msg = EmailMessage()
    msg["From"] = "a@example.com"
    msg["To"] = "b@example.com"
    msg["Subject"] = "hello"
    msg.set_content("hi")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.send_message(msg)


def test_first_dirties_everything_then_fails(ats, mailbox):
    Path("servers.json").write_text(json.dumps({"http": ats.url, "smtp": mailbox.port}))
    ats.state.set_down(True)
    ats.state.put_job({"id": 1, "name": "Temporary"})
    mailbox.fail_every(5)
    _mail(mailbox.port)
    assert False, "this test fails on purpose"


def test_second_gets_a_clean_sandbox_and_mailbox(ats, mailbox, ats_sandbox, smtp_sink):
    assert ats is ats_sandbox and mailbox is smtp_sink
    assert ats.state.faults()["down"] is False
    assert ats.state.job(1) is None
    assert ats.state.job(4012001) is not None
    assert mailbox.messages() == []
    assert mailbox.rejected_count == 0
"""

INNER_CONFTEST = """
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit


def _open(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def pytest_unconfigure(config):
    servers = json.loads(Path("servers.json").read_text())
    http_port = urlsplit(servers["http"]).port
    Path("after.json").write_text(
        json.dumps({"http_open": _open(http_port), "smtp_open": _open(servers["smtp"])})
    )
"""


def test_fixtures_reset_per_test_and_servers_stop_even_after_a_failing_test(tmp_path):
    (tmp_path / "test_inner_devstack_plugin.py").write_text(textwrap.dedent(INNER_TESTS))
    (tmp_path / "conftest.py").write_text(textwrap.dedent(INNER_CONFTEST))

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    assert "this test fails on purpose" in result.stdout
    after = json.loads((tmp_path / "after.json").read_text())
    assert after == {"http_open": False, "smtp_open": False}
