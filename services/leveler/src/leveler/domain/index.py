"""The leveling index: every catalogue-side computation, done once per catalogue version.

Tokenising profiles, building the BM25 indexes, ordering levels and their experience
ranges, and indexing zones and band sets all happen here, so a decision only normalises
the requisition and looks things up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from leveler.domain.bands import BandTable, ZoneTable
from leveler.domain.catalogue import MANAGEMENT_TRACK, Catalogue, Jurisdiction, Level, Profile
from leveler.domain.exclusions import ExcludedFamily, excluded_families
from leveler.domain.normalise import bigrams, content_stems, content_words
from leveler.domain.query import MAX_YEARS, ROLE_WORDS, title_role
from leveler.domain.role_acronyms import RoleAcronyms
from leveler.domain.text_index import TextIndex
from leveler.domain.title_conventions import TitleConventions
from leveler.domain.years import years_count_leadership

__all__ = ["LevelEntry", "LevelingIndex", "ProfileIndex", "TextIndex", "TrackIndex", "build_index"]

# Names and aliases are short but say the most about what a profile is.
_NAME_REPEAT = 3


def _tokens(texts: Iterable[str]) -> list[str]:
    stems: list[str] = []
    for text in texts:
        words = content_stems(text)
        stems.extend(words)
        stems.extend(bigrams(words))
    return stems


@dataclass(frozen=True, slots=True)
class LevelEntry:
    """A level with its experience range in tenths of years (None = unknown), counted as its
    track counts them (`TrackIndex.years_count_leadership`)."""

    level: Level
    years: tuple[int, int | None] | None
    bullets: tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True)
class TrackIndex:
    """A profile's levels on one track, with BM25 over each level's responsibilities and,
    separately, over its rubric cells; `texts` scores both at once (responsibilities first).
    `ranks` and `ranges` are the levels' ranks and experience ranges (None without years);
    the ranges count years leading people when `years_count_leadership`, else years of
    experience in the field.
    """

    track: str
    levels: tuple[LevelEntry, ...]
    texts: TextIndex
    ranks: tuple[int, ...]
    ranges: tuple[tuple[int, int | None], ...] | None
    years_count_leadership: bool = False

    def text_scores(self, token_ids: npt.NDArray[np.int64]) -> tuple[list[float], list[float]]:
        """BM25 of each level's responsibilities, and of each level's rubric cells."""
        scores = self.texts.scores(token_ids).tolist()
        return scores[: len(self.levels)], scores[len(self.levels) :]


@dataclass(frozen=True, slots=True)
class ProfileIndex:
    profile: Profile
    tracks: dict[str, TrackIndex]
    vocabulary: frozenset[str]
    title_keys: tuple[str, ...]
    # Every word of the profile's name and title aliases (empty when it records none).
    title_roles: frozenset[str] = frozenset()
    # The job families the profile's document says it is distinct from (`exclusions`).
    excluded_families: tuple[ExcludedFamily, ...] = ()
    # The profile's job titles (its title aliases), each with its stems.
    job_titles: tuple[tuple[str, frozenset[str]], ...] = ()
    # Its people-manager job titles, each with the words that name its field
    # (`_management_titles`).
    management_titles: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True, slots=True)
class LevelingIndex:
    """Everything `decide` needs for one catalogue version."""

    catalogue_version: str
    catalogue: Catalogue
    profiles: tuple[ProfileIndex, ...]
    by_code: dict[str, ProfileIndex]
    retrieval: TextIndex
    zones: ZoneTable
    bands: BandTable
    jurisdictions: tuple[Jurisdiction, ...]
    vocabulary: dict[str, int]
    title_choices: dict[int, str]
    # The catalogue's title conventions, compiled here so a decision only searches them.
    title_conventions: TitleConventions
    # The roles the catalogue names by acronym ("CRAs"), for reading whom a posting leads.
    role_acronyms: RoleAcronyms
    skipped_profiles: tuple[str, ...] = ()

    def lookup(
        self, counts: dict[str, int]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Shared ids of the tokens the catalogue knows, sorted, with their counts.

        Unknown tokens cannot score, so they are dropped here. Sorting makes scores sum in
        the same order whatever the iteration order of the tokens.
        """
        known = sorted(
            (self.vocabulary[token], count)
            for token, count in counts.items()
            if token in self.vocabulary
        )
        ids = np.array([token_id for token_id, _ in known], dtype=np.int64)
        weights = np.array([count for _, count in known], dtype=np.float64)
        return ids, weights

    @property
    def problems(self) -> tuple[str, ...]:
        """Catalogue entries the index left out: profiles without levels, unordered bands."""
        return tuple(f"profile without levels: {code}" for code in self.skipped_profiles) + tuple(
            f"band not ordered: {key}" for key in self.bands.rejected
        )


