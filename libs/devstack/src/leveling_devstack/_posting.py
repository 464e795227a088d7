"""Reading a job posting in the plain-text format of `seeds/posting-*.txt`.

The format: a title line ("Key Responsibilities and Required Skills for <role>"), a pay line
starting with 💰, then sections whose headings may carry an emoji, bullet lines starting
with "- ", and paragraphs. Career-path lists name other, often more senior, roles, so they
are left out of the job notes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["ParsedPosting", "parse_pay_line", "parse_posting"]

_TITLE_PREFIX = re.compile(r"^.*?\bRequired Skills for\s+", re.IGNORECASE)
_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_AMOUNT = r"([$£€])?\s*(\d[\d,]*(?:\.\d+)?)\s*([kK])?"
_PAY = re.compile(rf"{_AMOUNT}\s*(?:-|\u2013|\u2014|to)\s*{_AMOUNT}")
_SKIPPED_SECTIONS = ("career progression",)
_SECTION_ENDS_SKIP = ("core responsibilities",)
_EMOJI_OR_SPACE = re.compile(r"^[^\w(]+")


@dataclass(frozen=True)
class ParsedPosting:
    title: str
    pay_min: Decimal | None
    pay_max: Decimal | None
    currency: str | None
    notes_html: str


def parse_pay_line(line: str) -> tuple[Decimal, Decimal, str]:
    """`💰 $95,000 - $160,000` → (95000, 160000, "USD"); ValueError when no range is found."""
    match = _PAY.search(line)
    if match is None:
        raise ValueError(f"no pay range in {line!r}")
    sym1, low, k1, sym2, high, k2 = match.groups()
    symbol = sym1 or sym2 or "$"
    return _amount(low, k1), _amount(high, k2), _SYMBOLS[symbol]


def _amount(digits: str, thousands: str | None) -> Decimal:
    value = Decimal(digits.replace(",", ""))
    return value * 1000 if thousands else value


def parse_posting(text: str) -> ParsedPosting:
    """Title, posted pay range and the notes (role, responsibilities, qualifications) as HTML."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("empty posting")
    title = _TITLE_PREFIX.sub("", lines[0]).strip()
    pay_lines = [line for line in lines[1:] if line.startswith("💰")]
    pay = parse_pay_line(pay_lines[0]) if pay_lines else None
    body = [line for line in lines[1:] if not line.startswith("💰")]
    return ParsedPosting(
        title=title,
        pay_min=pay[0] if pay else None,
        pay_max=pay[1] if pay else None,
        currency=pay[2] if pay else None,
        notes_html=_to_html(_without_skipped(body)),
    )


def _is_heading(line: str) -> bool:
    if line.startswith("- "):
        return False
    _head, colon, tail = line.partition(":")
    if colon and not tail.strip():
        return True
    return len(line) <= 60 and not line.endswith(".") and not colon


def _heading_text(line: str) -> str:
    return _EMOJI_OR_SPACE.sub("", line).rstrip(":").strip()


def _without_skipped(lines: list[str]) -> list[str]:
    kept: list[str] = []
    skipping = False
    for line in lines:
        if _is_heading(line):
            name = _heading_text(line).lower()
            if name in _SKIPPED_SECTIONS:
                skipping = True
            elif name in _SECTION_ENDS_SKIP:
                skipping = False
        if not skipping:
            kept.append(line)
    return kept


def _to_html(lines: list[str]) -> str:
    parts: list[str] = []
    in_list = False
    for line in lines:
        is_item = line.startswith("- ")
        if in_list and not is_item:
            parts.append("</ul>")
        elif is_item and not in_list:
            parts.append("<ul>")
        in_list = is_item
        if is_item:
            parts.append(f"<li>{_esc(line[2:].strip())}</li>")
        elif _is_heading(line):
            parts.append(f"<h3>{_esc(_heading_text(line))}</h3>")
        else:
            parts.append(f"<p>{_esc(line)}</p>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def _esc(text: str) -> str:
    # Text nodes only: quotes need no escaping, and keeping them readable helps readers of
    # the raw notes.
    return html.escape(text, quote=False)
