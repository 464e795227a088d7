"""Text normalisation shared by the index and the decisions: HTML to text, tokens, stems.

The same functions run over the catalogue (once, in `build_index`) and over each
requisition, so both sides of every comparison are normalised identically. HTML to text
lives in `markup` and is re-exported here.
"""

from __future__ import annotations

import re
from itertools import pairwise

from leveler.domain.markup import html_to_text

__all__ = [
    "STOPWORDS",
    "bigrams",
    "content_stems",
    "content_words",
    "expand_shorthand",
    "html_to_text",
    "stem",
]

# A word is a run of letters. In ASCII text those are a-z and A-Z, which a translation
# table and `str.split` find faster than the regular expression; other characters that
# are not letters (dashes, curly quotes, emoji) separate words just like a space, or the
# "?" that ASCII encoding puts in their place.
_WORD_RE = re.compile(r"[^\W\d_]+")
_NON_ASCII_LETTER_RE = re.compile(r"[^\x00-\x7f\W\d_]")
_ASCII_SEPARATORS = bytes(code if _WORD_RE.match(chr(code)) else ord(" ") for code in range(256))

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


# Shorthand of requisition notes, written out so that text and titles read the same as
# in a job ad ("first-line mgr for the pod", "hiring, perf reviews", "8+ yrs, 3 as mgr",
# "IC, no reports"). "IC" only in capitals and standing for the job ("IC.", "(IC)", "an IC
# role"), not before a noun: an "IC design engineer" works on integrated circuits.
_SHORTHAND = {
    "mgr": "manager",
    "mgrs": "managers",
    "mngr": "manager",
    "mngrs": "managers",
    "mgmt": "management",
    "mgmnt": "management",
    "perf": "performance",
    "w/": "with",
    "w/o": "without",
    "ic": "individual contributor",
}
_SHORTHAND_RE = re.compile(
    r"\b(?:(?i:mn?grs?|mgmn?t|perf|w/o?)(?![\w/])"
    r"|IC\b(?=\s*(?:[.,;:)!]|$)|\s+[-\u2013\u2014]\s"
    r"|\s+(?:role|position|track|job|only|in|at|for|on|with|who)\b))"
)


def expand_shorthand(text: str) -> str:
    """`text` with requisition shorthand written out ("mgr" → "manager", "w/" → "with")."""
    return _SHORTHAND_RE.sub(lambda match: _SHORTHAND[match.group(0).lower()], text)


def content_words(text: str) -> list[str]:
    """The content words of `text`, lower-cased, in order (stopwords and 1-letter words
    dropped)."""
    return [word for word in _words(text.lower()) if len(word) > 1 and word not in STOPWORDS]


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order."""
    return [stem(word) for word in content_words(text)]


def _words(text: str) -> list[str]:
    """`_WORD_RE.findall(text)`, faster for text whose letters are all ASCII."""
    if text.isascii():
        data = text.encode("ascii")
    elif _NON_ASCII_LETTER_RE.search(text):
        return _WORD_RE.findall(text)
    else:
        data = text.encode("ascii", "replace")
    return data.translate(_ASCII_SEPARATORS).decode("ascii").split()


def bigrams(stems: list[str]) -> list[str]:
    """Adjacent stem pairs ("single trial", "subordinat manag"): phrases carry level."""
    return [f"{first}_{second}" for first, second in pairwise(stems)]
