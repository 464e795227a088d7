"""Level scoring: independent signals, each with evidence, summed per level.

Points are integers. Every signal turns into whole points per level, so sums and
comparisons are exact and the same inputs always rank levels the same way. The experience
signal is a penalty linear in the distance between the years asked for and each level's
range, with one slope for all levels; because ranges never step down along a track, more
years can only move the best level up (the difference between a higher and a lower level's
penalty never shrinks as years grow).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from leveler.domain.catalogue import MANAGEMENT_TRACK
from leveler.domain.index import LevelEntry, TrackIndex
from leveler.domain.ladders import Cue, budget_rung, median_rung
from leveler.domain.outcome import Signal
from leveler.domain.query import Query, Seniority

__all__ = ["SCALE", "WEIGHTS", "LevelScores", "score_levels"]

SCALE = 10_000
WEIGHTS = {
    "responsibilities": 0.30,
    "rubric": 0.10,
    "experience": 0.25,
    "title_seniority": 0.15,
    "scope": 0.10,
    "people_leadership": 0.10,
}
_POINTS = {name: round(weight * SCALE) for name, weight in WEIGHTS.items()}
# Years (in tenths) outside a level's range that cost the experience signal its weight.
_EXPERIENCE_SPAN_TENTHS = 30
_RUNG_SPAN = 2.0
_EVIDENCE_CHARS = 160


class _Context(NamedTuple):
    query: Query
    seniority: Seniority
    track: TrackIndex
    responsibilities: list[float]
    rubric: list[float]


class _Part(NamedTuple):
    """One signal's verdict: its points per level (in track order) and its evidence."""

    name: str
    points: list[int]
    evidence: str


def _best(points: Sequence[int]) -> int:
    """Position of the level a signal's points alone would choose (lowest on ties)."""
    return points.index(max(points))


@dataclass(frozen=True, slots=True)
class LevelScores:
    """Levels best first with their points, and the signals that produced them."""

    ranked: tuple[tuple[LevelEntry, int], ...]
    signals: tuple[Signal, ...]
    scale: int

    def margin(self) -> float:
        """Lead of the best level over the runner-up, as a share of the points available."""
        if len(self.ranked) < 2 or self.scale == 0:
            return 1.0
        return (self.ranked[0][1] - self.ranked[1][1]) / self.scale

    def steps_from_the_work(self) -> int:
        """How many levels the best one is from the level the responsibilities alone point
        to (0 when they point to none)."""
        work = next((s.points_to for s in self.signals if s.signal == "responsibilities"), None)
        ranks = {entry.level.code: entry.level.rank for entry, _ in self.ranked}
        if work is None or work not in ranks:
            return 0
        return abs(ranks[work] - self.ranked[0][0].level.rank)


def _clip(text: str) -> str:
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"


def _relative(name: str, raw: list[float]) -> list[int] | None:
    best = max(raw)
    if best <= 0:
        return None
    total = _POINTS[name]
    return [round(total * value / best) for value in raw]


def _responsibilities(ctx: _Context) -> _Part | None:
    track = ctx.track
    points = _relative("responsibilities", ctx.responsibilities)
    if points is None:
        return None
    entry = track.levels[_best(points)]
    tokens = ctx.query.tokens
    overlaps = [len(bullet & tokens) for bullet in entry.bullets]
    if not overlaps:
        return _Part("responsibilities", points, f"{entry.level.code} responsibilities")
    quote = _clip(entry.level.responsibilities[overlaps.index(max(overlaps))])
    return _Part("responsibilities", points, f"closest {entry.level.code} responsibility: {quote}")


def _rubric(ctx: _Context) -> _Part | None:
    track = ctx.track
    points = _relative("rubric", ctx.rubric)
    if points is None:
        return None
    level = track.levels[_best(points)].level
    cell = level.rubric.complexity or level.rubric.knowledge or level.scope
    return _Part("rubric", points, f"{level.code} guideline: {_clip(cell)}")


def _distance(years: int, low: int, high: int | None) -> int:
    below = max(0, low - years)
    above = max(0, years - high) if high is not None else 0
    return below + above


def _range_text(entry: LevelEntry) -> str:
    if entry.years is None:
        return "no typical years"
    low, high = entry.years
    return f"{low / 10:g}+ years" if high is None else f"{low / 10:g}-{high / 10:g} years"


