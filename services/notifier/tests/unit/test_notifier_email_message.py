import email
import email.policy

import aiosmtplib
import pytest

from notifier.adapters.email import (
    EmailSender,
    SmtpMailer,
    SmtpSettings,
    _smtp_failure,
    message_id_for,
)
from notifier.adapters.rendering import Renderer
from notifier.domain.decision import Person
from notifier.domain.delivery import Channel, Delivery, FailureKind, Recipient
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.links import Links
from notifier.service_layer.ports import Dispatch

SENDER = "Leveling <leveling@meridianbio.example.com>"
HOSTILE_TITLE = 'Lead <script>alert("x")</script> & Co'


class Directory:
    def __init__(self):
        self.asked = []

    async def person(self, source, user_id):
        self.asked.append((source, user_id))
        return Person(user_id, "Priya Raman", "priya.raman@meridianbio.example.com")


class Mailer(SmtpMailer):
    def __init__(self):
        super().__init__(SmtpSettings(sender=SENDER))
        self.outbox = []

    async def send(self, message):
        self.outbox.append(message)


def dispatch_for(decision, recipient):
    delivery = Delivery(
        id="0b6f2b1e-5b7c-5d51-9f0e-3c2d1a0b9e8f",
        decision_id=decision.decision_id,
        requisition_key=decision.requisition_key,
        decision_version=decision.decision_version,
        channel=Channel.EMAIL,
        recipient=recipient,
        decided_at=decision.decided_at,
        next_attempt_at=decision.decided_at,
    )
    return Dispatch(delivery, decision, "{}", "lease")


def parsed(message):
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


async def test_an_email_has_a_text_and_an_html_part_a_recruiter_reads_quickly(decision):
    mailer, directory = Mailer(), Directory()
    sender = EmailSender(mailer=mailer, renderer=Renderer(), directory=directory)
    recipient = Recipient(key="user:greenhouse:4080001", role="recruiter", user_id="4080001")
    await sender.send(dispatch_for(decision(flags=["posted_range_outside_band"]), recipient))
    (message,) = mailer.outbox
    read = parsed(message)
    assert read["To"] == "Priya Raman <priya.raman@meridianbio.example.com>"
    assert read["From"] == SENDER
    assert read["Message-ID"] == "<0b6f2b1e-5b7c-5d51-9f0e-3c2d1a0b9e8f@meridianbio.example.com>"
    assert read["Auto-Submitted"] == "auto-generated"
    assert read["Subject"].startswith("Level M3 · Clinical Project Management")
    text = read.get_body(("plain",)).get_content()
    html = read.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Hi Priya," in part
        assert "USD 120,000 \u2013 160,000 per year (New York City)" in part
        assert "82 %" in part
        assert "leads cross-functional study teams" in part
        assert "falls outside the band" in part
        assert "recruiter" in part
    assert directory.asked == [("greenhouse", "4080001")]


async def test_requisition_text_is_escaped_in_html_and_kept_readable_in_text(decision):
    mailer = Mailer()
    sender = EmailSender(mailer=mailer, renderer=Renderer(), directory=None)
    recipient = Recipient(
        key="email:elena@x.example", role="hiring_manager", name="Elena", email="elena@x.example"
    )
    await sender.send(dispatch_for(decision(requisition_title=HOSTILE_TITLE), recipient))
    read = parsed(mailer.outbox[0])
    html = read.get_body(("html",)).get_content()
    text = read.get_body(("plain",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
    assert HOSTILE_TITLE in text
    assert "hiring manager" in text


async def test_an_email_links_to_the_console_and_to_the_job_in_its_ats(decision):
    mailer = Mailer()
    links = Links(
        console_url="https://leveling.example.com",
        job_urls={"greenhouse": 'https://gh.example.com/jobs/{id}?a="b"'},
    )
    sender = EmailSender(mailer=mailer, renderer=Renderer(), directory=None, links=links)
    recipient = Recipient(key="email:e@x.example", role="recruiter", email="e@x.example")
    await sender.send(dispatch_for(decision(), recipient))
    read = parsed(mailer.outbox[0])
    html = read.get_body(("html",)).get_content()
    text = read.get_body(("plain",)).get_content()
    console = "https://leveling.example.com/console/requisitions/greenhouse:4012001"
    assert f'href="{console}"' in html
    assert 'href="https://gh.example.com/jobs/4012001?a=&#34;b&#34;"' in html
    assert f"Review or override:  {console}" in text
    assert "The job in Greenhouse: https://gh.example.com/jobs/4012001" in text


async def test_line_breaks_in_requisition_data_cannot_inject_headers(decision):
    mailer = Mailer()
    sender = EmailSender(mailer=mailer, renderer=Renderer(), directory=None)
    recipient = Recipient(
        key="email:a@x.example",
        role="recruiter",
        name="Ann\r\nBcc: b@y.example",
        email="a@x.example",
    )
    title = "Manager\r\nBcc: victim@example.com"
    hostile = decision(requisition_title=title, requisition_key="greenhouse:1\rBcc: c@z.example")
    await sender.send(dispatch_for(hostile, recipient))
    read = parsed(mailer.outbox[0])
    assert read["Bcc"] is None
    assert "Manager Bcc: victim@example.com" in read["Subject"]
    assert read["X-Leveling-Requisition"] == "greenhouse:1 Bcc: c@z.example"


async def test_a_recipient_without_email_or_directory_is_a_permanent_failure(decision):
    sender = EmailSender(mailer=Mailer(), renderer=Renderer(), directory=None)
    recipient = Recipient(key="user:greenhouse:1", role="recruiter", user_id="1")
    with pytest.raises(DeliveryFailed) as caught:
        await sender.send(dispatch_for(decision(), recipient))
    assert caught.value.failure.kind is FailureKind.PERMANENT


def test_the_message_id_is_a_function_of_the_delivery_id():
    assert message_id_for("abc", "x@relay.example") == "<abc@relay.example>"
    assert message_id_for("abc", "no address") == "<abc@leveling.invalid>"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (aiosmtplib.SMTPDataError(451, "try later"), FailureKind.TRANSIENT),
        (aiosmtplib.SMTPDataError(554, "rejected"), FailureKind.PERMANENT),
        (
            aiosmtplib.SMTPRecipientsRefused(
                [aiosmtplib.SMTPRecipientRefused(550, "no such user", "x@y")]
            ),
            FailureKind.PERMANENT,
        ),
        (aiosmtplib.SMTPServerDisconnected("gone"), FailureKind.TRANSIENT),
        (aiosmtplib.SMTPConnectError("refused"), FailureKind.TRANSIENT),
    ],
)
def test_smtp_errors_are_classified_by_reply_code(error, kind):
    assert _smtp_failure(error).kind is kind
