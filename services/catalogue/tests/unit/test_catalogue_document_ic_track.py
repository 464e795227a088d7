"""A profile document for the individual-contributor track imports as the seed ones do."""

from __future__ import annotations

import re

from catalogue.domain.document import parse_profile_document
from catalogue.domain.model import YearsRange


def _as_ic_document(text: str) -> str:
    """The seed document rewritten for the IC track: P levels and the track's name."""
    text = re.sub(r"\bM([1-5])\b", r"P\1", text)
    return text.replace("management track", "individual contributor track")


def test_an_ic_track_document_imports_every_p_level_with_its_years(cpm_text):
    document = parse_profile_document(_as_ic_document(cpm_text))
    profile = document.profile
    assert document.level == "P1"
    assert profile.tracks == ("P",)
    assert [level.code for level in profile.levels] == ["P1", "P2", "P3", "P4", "P5"]
    assert [level.track for level in profile.levels] == ["P"] * 5
    assert profile.levels[1].years == YearsRange(2.0, 5.0)
    assert profile.levels[0].rubric.knowledge.startswith("Functional expert")
