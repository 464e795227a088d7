"""Accuracy, review precision/recall and confusion matrices for one split."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from leveler.domain.engine import LevelingIndex, decide
from leveler.domain.outcome import FLAG_TRACK_UNAVAILABLE, Outcome
from leveler.evaluation.dataset import Example

__all__ = ["OTHER_PROFILE", "UNMATCHED", "evaluate", "headline"]

OTHER_PROFILE = "other profile"
UNMATCHED = "unmatched"
_REVIEW = frozenset({"needs_review", "unmatched"})


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _ranks(index: LevelingIndex, profile_code: str) -> dict[str, int]:
    entry = index.by_code.get(profile_code)
    if entry is None:
        return {}
    return {level.code: level.rank for level in entry.profile.levels}


def _predicted_cell(example: Example, outcome: Outcome) -> str:
    if outcome.profile_code is None:
        return UNMATCHED
    if outcome.profile_code != example.expected_profile:
        return OTHER_PROFILE
    return outcome.level or UNMATCHED


def _row(example: Example, outcome: Outcome, index: LevelingIndex) -> dict[str, Any]:
    ranks = _ranks(index, example.expected_profile or "")
    profile_ok = outcome.profile_code == example.expected_profile
    level_ok = profile_ok and outcome.level == example.expected_level
    within = (
        profile_ok
        and outcome.level in ranks
        and example.expected_level in ranks
        and abs(ranks[outcome.level or ""] - ranks[example.expected_level or ""]) <= 1
    )
    return {
        "id": example.id,
        "kind": example.kind,
        "function": example.function,
        "expected": {
            "profile": example.expected_profile,
            "track": example.expected_track,
            "level": example.expected_level,
        },
        "predicted": {
            "profile": outcome.profile_code,
            "track": outcome.track,
            "level": outcome.level,
        },
        "status": outcome.status,
        "confidence": outcome.confidence,
        "boundary_with": outcome.boundary_with,
        "flags": list(outcome.flags),
        "profile_correct": profile_ok,
        "level_exact": level_ok,
        "level_within_one": within,
        "track_correct": outcome.track == example.expected_track,
        "flagged_for_review": outcome.status in _REVIEW,
    }


def _confusion(rows: Sequence[dict[str, Any]], index: LevelingIndex) -> dict[str, Any]:
    matrices: dict[str, Any] = {}
    for entry in index.profiles:
        code = entry.profile.code
        columns = [level.code for level in entry.profile.levels] + [OTHER_PROFILE, UNMATCHED]
        counts = {level: dict.fromkeys(columns, 0) for level in columns[:-2]}
        for row in rows:
            expected = row["expected"]
            if expected["profile"] != code or expected["level"] not in counts:
                continue
            counts[expected["level"]][row["predicted_cell"]] += 1
        if any(any(v for v in r.values()) for r in counts.values()):
            matrices[code] = {"columns": columns, "rows": counts}
    return matrices


def _figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The headline figures of any group of rows (a split, a function, a track)."""
    inside = [r for r in rows if r["expected"]["profile"] is not None]
    outside = [r for r in rows if r["expected"]["profile"] is None]
    wrong_track = [r for r in rows if r["kind"] == "wrong_track"]
    flagged = [r for r in rows if r["flagged_for_review"]]
    flagged_outside = sum(1 for r in outside if r["flagged_for_review"])
    right_and_approved = sum(r["level_exact"] and r["status"] == "auto_approved" for r in inside)
    return {
        "examples": len(rows),
        "in_catalogue": len(inside),
        "out_of_catalogue": len(outside),
        "profile_accuracy": _ratio(sum(r["profile_correct"] for r in inside), len(inside)),
        "track_accuracy": _ratio(sum(r["track_correct"] for r in inside), len(inside)),
        "exact_level_accuracy": _ratio(sum(r["level_exact"] for r in inside), len(inside)),
        "within_one_accuracy": _ratio(sum(r["level_within_one"] for r in inside), len(inside)),
        "right_and_auto_approved": _ratio(right_and_approved, len(inside)),
        "review_precision": _ratio(flagged_outside, len(flagged)),
        "review_recall": _ratio(flagged_outside, len(outside)),
        "auto_approved_in_catalogue": sum(r["status"] == "auto_approved" for r in inside),
        "wrong_track": len(wrong_track),
        "wrong_track_flagged": sum(FLAG_TRACK_UNAVAILABLE in r["flags"] for r in wrong_track),
    }


def _grouped(rows: Sequence[dict[str, Any]], key: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        name = row[key] if key == "function" else row["expected"]["track"]
        groups.setdefault(name or "none", []).append(row)
    return {name: _figures(group) for name, group in sorted(groups.items())}


def evaluate(examples: Sequence[Example], index: LevelingIndex, *, at: datetime) -> dict[str, Any]:
    """Level every example and summarise how the decisions compare with the labels."""
    rows = []
    for example in examples:
        outcome = decide(example.requisition, index, at=at)
        row = _row(example, outcome, index)
        row["predicted_cell"] = _predicted_cell(example, outcome)
        rows.append(row)
    return {
        **_figures(rows),
        "by_function": _grouped(rows, "function"),
        "by_track": _grouped(rows, "track"),
        "confusion": _confusion(rows, index),
        "rows": rows,
    }


def headline(evaluation: dict[str, Any]) -> dict[str, Any]:
    """An evaluation's headline figures alone, without groups, matrices or rows."""
    return {key: value for key, value in evaluation.items() if not isinstance(value, dict | list)}
