"""Render an evaluation as Markdown."""

from __future__ import annotations

from typing import Any

__all__ = ["render_markdown"]

_SUMMARY = (
    ("exact_level_accuracy", "Exact level"),
    ("within_one_accuracy", "Within one level"),
    ("profile_accuracy", "Profile"),
    ("track_accuracy", "Track"),
    ("right_and_auto_approved", "Right and auto-approved (in catalogue)"),
    ("review_precision", "Review precision (out-of-catalogue)"),
    ("review_recall", "Review recall (out-of-catalogue)"),
)
_GROUP_COLUMNS = (
    ("exact_level_accuracy", "exact"),
    ("within_one_accuracy", "within one"),
    ("profile_accuracy", "profile"),
    ("track_accuracy", "track"),
    ("right_and_auto_approved", "right + auto"),
    ("review_recall", "review recall"),
)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _summary(splits: dict[str, Any]) -> list[str]:
    names = list(splits)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    counts = " | ".join(
        f"{s['examples']} ({s['in_catalogue']} in, {s['out_of_catalogue']} out)"
        for s in splits.values()
    )
    lines.append(f"| examples | {counts} |")
    for key, label in _SUMMARY:
        lines.append(f"| {label} | " + " | ".join(_pct(s[key]) for s in splits.values()) + " |")
    auto = " | ".join(
        f"{s['auto_approved_in_catalogue']}/{s['in_catalogue']}" for s in splits.values()
    )
    lines.append(f"| Auto-approved (in catalogue) | {auto} |")
    wrong = " | ".join(f"{s['wrong_track_flagged']}/{s['wrong_track']}" for s in splits.values())
    lines.append(f"| Wrong-track postings flagged `track_unavailable` | {wrong} |")
    return lines


def _text_only(report: dict[str, Any]) -> list[str]:
    text_only = report.get("text_only")
    if not text_only:
        return []
    return [
        "",
        "**As an ATS webhook sends them.** The same postings without the structured "
        "`direct_reports` and `min_years_experience` fields, which Greenhouse, Ashby and "
        "Lever do not send: reports and years are read from the text alone.",
        "",
        *_summary(text_only),
    ]


def _groups(name: str, split: dict[str, Any], key: str, label: str) -> list[str]:
    header = " | ".join(title for _, title in _GROUP_COLUMNS)
    lines = ["", f"**{name} — per {label}**", "", f"| {label} | examples | {header} |"]
    lines.append("|---|---|" + "---|" * len(_GROUP_COLUMNS))
    for group, figures in split[key].items():
        cells = " | ".join(_pct(figures[column]) for column, _ in _GROUP_COLUMNS)
        lines.append(f"| {group} | {figures['examples']} | {cells} |")
    return lines


# The sets beyond the seeds: report key, heading, and what the set is.
_SETS = (
    (
        "architectures",
        "Five functions, both tracks",
        "seven profile documents for data science, engineering management, sales (both "
        "tracks), HR business partnering and supply chain (both tracks), in "
        "`services/leveler/evaluation/architectures/`.",
    ),
    (
        "holdout",
        "Four functions never tuned on",
        "the seven profiles above and four more, for financial planning and analysis, "
        "marketing management and customer success (both tracks), in "
        "`services/leveler/evaluation/holdout/`; its postings were written blind and are never "
        "tuned on (there is no dev split).",
    ),
    (
        "holdout2",
        "Three more functions never tuned on",
        "the seven profiles of the architectures set and four more, for product management "
        "(both tracks), talent acquisition and accounting management, in "
        "`services/leveler/evaluation/holdout2/`; written and scored like the set above.",
    ),
)


def _set_section(report: dict[str, Any], key: str, heading: str, what: str) -> list[str]:
    evaluated = report.get(key)
    if not evaluated:
        return []
    splits = evaluated["splits"]
    lines = [
        "",
        f"## {heading}",
        "",
        f"Catalogue `{evaluated['catalogue_version']}`: {what} "
        "Track `none` groups the out-of-catalogue postings.",
        "",
        *_summary(splits),
        *_text_only(evaluated),
    ]
    for name, split in splits.items():
        lines += _groups(name, split, "by_function", "function")
        lines += _groups(name, split, "by_track", "track")
    lines += ["", "### Decisions"]
    for name, split in splits.items():
        lines += _rows(f"{key} {name}", split)
    return lines


def _confusion(name: str, split: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for profile, matrix in split["confusion"].items():
        columns = matrix["columns"]
        lines += ["", f"**{name} — {profile}** (rows: expected, columns: predicted)", ""]
        lines.append("| expected | " + " | ".join(columns) + " |")
        lines.append("|---|" + "---|" * len(columns))
        for level, counts in matrix["rows"].items():
            lines.append(f"| {level} | " + " | ".join(str(counts[c]) for c in columns) + " |")
    return lines


def _cell(level: dict[str, Any]) -> str:
    profile = level["profile"] or "—"
    return f"{profile} {level['level'] or ''}".strip()


def _rows(name: str, split: dict[str, Any]) -> list[str]:
    lines = ["", f"### {name}: every example", ""]
    lines.append("| id | expected | predicted | status | confidence | flags |")
    lines.append("|---|---|---|---|---|---|")
    for row in split["rows"]:
        mark = "" if row["level_exact"] or row["expected"]["profile"] is None else " ✗"
        flags = ", ".join(row["flags"])
        lines.append(
            f"| {row['id']} | {_cell(row['expected'])} | {_cell(row['predicted'])}{mark} | "
            f"{row['status']} | {row['confidence']:.2f} | {flags} |"
        )
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown page: summary, confusion matrices, per-example table."""
    splits = report["splits"]
    lines = [
        "# Leveling engine evaluation",
        "",
        f"Engine `{report['engine_version']}`, catalogue `{report['catalogue_version']}`, "
        f"bands in force at {report['at']}. Generated by `python -m leveler.evaluation`; "
        "the labelled set and how it was written are described in "
        "`services/leveler/evaluation/README.md`. `test` is the held-out split.",
        "",
        "## Summary",
        "",
        *_summary(splits),
        *_text_only(report),
        "",
        "## Confusion matrices",
    ]
    for name, split in splits.items():
        lines += _confusion(name, split)
    lines += ["", "## Decisions"]
    for name, split in splits.items():
        lines += _rows(name, split)
    for key, heading, what in _SETS:
        lines += _set_section(report, key, heading, what)
    return "\n".join(lines) + "\n"
