import asyncio
import smtplib
import socket
from email.message import EmailMessage

import aiosmtplib
import pytest

from leveling_devstack.smtp_sink import SmtpSink

pytestmark = pytest.mark.integration

SENDER = "leveling@meridianbio.example.com"
RECRUITER = "priya.raman@meridianbio.example.com"


def _message(subject: str = "Level M2 for Clinical Trial Manager") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Leveling <{SENDER}>"
    msg["To"] = RECRUITER
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{abs(hash(subject))}@leveling.local>"
    msg.set_content("Recommended level: M2 (confidence 0.86)")
    msg.add_alternative("<p>Recommended level: <b>M2</b></p>", subtype="html")
    return msg


def _send(sink: SmtpSink, subject: str = "Level M2 for Clinical Trial Manager") -> None:
    with smtplib.SMTP(sink.host, sink.port, timeout=5) as client:
        client.send_message(_message(subject))


def test_a_message_sent_with_smtplib_is_stored_parsed(mailbox):
    _send(mailbox, "Level M2 for Clinical Trial Manager \u2013 Raleigh")

    [stored] = mailbox.messages()
    assert stored.mail_from == SENDER
    assert stored.rcpt_tos == (RECRUITER,)
    assert stored.to == (RECRUITER,)
    assert stored.from_ == f"Leveling <{SENDER}>"
    assert stored.subject == "Level M2 for Clinical Trial Manager \u2013 Raleigh"
    assert stored.message_id is not None
    assert stored.message_id.endswith("@leveling.local>")
    assert stored.text == "Recommended level: M2 (confidence 0.86)\n"
    assert stored.html == "<p>Recommended level: <b>M2</b></p>\n"
    assert b"Subject:" in stored.raw


async def test_a_message_sent_with_aiosmtplib_is_stored_and_can_be_awaited(mailbox):
    await aiosmtplib.send(_message(), hostname=mailbox.host, port=mailbox.port, timeout=5)

    async with asyncio.timeout(5):
        [stored] = await mailbox.await_messages(1)
    assert stored.subject == "Level M2 for Clinical Trial Manager"


def test_every_nth_message_is_answered_with_a_transient_451(mailbox):
    mailbox.fail_every(2)
    outcomes = []
    for n in range(4):
        try:
            _send(mailbox, f"message {n}")
            outcomes.append(250)
        except smtplib.SMTPDataError as exc:
            outcomes.append(exc.smtp_code)

    assert outcomes == [250, 451, 250, 451]
    assert [m.subject for m in mailbox.messages()] == ["message 0", "message 2"]
    assert mailbox.rejected_count == 2


def test_a_retry_after_a_451_is_accepted(mailbox):
    mailbox.fail_every(1)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        _send(mailbox)
    mailbox.fail_every(0)

    _send(mailbox)

    assert refused.value.smtp_code == 451
    assert len(mailbox.messages()) == 1


def test_a_down_sink_answers_421_and_stores_nothing(mailbox):
    mailbox.set_down(True)

    with pytest.raises(smtplib.SMTPResponseException) as refused:
        _send(mailbox)

    assert refused.value.smtp_code == 421
    assert mailbox.messages() == []


def test_mailbox_starts_every_test_empty_and_without_faults(mailbox):
    assert mailbox.messages() == []
    assert not mailbox.is_down
    assert mailbox.rejected_count == 0


def test_messages_persisted_to_a_directory_survive_a_restart_of_the_sink(tmp_path):
    with SmtpSink(port=0, mail_dir=tmp_path) as sink:
        _send(sink, "first")
        _send(sink, "second")
        before = sink.messages()

    restarted = SmtpSink(port=0, mail_dir=tmp_path)
    with restarted:
        _send(restarted, "third")
        after = restarted.messages()

    assert len(list(tmp_path.glob("*.eml"))) == 3
    assert [m.subject for m in after] == ["first", "second", "third"]
    assert after[:2] == before


def test_clear_also_forgets_persisted_messages(tmp_path):
    with SmtpSink(port=0, mail_dir=tmp_path) as sink:
        _send(sink)
        sink.clear()

    with SmtpSink(port=0, mail_dir=tmp_path) as restarted:
        assert restarted.messages() == []
    assert list(tmp_path.glob("*.eml")) == []


async def test_the_sink_starts_and_stops_as_an_async_context_manager():
    async with SmtpSink(port=0) as sink:
        await aiosmtplib.send(_message(), hostname=sink.host, port=sink.port, timeout=5)
        running = [sink.running]
        assert len(sink.messages()) == 1

    running.append(sink.running)
    assert running == [True, False]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((sink.host, sink.port), timeout=2).close()


def test_wait_for_times_out_when_too_few_messages_arrive(mailbox):
    with pytest.raises(TimeoutError, match="0 of 1"):
        mailbox.wait_for(1, timeout=0.1)
