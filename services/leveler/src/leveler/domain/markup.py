"""HTML fragments to plain text, one block element per line.

Most postings use a handful of plain tags (`<p>`, `<ul><li>`, `<br/>`, `<b>`) and nothing
else. Such markup is split into tags and text with one regular expression; anything else
(comments, declarations, script or style elements, a stray `<`, unusual attributes) goes
through the standard library's HTML parser. The fast path accepts only markup the parser
reads as the same plain sequence of tags and text, so both give the same result.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from itertools import chain

__all__ = ["html_to_text"]

# Block elements end a line, so bullet lists and paragraphs stay separable afterwards.
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
# Elements whose content the parser reads as raw text (in this or another Python version):
# markup using them always takes the parser.
# fmt: off
_RAW_TEXT_TAGS = frozenset((
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "plaintext", "template",
))
# fmt: on
_TAG_RE = re.compile(r"<[^>]*>?")
# Runs of horizontal whitespace become one space. A lone space needs no change, so text
# without two spaces in a row or any of the other characters is left as it is.
_SPACES_RE = re.compile(r" [ \t\r\f\v\u00a0]+|[\t\r\f\v\u00a0][ \t\r\f\v\u00a0]*")
_ODD_SPACES = ("\t", "\r", "\f", "\v", "\u00a0")
_WS = r"[ \t\n\r\f]"
_ATTRIBUTE = (
    rf"{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"(?:{_WS}*={_WS}*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`/]+(?=[ \t\n\r\f>])))?"
)
# An end tag (group 1) or a start tag (group 2, and group 3 "/" when self-closing); split
# by it, markup comes apart into text, three groups, text, three groups, ..., text.
_PLAIN_TAG_RE = re.compile(
    rf"</([a-zA-Z][a-zA-Z0-9]*){_WS}*>|<([a-zA-Z][a-zA-Z0-9]*)(?:{_ATTRIBUTE})*{_WS}*(/?)>"
)
# What `_tag_text` gives for a tag only the parser reads correctly (no tag adds a "<").
_NEEDS_PARSER = "<"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def updatepos(self, i: int, j: int) -> int:
        # Line and column bookkeeping is for error messages this parser never shows.
        return j


def html_to_text(raw: str) -> str:
    """Plain text of an HTML fragment (or of plain text), one block element per line."""
    if "<" in raw:
        raw = _strip_markup(raw)
    elif "&" in raw:
        raw = html.unescape(raw)
    if "  " in raw or any(space in raw for space in _ODD_SPACES):
        raw = _SPACES_RE.sub(" ", raw)
    lines = [line.strip() for line in raw.split("\n")]
    return "\n".join(line for line in lines if line)


def _strip_markup(raw: str) -> str:
    plain = _plain_markup(raw)
    if plain is not None:
        return plain
    extractor = _TextExtractor()
    try:
        extractor.feed(raw)
        extractor.close()
    except AssertionError:
        # The stdlib parser asserts on some malformed declarations ("<![ ]>"); for such
        # soup a plain tag strip is as good as a parse.
        return html.unescape(_TAG_RE.sub(" ", raw))
    return "".join(extractor.parts)


def _tag_text(end: str | None, start: str | None, closed: str | None) -> str:
    """What a plain tag adds to the text (`_NEEDS_PARSER` when the parser must read it)."""
    tag = (start or end or "").lower()
    if tag in _RAW_TEXT_TAGS:
        return _NEEDS_PARSER
    if start is None:
        return "\n" if tag in _BLOCK_TAGS else ""
    opened = "\n- " if tag == "li" else "\n" if tag in _BLOCK_TAGS else ""
    return opened + "\n" if closed and tag in _BLOCK_TAGS else opened


_TagKey = tuple[str | None, str | None, str | None]


class _TagTexts(dict[_TagKey, str]):
    """`_tag_text` by its three groups: common tags are looked up, others computed."""

    __slots__ = ()

    def __missing__(self, key: _TagKey) -> str:
        return _tag_text(*key)


_COMMON_TAGS = (
    *_BLOCK_TAGS,
    *("a", "b", "i", "u", "em", "strong", "span", "small", "sub", "sup", "font", "hr", "img"),
    *("table", "thead", "tbody", "th", "td", "blockquote", "code", "header", "footer"),
)
_TAG_TEXTS = _TagTexts(
    {
        key: _tag_text(*key)
        for tag in _COMMON_TAGS
        for name in (tag, tag.upper(), tag.capitalize())
        for key in ((name, None, None), (None, name, ""), (None, name, "/"))
    }
)


def _plain_markup(raw: str) -> str | None:
    """Text of markup made only of plain tags and text, else None."""
    pieces = _PLAIN_TAG_RE.split(raw)
    texts = pieces[::4]
    # A plain tag holds exactly one "<": any other "<" is markup the parser must read.
    if raw.count("<") != len(texts) - 1:
        return None
    tags = zip(pieces[1::4], pieces[2::4], pieces[3::4], strict=True)
    added = list(map(_TAG_TEXTS.__getitem__, tags))
    if _NEEDS_PARSER in added:
        return None
    if "&" in raw:
        texts = list(map(html.unescape, texts))
    return "".join(chain.from_iterable(zip(texts[:-1], added, strict=True))) + texts[-1]
