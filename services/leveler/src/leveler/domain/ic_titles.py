"""Seniority words in individual-contributor titles and the P level each suggests.

The management ladder in `ladders` reads people-manager titles ("Senior Manager",
"Director"); on the individual-contributor track those words say nothing, while "Senior",
"Staff", "Principal" and a trailing "II" do. The table is generic title convention, not
any function's vocabulary: the rung is the P rank a title usually names (P1 entry level,
P3 senior, P5 principal), clamped to the profile's own levels when scored.
"""

from __future__ import annotations

import re

from leveler.domain.ladders import Cue

__all__ = ["IC_TITLE_TABLE", "ic_title_cue_lowered"]

# First match wins, so the words that outrank others come first; a roman or arabic suffix
# ("Engineer II", "Analyst 3") is a company's own level number and outranks "senior".
IC_TITLE_TABLE: tuple[tuple[str, float], ...] = (
    (r"\b(?:distinguished|fellow)\b", 6.0),
    (r"\bprincipal\b", 5.0),
    (r"\bstaff\b", 4.0),
    (r"(?<=[a-z])\s+(?:v|5)\b", 5.0),
    (r"(?<=[a-z])\s+(?:iv|4)\b", 4.0),
    (r"(?<=[a-z])\s+(?:iii|3)\b", 3.0),
    (r"(?<=[a-z])\s+(?:ii|2)\b", 2.0),
    (r"(?<=[a-z])\s+(?:i|1)\b", 1.0),
    (r"\blead\b", 4.0),
    (r"\b(?:senior|sr\.?)(?!\w)", 3.0),
    (r"\b(?:associate|junior|jr\.?|entry[- ]level|graduate)(?!\w)", 1.0),
)
_COMPILED = tuple((re.compile(pattern), rung) for pattern, rung in IC_TITLE_TABLE)


def ic_title_cue_lowered(lowered: str) -> Cue | None:
    """The P rank a lower-cased job title's seniority words suggest ("senior analyst" → 3)."""
    for pattern, rung in _COMPILED:
        match = pattern.search(lowered)
        if match is not None:
            return Cue(rung, match.group(0).strip())
    return None
