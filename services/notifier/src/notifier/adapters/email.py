"""The email channel: one message per recipient, over pooled SMTP connections (aiosmtplib)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from typing import Protocol

import aiosmtplib

from notifier.adapters.rendering import Renderer
from notifier.domain.decision import Person
from notifier.domain.delivery import (
    Channel,
    Failure,
    FailureKind,
    classify_smtp_code,
)
from notifier.domain.digest import summarise_digest
from notifier.domain.exceptions import DeliveryFailed
from notifier.domain.links import Links
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
    connections: int = 4
    idle_s: float = 30.0


class PeopleDirectory(Protocol):
    async def person(self, source: str, user_id: str) -> Person:
        """The user `user_id` of the ATS `source` (DeliveryFailed when unknown)."""
        ...


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
    """Sends over a small pool of kept-open SMTP connections; the relay decides, we classify.

    Opening a connection (TCP, EHLO, maybe TLS and AUTH) costs more than sending a message,
    so connections are reused, one transaction at a time each. A connection that failed in
    any way is closed rather than reused, and one idle longer than `idle_s` is replaced,
    since relays drop idle clients.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._local_hostname: str | None = None
        self._idle: list[tuple[aiosmtplib.SMTP, float]] = []
        self._slots = asyncio.Semaphore(settings.connections)

    async def _ehlo_name(self) -> str:
        # The client would otherwise resolve its own FQDN for every connection.
        if self._local_hostname is None:
            self._local_hostname = await asyncio.to_thread(socket.getfqdn)
        return self._local_hostname

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            local_hostname=await self._ehlo_name(),
            username=s.username,
            password=s.password,
            start_tls=s.start_tls,
            use_tls=s.use_tls,
            timeout=s.timeout_s,
        )
        await client.connect()
        return client

    async def _checkout(self) -> aiosmtplib.SMTP:
        loop = asyncio.get_running_loop()
        while self._idle:
            client, idle_since = self._idle.pop()
            if client.is_connected and loop.time() - idle_since < self.settings.idle_s:
                return client
            _discard(client)
        return await self._connect()

    async def send(self, message: Message) -> None:
        async with self._slots:
            client: aiosmtplib.SMTP | None = None
            try:
                client = await self._checkout()
                await client.send_message(message)
            except aiosmtplib.SMTPException as error:
                _discard(client)
                raise DeliveryFailed(_smtp_failure(error)) from error
            except OSError as error:
                _discard(client)
                raise DeliveryFailed(Failure.transient(f"SMTP connection: {error!r}")) from error
            except BaseException:
                _discard(client)
                raise
            self._idle.append((client, asyncio.get_running_loop().time()))

    @property
    def open_connections(self) -> int:
        """Connections kept open for the next send."""
        return len(self._idle)

    async def aclose(self) -> None:
        """Say QUIT on every idle connection."""
        idle, self._idle = self._idle, []
        for client, _ in idle:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await client.quit()


def _discard(client: aiosmtplib.SMTP | None) -> None:
    if client is not None and client.is_connected:
        client.close()


def _header(name: str, text: str) -> str:
    """A header value from outside text: one line, RFC 2047-encoded when not ASCII."""
    line = _one_line(text)
    return line if line.isascii() else Header(line, "utf-8", header_name=name).encode()


class EmailSender:
    """The email channel: resolves the recipient, renders, sends."""

    def __init__(
        self,
        *,
        mailer: SmtpMailer,
        renderer: Renderer,
        directory: PeopleDirectory | None,
        links: Links | None = None,
    ) -> None:
        self._mailer = mailer
        self._renderer = renderer
        self._directory = directory
        self._links = links or Links()

    async def _addressee(self, dispatch: Dispatch) -> Person:
        recipient = dispatch.delivery.recipient
        if recipient.email:
            return Person(recipient.user_id, recipient.name, recipient.email)
        if recipient.user_id and self._directory is not None:
            source = dispatch.decision.source_system or ""
            found = await self._directory.person(source, recipient.user_id)
            return Person(recipient.user_id, recipient.name or found.name, found.email)
        raise DeliveryFailed(Failure.permanent(f"no email address for {recipient.key}"))

    def compose(self, dispatch: Dispatch, to: Person) -> Message:
        delivery, decision = dispatch.delivery, dispatch.decision
        role = delivery.recipient.role
        if delivery.channel is Channel.DIGEST:
            digest = summarise_digest(dispatch.items, self._links)
            rendered = self._renderer.render_digest(digest, name=to.name, role=role)
        else:
            rendered = self._renderer.render(
                summarise(decision, self._links), name=to.name, role=role
            )
        # The compat32 MIME classes, set with ready strings, build and serialise in a
        # third of the time EmailMessage takes to re-parse every header it is given.
        message = MIMEMultipart("alternative")
        message["From"] = self._mailer.settings.sender
        message["To"] = formataddr((_one_line(to.name), _one_line(to.email)), charset="utf-8")
        message["Subject"] = _header("Subject", rendered.subject)
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = message_id_for(delivery.id, self._mailer.settings.sender)
        message["Auto-Submitted"] = "auto-generated"
        message["X-Leveling-Decision-Id"] = _header("X-Leveling-Decision-Id", decision.decision_id)
        # A digest names every job it lists, so a mail client can find it from any of them.
        for item in dispatch.items or (decision,):
            message["X-Leveling-Requisition"] = _header(
                "X-Leveling-Requisition", item.requisition_key
            )
        message.attach(MIMEText(rendered.text, "plain", "utf-8"))
        message.attach(MIMEText(rendered.html, "html", "utf-8"))
        return message

    async def send(self, dispatch: Dispatch) -> None:
        to = await self._addressee(dispatch)
        await self._mailer.send(self.compose(dispatch, to))
