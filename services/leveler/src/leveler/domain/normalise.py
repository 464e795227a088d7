"""Text normalisation shared by the index and the decisions: HTML to text, tokens, stems.

The same functions run over the catalogue (once, in `build_index`) and over each
requisition, so both sides of every comparison are normalised identically.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from itertools import pairwise

__all__ = [
    "STOPWORDS",
    "bigrams",
    "content_stems",
    "html_to_text",
    "stem",
]

# Block elements end a line, so bullet lists and paragraphs stay separable afterwards.
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
_TAG_RE = re.compile(r"<[^>]*>?")
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_WORD_RE = re.compile(r"[^\W\d_]+")

# fmt: off
STOPWORDS = frozenset((
    "a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "etc", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
    "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "upon", "very", "via", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within",
    "would", "you", "your", "yours", "yourself", "yourselves", "us", "e", "g", "ie", "eg", "per",
    "including", "include", "includes", "whether",
))
# fmt: on


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
    lines = [line.strip() for line in _SPACES_RE.sub(" ", raw).split("\n")]
    return "\n".join([line for line in lines if line])


def _strip_markup(raw: str) -> str:
    extractor = _TextExtractor()
    try:
        extractor.feed(raw)
        extractor.close()
    except AssertionError:
        # The stdlib parser asserts on some malformed declarations ("<![ ]>"); for such
        # soup a plain tag strip is as good as a parse.
        return html.unescape(_TAG_RE.sub(" ", raw))
    return "".join(extractor.parts)


_SUFFIXES = (
    "ational",
    "ization",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ities",
    "ity",
    "ers",
    "er",
    "ed",
    "ly",
    "al",
    "ive",
)


_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_SIZE = 1 << 16


def stem(word: str) -> str:
    """A light suffix stripper: manage/manager/managing/management share one stem."""
    cached = _STEM_CACHE.get(word)
    if cached is None:
        if len(_STEM_CACHE) >= _STEM_CACHE_SIZE:
            # Bounded: arbitrary text must not grow the cache without limit.
            _STEM_CACHE.clear()
        cached = _STEM_CACHE[word] = _stem(word)
    return cached


def _stem(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order (stopwords and 1-letter words dropped)."""
    cache = _STEM_CACHE
    return [
        cache.get(word) or stem(word)
        for word in _WORD_RE.findall(text.lower())
        if len(word) > 1 and word not in STOPWORDS
    ]


def bigrams(stems: list[str]) -> list[str]:
    """Adjacent stem pairs ("single trial", "subordinat manag"): phrases carry level."""
    return [f"{a}_{b}" for a, b in pairwise(stems)]
