"""The engine's three remaining shortcuts give exactly what the plain form beside them gives.

Each stays because it saves more than 5 % of a decision (services/leveler README, bench):
plain markup read without the HTML parser, ASCII words split without the word regex, and
the years pattern skipped on lines that name no years.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leveler.domain.markup import _plain_markup, _TextExtractor
from leveler.domain.normalise import _WORD_RE, _words
from leveler.domain.years import _line_years

SETTINGS = settings(max_examples=400, deadline=None)

_markup_pieces = st.sampled_from(
    ["<p>", "</p>", "<P class='x'>", "<li>", "</li>", "<ul>", "</UL>", "<br/>", "<br>",
     "<b>", "</b>", "<strong>", "<a href=\"https://x.test/?a=1&b=2\">", "</a>", "<div id=d>",
     "<span style=\"color:red\">", "<h2>", "<td>", "<img src='x.png'/>", "<section>",
     "<script>", "</script>", "<style>", "<!-- note -->", "<![CDATA[x]]>", "<", ">", "</",
     "&amp;", "&nbsp;", "&#x27;", "&bogus;", "&lt;p&gt;", "5+ years", "Lead CRAs", "\n", " "]
)  # fmt: skip
markup = st.lists(st.one_of(_markup_pieces, st.text(max_size=8)), max_size=40).map("".join)
text = st.one_of(
    st.text(max_size=200),
    st.text(st.sampled_from("abcXYZ éßñ管理 клиника-\u2014'\u2019_09 \n\t.,"), max_size=200),
)
lines = st.lists(
    st.sampled_from(
        ["5+ years", "3-5 yrs", "ten years", "a decade", "year", "of", "managing", "people", "5"]
    ),
    max_size=8,
).map(" ".join)


def _parsed(raw: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(raw)
    extractor.close()
    return "".join(extractor.parts)


@SETTINGS
@given(raw=markup)
def test_plain_markup_reads_as_the_html_parser_does(raw: str) -> None:
    plain = _plain_markup(raw)
    if plain is not None:
        assert plain == _parsed(raw)


@SETTINGS
@given(value=text)
def test_the_word_split_finds_the_words_the_regex_finds(value: str) -> None:
    lowered = value.lower()
    assert _words(lowered) == _WORD_RE.findall(lowered)


@SETTINGS
@given(line=st.one_of(lines, text))
def test_a_line_naming_no_years_has_no_years_phrase(line: str) -> None:
    lowered = line.lower()
    if not any(word in lowered for word in ("year", "yr", "decade")):
        assert _line_years(lowered) == []
