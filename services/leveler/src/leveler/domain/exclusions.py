"""The job families a profile's own document says it is distinct from.

A profile document sets the profile apart from its neighbours in one clause ("Distinct from
Sales Operations (CRM administration, …), Customer Success (post-sale adoption …), and
Marketing (demand generation)."). A posting whose title names one of those families
("Senior Customer Success Manager") belongs to a neighbour the catalogue does not hold,
however much of the profile's vocabulary it shares, so it goes to review.

A family is its run of title stems, seniority words aside; a title names it when the run
appears in the title's own stems ("HR Operations" in "HRIS and HR Operations Lead", not in
"HR Business Partner, Global Operations"). A one-word family must be the role the title
names ("Product" in "Senior Product Manager"): one word elsewhere in a title often
qualifies another role ("Customer Success Manager, Enterprise Accounts"). A family whose
words one of the profile's own titles holds ("Sales Management" for an Account Executive
profile with the title "Sales Executive") tells nothing apart and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from leveler.domain.normalise import content_stems

__all__ = ["ExcludedFamily", "excluded_families", "family_named"]

# What opens the clause; the families follow it.
_MARKER_RE = re.compile(r"\b(?:distinct\s+from|unlike|as\s+opposed\s+to)\b", re.IGNORECASE)
_PARENTHESES_RE = re.compile(r"\([^)]*\)")
# Between families: commas, "and", "or", slashes ("Procurement/Strategic Sourcing").
_SEPARATOR_RE = re.compile(r",|;|/|\band\b|\bor\b", re.IGNORECASE)
# Words that name a family's track, not the family: the track decision handles those.
_TRACK_WORDS_RE = re.compile(r"\bindividual[- ]contributors?\b", re.IGNORECASE)
# A word that names what the families are, closing the list ("Unlike Clinical Monitoring
# or Data Management focuses, this focus owns …").
_KIND_WORD_RE = re.compile(
    r"\s+(?:focus(?:es)?|roles?|functions?|jobs?|profiles?|disciplines?)\s*$", re.IGNORECASE
)

ExcludedFamily = tuple[str, tuple[str, ...]]


def excluded_families(
    distinguishing: str, own_titles: Iterable[str], seniority_words: frozenset[str]
) -> tuple[ExcludedFamily, ...]:
    """Each family the clause names, as (name, stems), that no own title already covers."""
    marker = _MARKER_RE.search(distinguishing)
    if marker is None:
        return ()
    listed = _PARENTHESES_RE.sub(" ", distinguishing[marker.end() :]).split(".")[0]
    listed = _KIND_WORD_RE.sub("", listed)
    listed = _TRACK_WORDS_RE.sub(" ", listed)
    own = [set(content_stems(title)) for title in own_titles]
    families = []
    for part in _SEPARATOR_RE.split(listed):
        name = " ".join(part.split())
        stems = tuple(s for s in content_stems(name) if s not in seniority_words)
        if stems and not any(set(stems) <= title for title in own):
            families.append((name, stems))
    return tuple(families)


def family_named(
    title_stems: Sequence[str], title_role: str | None, families: tuple[ExcludedFamily, ...]
) -> str | None:
    """The first excluded family the title names, if any."""
    for name, stems in families:
        width = len(stems)
        if width == 1:
            if stems[0] == title_role:
                return name
            continue
        runs = (tuple(title_stems[i : i + width]) for i in range(len(title_stems) - width + 1))
        if stems in runs:
            return name
    return None