def _tenths(years: float | None) -> int | None:
    if years is None:
        return None
    return round(min(max(years, 0.0), MAX_YEARS) * 10)


def _experience_ranges(levels: Sequence[Level]) -> list[tuple[int, int | None]] | None:
    """Leadership-years ranges per level, made non-decreasing along the track.

    A missing lower bound continues from the level below (0 for the first); a missing upper
    bound stops at the next level's lower bound; the top level is open-ended. Ranges that
    never step down are what make "more experience never lowers the level" hold. A track
    without any years has no ranges.
    """
    lows = [_tenths(level.years_min) for level in levels]
    highs = [_tenths(level.years_max) for level in levels]
    if all(v is None for v in lows + highs):
        return None
    ranges: list[tuple[int, int | None]] = []
    floor, ceiling = 0, 0
    for position in range(len(levels)):
        given_low = lows[position]
        low = max(given_low if given_low is not None else floor, floor)
        upper: int | None = None
        if position < len(levels) - 1:
            next_low = next((v for v in lows[position + 1 :] if v is not None), None)
            given_high = highs[position]
            high = given_high if given_high is not None else next_low
            upper = max(high if high is not None else low, low, ceiling)
            ceiling = upper
        ranges.append((low, upper))
        floor = low
    return ranges


def _years_count_leadership(track: str, levels: Sequence[Level]) -> bool:
    """Whether a track's typical years count years leading people: on the management track
    when most of its levels' "Typical Degree & Years" say so ("2-5 years in clinical team
    leadership"), not when they count years in the field ("8-10 years in software
    engineering including 2-4 years managing engineers"); an even split, or no years in
    words at all, counts leadership there. Other tracks count years in the field."""
    if track != MANAGEMENT_TRACK:
        return False
    said = [years_count_leadership(level.rubric.degree_years) for level in levels]
    stated = [leading for leading in said if leading is not None]
    return 2 * sum(stated) >= len(stated)


def _level_text(level: Level) -> list[str]:
    return [level.rubric.knowledge, level.rubric.complexity, level.rubric.collaboration]


def _box_text(level: Level) -> list[str]:
    return [level.scope, level.autonomy, level.complexity, level.impact, level.leadership]


@dataclass(frozen=True, slots=True)
class _Tokenised:
    """A profile's texts tokenised once: per bullet, per level rubric, and as one document."""

    profile: Profile
    bullets: dict[Level, list[list[str]]]
    rubric: dict[Level, list[str]]
    document: list[str]


def _written_texts(profile: Profile) -> Iterable[str]:
    """Everything the profile's document says in sentences, for reading its role acronyms."""
    yield profile.description
    yield from (skill.description for skill in profile.skills)
    for level in profile.levels:
        yield from level.responsibilities
        yield from _level_text(level)
        yield from _box_text(level)
        yield from (level.decision_rights, level.rubric.degree_years)


def _tokenise(profile: Profile) -> _Tokenised:
    description = profile.description
    if profile.distinguishing:
        # What a profile is *not* must not count as evidence for it.
        description = description.replace(profile.distinguishing, " ")
    head = [profile.name, *profile.aliases] * _NAME_REPEAT
    head.append(description)
    head.extend(f"{skill.name}. {skill.description}" for skill in profile.skills)
    document = _tokens(head)
    bullets: dict[Level, list[list[str]]] = {}
    rubric: dict[Level, list[str]] = {}
    for level in profile.levels:
        bullets[level] = [_tokens([bullet]) for bullet in level.responsibilities]
        rubric[level] = _tokens(_level_text(level) + _box_text(level))
        for tokens in bullets[level]:
            document.extend(tokens)
        document.extend(rubric[level])
    return _Tokenised(profile, bullets, rubric, document)


