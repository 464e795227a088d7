"""Stored mail: parsing raw RFC 5322 bytes and the `.eml` files of a persistent sink."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from functools import cached_property
from typing import Any

__all__ = ["SinkMessage", "load_eml", "message_file_name", "parse_message", "to_eml"]

# The envelope is not part of the message, so a persisted file carries it in leading
# headers of its own; they are stripped again on load, leaving the raw bytes as received.
_ENVELOPE_PREFIX = b"X-Devstack-"
_SINK_ID = "X-Devstack-Id"
_MAIL_FROM = "X-Devstack-Mail-From"
_RCPT_TO = "X-Devstack-Rcpt-To"
_RECEIVED_AT = "X-Devstack-Received-At"


@dataclass(frozen=True)
class SinkMessage:
    """One accepted message: its envelope and raw bytes; headers and bodies on first read.

    Parsing with the stdlib `email` package costs milliseconds per message, so it is
    deferred until someone looks: a sink taking hundreds of messages a second for a
    benchmark stores bytes and leaves the parsing to the few that are read.
    """

    id: str
    received_at: datetime
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @cached_property
    def _parsed(self) -> EmailMessage:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)  # policy.default always builds EmailMessage
        return msg

    @cached_property
    def from_(self) -> str:
        return _header_text(self._parsed, "From")

    @cached_property
    def to(self) -> tuple[str, ...]:
        return _addresses(self._parsed, "To")

    @cached_property
    def cc(self) -> tuple[str, ...]:
        return _addresses(self._parsed, "Cc")

    @cached_property
    def subject(self) -> str:
        return _header_text(self._parsed, "Subject")

    @cached_property
    def message_id(self) -> str | None:
        return _header_text(self._parsed, "Message-ID") or None

    @cached_property
    def text(self) -> str | None:
        return _body(self._parsed, "plain")

    @cached_property
    def html(self) -> str | None:
        return _body(self._parsed, "html")

    @cached_property
    def headers(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, str(v)) for k, v in self._parsed.items())

    def header(self, name: str) -> str | None:
        """The first header called `name` (case-insensitive), if present."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view, without the raw bytes."""
        return {
            "id": self.id,
            "received_at": self.received_at.isoformat(),
            "mail_from": self.mail_from,
            "rcpt_tos": list(self.rcpt_tos),
            "from": self.from_,
            "to": list(self.to),
            "cc": list(self.cc),
            "subject": self.subject,
            "message_id": self.message_id,
            "text": self.text,
            "html": self.html,
            "headers": [list(h) for h in self.headers],
            "size": len(self.raw),
        }


def parse_message(
    raw: bytes, *, sink_id: str, mail_from: str, rcpt_tos: list[str], received_at: datetime
) -> SinkMessage:
    """Wrap raw message bytes; they are parsed when a header or body is first read."""
    return SinkMessage(
        id=sink_id, received_at=received_at, mail_from=mail_from, rcpt_tos=tuple(rcpt_tos), raw=raw
    )


def message_file_name(message: SinkMessage) -> str:
    """Sortable by arrival: `<UTC timestamp>-<sink id>.eml`."""
    return f"{message.received_at.strftime('%Y%m%dT%H%M%S%f')}-{message.id}.eml"


def to_eml(message: SinkMessage) -> bytes:
    """The raw message, preceded by the envelope headers the sink needs on reload."""
    envelope = [
        f"{_SINK_ID}: {message.id}",
        f"{_MAIL_FROM}: {message.mail_from}",
        f"{_RCPT_TO}: {', '.join(message.rcpt_tos)}",
        f"{_RECEIVED_AT}: {message.received_at.isoformat()}",
    ]
    return "".join(f"{line}\r\n" for line in envelope).encode() + message.raw


def load_eml(data: bytes, *, fallback_id: str) -> SinkMessage:
    """Read a file written by `to_eml()`; ValueError if it lacks the envelope."""
    fields: dict[str, str] = {}
    rest = data
    while rest.startswith(_ENVELOPE_PREFIX):
        line, sep, rest = rest.partition(b"\n")
        if not sep:
            break
        name, _, value = line.decode().rstrip("\r").partition(":")
        fields[name.strip()] = value.strip()
    if _RECEIVED_AT not in fields:
        raise ValueError("not a sink .eml file")
    rcpts = [r.strip() for r in fields.get(_RCPT_TO, "").split(",") if r.strip()]
    return parse_message(
        rest,
        sink_id=fields.get(_SINK_ID) or fallback_id,
        mail_from=fields.get(_MAIL_FROM, ""),
        rcpt_tos=rcpts,
        received_at=datetime.fromisoformat(fields[_RECEIVED_AT]),
    )


def _header_text(msg: EmailMessage, name: str) -> str:
    value = msg.get(name)
    return "" if value is None else str(value)


def _addresses(msg: EmailMessage, name: str) -> tuple[str, ...]:
    found: list[str] = []
    for header in msg.get_all(name, []):
        addresses = getattr(header, "addresses", None)
        if addresses is None:
            found.extend(a.strip() for a in str(header).split(",") if a.strip())
        else:
            found.extend(a.addr_spec for a in addresses)
    return tuple(found)


def _body(msg: EmailMessage, subtype: str) -> str | None:
    part = msg.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    content = part.get_content()
    # SMTP carries CRLF; readers of a text body expect Python's newlines.
    return content.replace("\r\n", "\n") if isinstance(content, str) else None
