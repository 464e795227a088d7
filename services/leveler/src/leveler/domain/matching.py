"""Profile retrieval: which role profile a requisition belongs to, and how sure that is.

Two questions, answered separately. *Which* profile ranks first comes from BM25 over each
profile's name, aliases, description, skills, responsibilities and rubric, plus title
similarity. *Whether* it belongs at all is absolute, not relative: how many of the
posting's two-word phrases the profile also uses, the share of its words the profile
knows, and how much of the title's subject matter (seniority words aside) the profile
covers. A software posting ranks some profile first, but shares few phrases with any.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from leveler.domain.catalogue import MANAGEMENT_TRACK
from leveler.domain.exclusions import family_named
from leveler.domain.index import LevelingIndex, ProfileIndex
from leveler.domain.normalise import stem
from leveler.domain.query import Query

__all__ = ["CANDIDATES", "ProfileMatch", "match_profiles", "names_field"]

CANDIDATES = 5
_RELEVANCE_WEIGHT = 0.7
_TITLE_WEIGHT = 0.3
# Absolute fit: known phrases weigh most (two-word phrases are far more domain-specific
# than single words), then known words, then the title's subject matter.
_PHRASE_WEIGHT = 0.5
_WORD_WEIGHT = 0.3
_TITLE_FIT_WEIGHT = 0.2
# Known phrases needed for full phrase evidence; long postings need a few more, because
# any long text shares some stock phrases with a profile.
_PHRASES_NEEDED = 6.0
_PHRASES_PER_PHRASE = 0.03


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    """One candidate profile: `score` ranks candidates, `strength` says if it fits at all."""

    entry: ProfileIndex
    relevance: float
    title_similarity: float
    known_words: float
    known_phrases: int
    title_coverage: float | None
    score: float
    strength: float
    # The role the posting's title names, when none of the profile's titles name it.
    unknown_title_role: str | None = None
    # A family the profile's document says it is distinct from, when the title names one.
    excluded_family: str | None = None
    # One of the profile's job titles that the posting's title names, every word of it.
    named_title: str | None = None

    @property
    def code(self) -> str:
        return self.entry.profile.code


def _title_similarity(query: Query, entry: ProfileIndex) -> float:
    if not query.title_core or not entry.title_keys:
        return 0.0
    key = " ".join(query.title_core)
    return max([fuzz.token_sort_ratio(key, other) for other in entry.title_keys]) / 100.0


def _known_words(query: Query, entry: ProfileIndex) -> float:
    """Share of the posting's words (counted with repeats) the profile also uses."""
    hits = sum(query.counts[word] for word in query.content & entry.vocabulary)
    return hits / query.words if query.words else 0.0


def _title_coverage(query: Query, entry: ProfileIndex) -> float | None:
    if not query.title_core:
        return None
    known = [stem for stem in query.title_core if stem in entry.vocabulary]
    return len(known) / len(query.title_core)


def _unknown_title_role(query: Query, entry: ProfileIndex) -> str | None:
    role, known = query.title_role, entry.title_roles
    return role if role is not None and known and role not in known else None


def _named_title(query: Query, entry: ProfileIndex, names_rank: bool) -> str | None:
    """The first of the profile's job titles whose every word the posting's title has
    ("Data Scientist" in "Data Scientist I, Claims Analytics"), or, when the posting's title
    names a management rank, whose field it names ("Director of Engineering" for "Vice
    President of Engineering")."""
    named = next((title for title, stems in entry.job_titles if stems <= query.title_stems), None)
    if named is not None or not names_rank:
        return named
    return next(
        (title for title, field in entry.management_titles if field <= query.title_words), None
    )


def names_field(query: Query, entry: ProfileIndex) -> bool:
    """Whether the role the posting's title names is the field of one of the profile's
    management job titles: a "Site Reliability Engineer" is an engineer in the field of a
    Director of Engineering, on the other track."""
    role = query.title_role
    return role is not None and any(
        role in {stem(word) for word in field} for _, field in entry.management_titles
    )


def _strength(known_words: float, known_phrases: int, n_phrases: int, title: float) -> float:
    needed = _PHRASES_NEEDED + _PHRASES_PER_PHRASE * n_phrases
    phrase_evidence = min(1.0, known_phrases / needed)
    return _PHRASE_WEIGHT * phrase_evidence + _WORD_WEIGHT * known_words + _TITLE_FIT_WEIGHT * title


def _candidates(query: Query, index: LevelingIndex, raw: npt.NDArray[np.float64]) -> list[int]:
    if raw.size <= CANDIDATES:
        return list(range(raw.size))
    by_text = np.argsort(-raw, kind="stable")[:CANDIDATES].tolist()
    by_title: list[int] = []
    if query.title_core:
        found = process.extract(
            " ".join(query.title_core),
            index.title_choices,
            scorer=fuzz.token_sort_ratio,
            limit=CANDIDATES,
        )
        by_title = [int(position) for _, _, position in found]
    return sorted(set(by_text) | set(by_title))


def _match(query: Query, entry: ProfileIndex, relevance: float, names_rank: bool) -> ProfileMatch:
    title_similarity = _title_similarity(query, entry)
    known_words = _known_words(query, entry)
    known_phrases = len(query.phrases & entry.vocabulary)
    title_coverage = _title_coverage(query, entry)
    named_title = _named_title(query, entry, names_rank)
    # A title naming one of the profile's jobs is its subject matter whatever specialism
    # follows ("Data Scientist, Claims Analytics").
    if named_title is not None:
        title_fit = 1.0
    else:
        title_fit = title_coverage if title_coverage is not None else known_words
    return ProfileMatch(
        entry=entry,
        relevance=relevance,
        title_similarity=title_similarity,
        known_words=known_words,
        known_phrases=known_phrases,
        title_coverage=title_coverage,
        score=_RELEVANCE_WEIGHT * relevance + _TITLE_WEIGHT * title_similarity,
        strength=_strength(known_words, known_phrases, len(query.phrases), title_fit),
        unknown_title_role=_unknown_title_role(query, entry),
        excluded_family=family_named(query.title_core, query.title_role, entry.excluded_families),
        named_title=named_title,
    )


def match_profiles(
    query: Query,
    index: LevelingIndex,
    token_ids: npt.NDArray[np.int64],
    token_counts: npt.NDArray[np.float64],
) -> tuple[ProfileMatch, ...]:
    """Candidate profiles, best first (ties broken by profile code).

    Each token counts as often as the posting uses it: what a posting says again and again
    is what it is about, while the long tail of words it uses once (where a profile with a
    larger vocabulary would collect more hits) weighs less.
    """
    if not index.profiles or query.is_empty:
        return ()
    raw = index.retrieval.scores(token_ids, token_counts)
    values = raw.tolist()
    best = max(values)
    names_rank = index.title_conventions.cue(MANAGEMENT_TRACK, query.title_lowered) is not None
    matches = [
        _match(query, index.profiles[i], values[i] / best if best > 0 else 0.0, names_rank)
        for i in _candidates(query, index, raw)
    ]
    matches.sort(key=lambda m: (-m.score, m.code))
    return tuple(matches)