def _track_index(
    track: str,
    levels: Sequence[Level],
    texts: _Tokenised,
    vocabulary: dict[str, int],
) -> TrackIndex:
    ordered = sorted(levels, key=lambda level: (level.rank, level.code))
    ranges = _experience_ranges(ordered)
    entries = tuple(
        LevelEntry(
            level=level,
            years=ranges[position] if ranges is not None else None,
            bullets=tuple(frozenset(tokens) for tokens in texts.bullets[level]),
        )
        for position, level in enumerate(ordered)
    )
    return TrackIndex(
        track=track,
        levels=entries,
        texts=TextIndex.side_by_side(
            TextIndex(
                [[t for tokens in texts.bullets[level] for t in tokens] for level in ordered],
                vocabulary,
            ),
            TextIndex([texts.rubric[level] for level in ordered], vocabulary),
        ),
        ranks=tuple(level.rank for level in ordered),
        ranges=tuple(ranges) if ranges is not None else None,
        years_count_leadership=_years_count_leadership(track, ordered),
    )


def _title_roles(profile: Profile) -> frozenset[str]:
    """The role each of the profile's job titles names ("executive" in "Mid-Market Account
    Executive"), once it records titles: a profile name alone ("Clinical Project
    Management") names a field, not the jobs in it. Roles, not every title word, so that
    "Mid-Market" does not make a Marketing Manager one of the profile's jobs."""
    if not profile.aliases:
        return frozenset()
    roles = (title_role(title.lower()) for title in (profile.name, *profile.aliases))
    return frozenset(role for role in roles if role is not None)


def _title_key(text: str) -> str:
    return " ".join(dict.fromkeys(s for s in content_stems(text) if s not in ROLE_WORDS))


def _management_titles(
    profile: Profile, conventions: TitleConventions
) -> tuple[tuple[str, frozenset[str]], ...]:
    """The profile's job titles that name a management rank, each with the words that name
    its field: "engineering" in "Director of Engineering". A posting titled with another
    rank in the same field ("Vice President of Engineering", "Engineering Team Lead") is
    then known as one of the profile's jobs, which rank words alone cannot tell."""
    found = []
    for title in profile.aliases:
        lowered = title.lower()
        rank = conventions.cue(MANAGEMENT_TRACK, lowered)
        if rank is None:
            continue
        field = frozenset(content_words(lowered.replace(rank.phrase, " ")))
        if field:
            found.append((title, field))
    return tuple(found)


def _profile_index(
    texts: _Tokenised, vocabulary: dict[str, int], conventions: TitleConventions
) -> ProfileIndex:
    profile = texts.profile
    tracks = {
        track: _track_index(
            track, [lv for lv in profile.levels if lv.track == track], texts, vocabulary
        )
        for track in profile.tracks()
    }
    keys = tuple(k for k in (_title_key(t) for t in (profile.name, *profile.aliases)) if k)
    return ProfileIndex(
        profile=profile,
        tracks=tracks,
        vocabulary=frozenset(texts.document),
        title_keys=keys,
        title_roles=_title_roles(profile),
        job_titles=tuple(
            (alias, frozenset(stems))
            for alias in profile.aliases
            if (stems := content_stems(alias))
        ),
        management_titles=_management_titles(profile, conventions),
        excluded_families=excluded_families(
            profile.distinguishing, (profile.name, *profile.aliases), ROLE_WORDS
        ),
    )


def build_index(catalogue: Catalogue) -> LevelingIndex:
    """Index a catalogue once; decisions against it then do no catalogue-side work."""
    # A profile without levels has nothing to level against.
    profiles = sorted((p for p in catalogue.profiles if p.levels), key=lambda p: p.code)
    tokenised = [_tokenise(profile) for profile in profiles]
    documents = [texts.document for texts in tokenised]
    # Level texts are part of the profile documents, so these hold every catalogue token.
    vocabulary = {token: i for i, token in enumerate(sorted({t for doc in documents for t in doc}))}
    conventions = TitleConventions.compile(catalogue.title_conventions)
    entries = tuple(_profile_index(texts, vocabulary, conventions) for texts in tokenised)
    return LevelingIndex(
        catalogue_version=catalogue.version,
        catalogue=catalogue,
        profiles=entries,
        by_code={entry.profile.code: entry for entry in entries},
        retrieval=TextIndex(documents, vocabulary),
        vocabulary=vocabulary,
        title_choices={i: e.title_keys[0] for i, e in enumerate(entries) if e.title_keys},
        zones=ZoneTable.build(catalogue),
        bands=BandTable.build(catalogue),
        jurisdictions=catalogue.jurisdictions,
        title_conventions=conventions,
        skipped_profiles=tuple(sorted(p.code for p in catalogue.profiles if not p.levels)),
        role_acronyms=RoleAcronyms.from_catalogue(
            (alias for profile in profiles for alias in profile.aliases),
            (text for profile in profiles for text in _written_texts(profile)),
        ),
    )