def _asked_years(seniority: Seniority, track: TrackIndex) -> tuple[int, str] | None:
    """Years the posting asks for, in tenths, as the track's typical years count them, with
    the words that say so."""
    if seniority.years is None:
        return None
    if track.years_count_leadership:
        tenths = seniority.leadership_years_tenths()
        phrase, kind = seniority.years.phrase, "leading people"
    else:
        tenths = seniority.total_years_tenths()
        phrase, kind = (seniority.total_years or seniority.years).phrase, "of experience"
    if tenths is None:
        return None
    return tenths, f"asks for {phrase} (≈{tenths / 10:g} years {kind})"


def _experience(ctx: _Context) -> _Part | None:
    seniority, track = ctx.seniority, ctx.track
    asked = _asked_years(seniority, track)
    ranges = track.ranges
    if asked is None or ranges is None:
        return None
    years, asks_for = asked
    total = _POINTS["experience"]
    slope = total // _EXPERIENCE_SPAN_TENTHS
    points = [total - slope * _distance(years, low, high) for low, high in ranges]
    best = max(points)
    fits = "; ".join(
        [
            f"{entry.level.code} typically {_range_text(entry)}"
            for entry, value in zip(track.levels, points, strict=True)
            if value == best
        ]
    )
    return _Part("experience", points, f"{asks_for}; closest: {fits}")


def _rung_points(name: str, rung: float, track: TrackIndex) -> list[int]:
    ranks = track.ranks
    target = min(max(rung, float(ranks[0])), float(ranks[-1]))
    total = _POINTS[name]
    return [round(total * (1.0 - abs(rank - target) / _RUNG_SPAN)) for rank in ranks]


def _title(ctx: _Context) -> _Part | None:
    cue = ctx.seniority.title_cues.get(ctx.track.track)
    if cue is None:
        return None
    points = _rung_points("title_seniority", cue.rung, ctx.track)
    evidence = f"title '{ctx.query.title}' says '{cue.phrase}'"
    if cue.from_catalogue:
        evidence += f" (rank {cue.rung:g} by the catalogue's title convention)"
    return _Part("title_seniority", points, evidence)


def _cue_part(name: str, cues: list[Cue], track: TrackIndex) -> _Part | None:
    rung = median_rung(cues)
    if rung is None:
        return None
    phrases = ", ".join(dict.fromkeys([cue.phrase for cue in cues]))
    return _Part(name, _rung_points(name, rung, track), _clip(phrases))


def _scope(ctx: _Context) -> _Part | None:
    # Scope and leadership cues are rungs of the management ladder: on another track they
    # would score levels by how a manager's job grows, which is not how an expert's does.
    if ctx.track.track != MANAGEMENT_TRACK:
        return None
    cues = list(ctx.seniority.scope)
    budget = ctx.seniority.budget
    if budget is not None and (rung := budget_rung(budget.value)) is not None:
        cues.append(Cue(rung, budget.phrase))
    return _cue_part("scope", cues, ctx.track)


def _leadership(ctx: _Context) -> _Part | None:
    # How many direct reports a manager has says little about level (a director often has
    # fewer than a team lead), so the count chooses the track but does not score levels.
    if ctx.track.track != MANAGEMENT_TRACK:
        return None
    return _cue_part("people_leadership", list(ctx.seniority.leadership), ctx.track)


_SIGNALS: tuple[Callable[[_Context], _Part | None], ...] = (
    _responsibilities,
    _rubric,
    _experience,
    _title,
    _scope,
    _leadership,
)


def _signal(part: _Part, available: int, track: TrackIndex) -> Signal:
    # A signal points at a level only when it prefers that level to every other one.
    points = part.points
    decisive = points.count(max(points)) == 1
    pointed = track.levels[_best(points)].level.code if decisive else None
    weight = round(_POINTS[part.name] / available, 4)
    return Signal(part.name, weight, pointed, part.evidence)


def score_levels(
    query: Query, seniority: Seniority, track: TrackIndex, token_ids: npt.NDArray[np.int64]
) -> LevelScores:
    """Score every level of a track; ties go to the lower level."""
    ctx = _Context(query, seniority, track, *track.text_scores(token_ids))
    parts = [part for signal in _SIGNALS if (part := signal(ctx)) is not None]
    available = sum(_POINTS[part.name] for part in parts)
    totals = [sum(column) for column in zip(*(part.points for part in parts), strict=True)]
    if not totals:
        totals = [0] * len(track.levels)
    order = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
    levels = track.levels
    return LevelScores(
        ranked=tuple((levels[i], totals[i]) for i in order),
        signals=tuple(_signal(part, available, track) for part in parts),
        scale=available,
    )
