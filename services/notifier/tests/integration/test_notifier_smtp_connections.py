"""The SMTP mailer against a real SMTP server: connections are reused, and a server that
went away and came back is reconnected to instead of failing a send."""

from __future__ import annotations

import asyncio
from email.mime.text import MIMEText

import pytest

from leveling_devstack.smtp_sink import SmtpSink, free_port
from notifier.adapters.email import SmtpMailer, SmtpSettings
from notifier.domain.delivery import FailureKind
from notifier.domain.exceptions import DeliveryFailed


def _message(n: int) -> MIMEText:
    message = MIMEText(f"body {n}", "plain", "utf-8")
    message["From"] = "leveling@x.example"
    message["To"] = f"reader{n}@x.example"
    message["Subject"] = f"message {n}"
    return message


async def test_messages_share_a_kept_open_connection():
    with SmtpSink() as sink:
        mailer = SmtpMailer(SmtpSettings(host=sink.host, port=sink.port, connections=2))
        for n in range(5):
            await mailer.send(_message(n))
        assert mailer.open_connections == 1
        await asyncio.gather(*(mailer.send(_message(n)) for n in range(5, 15)))
        assert mailer.open_connections == 2
        await mailer.aclose()
        assert mailer.open_connections == 0
        assert sorted(m.subject for m in sink.messages()) == sorted(
            f"message {n}" for n in range(15)
        )


async def test_a_restarted_server_gets_a_new_connection():
    with SmtpSink(port=free_port()) as sink:
        mailer = SmtpMailer(SmtpSettings(host=sink.host, port=sink.port))
        await mailer.send(_message(1))
        sink.stop()
        sink.start()
        await asyncio.sleep(0.2)
        await mailer.send(_message(2))
        await mailer.aclose()
        assert [m.subject for m in sink.messages()] == ["message 1", "message 2"]


async def test_a_server_that_is_down_is_a_transient_failure_until_it_is_back():
    with SmtpSink(port=free_port()) as sink:
        mailer = SmtpMailer(SmtpSettings(host=sink.host, port=sink.port))
        await mailer.send(_message(1))
        sink.stop()
        with pytest.raises(DeliveryFailed) as refused:
            await mailer.send(_message(2))
        assert refused.value.failure.kind is FailureKind.TRANSIENT
        assert mailer.open_connections == 0
        sink.start()
        await mailer.send(_message(3))
        await mailer.aclose()
        assert [m.subject for m in sink.messages()] == ["message 1", "message 3"]
