"""The email channel: one message per recipient, over SMTP with aiosmtplib."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from typing import Protocol

import aiosmtplib

from notifier.adapters.rendering import Renderer
from notifier.domain.decision import Person
from notifier.domain.delivery import Delivery, Failure, FailureKind, classify_smtp_code
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.summary import summarise
from notifier.service_layer.ports import Dispatch

__all__ = ["EmailSender", "PeopleDirectory", "SmtpMailer", "SmtpSettings", "message_id_for"]


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 1025
    sender: str = "Leveling <leveling@localhost>"
    start_tls: bool = False
    use_tls: bool = False
    username: str | None = None
    password: str | None = None
    timeout_s: float = 30.0


class PeopleDirectory(Protocol):
    async def person(self, user_id: str) -> Person: ...


def message_id_for(delivery_id: str, sender: str) -> str:
    """The same delivery always carries the same Message-ID, so a repeat is recognisable."""
    _, address = parseaddr(sender)
    domain = address.rpartition("@")[2] if "@" in address else ""
    domain = domain or "leveling.invalid"
    return f"<{delivery_id}@{domain}>"


def _one_line(text: str | None) -> str:
    """Header values come from requisition data; a line break there must not reach a header."""
    return " ".join((text or "").split())


def _smtp_failure(error: aiosmtplib.SMTPException) -> Failure:
    code: int | None = None
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        code = error.recipients[0].code
    elif isinstance(error, aiosmtplib.SMTPResponseException):
        code = error.code
    reason = f"SMTP {code or ''} {type(error).__name__}: {error}".replace("  ", " ")
    if code is not None and classify_smtp_code(code) is FailureKind.PERMANENT:
        return Failure.permanent(reason)
    return Failure.transient(reason)


class SmtpMailer:
    """Sends one message per connection; the relay decides, we classify its answer."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._local_hostname: str | None = None

    async def _ehlo_name(self) -> str:
        # The client would otherwise resolve its own FQDN for every single message.
        if self._local_hostname is None:
            self._local_hostname = await asyncio.to_thread(socket.getfqdn)
        return self._local_hostname

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            await aiosmtplib.send(
                message,
                local_hostname=await self._ehlo_name(),
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=s.password,
                start_tls=s.start_tls,
                use_tls=s.use_tls,
                timeout=s.timeout_s,
            )
        except aiosmtplib.SMTPException as error:
            raise DeliveryFailed(_smtp_failure(error)) from error
        except OSError as error:
            raise DeliveryFailed(Failure.transient(f"SMTP connection: {error!r}")) from error


class EmailSender:
    """The email channel: resolves the recipient, renders, sends."""

    def __init__(
        self,
        *,
        mailer: SmtpMailer,
        renderer: Renderer,
        directory: PeopleDirectory | None,
    ) -> None:
        self._mailer = mailer
        self._renderer = renderer
        self._directory = directory

    async def _addressee(self, delivery: Delivery) -> Person:
        recipient = delivery.recipient
        if recipient.email:
            return Person(recipient.user_id, recipient.name, recipient.email)
        if recipient.user_id and self._directory is not None:
            found = await self._directory.person(recipient.user_id)
            return Person(recipient.user_id, recipient.name or found.name, found.email)
        raise DeliveryFailed(Failure.permanent(f"no email address for {recipient.key}"))

    def compose(self, dispatch: Dispatch, to: Person) -> EmailMessage:
        delivery, decision = dispatch.delivery, dispatch.decision
        rendered = self._renderer.render(
            summarise(decision), name=to.name, role=delivery.recipient.role
        )
        message = EmailMessage()
        message["From"] = self._mailer.settings.sender
        message["To"] = formataddr((_one_line(to.name), _one_line(to.email)))
        message["Subject"] = rendered.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id_for(delivery.id, self._mailer.settings.sender)
        message["Auto-Submitted"] = "auto-generated"
        message["X-Leveling-Decision-Id"] = _one_line(decision.decision_id)
        message["X-Leveling-Requisition"] = _one_line(decision.requisition_key)
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        return message

    async def send(self, dispatch: Dispatch) -> None:
        to = await self._addressee(dispatch.delivery)
        await self._mailer.send(self.compose(dispatch, to))
