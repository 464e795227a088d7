"""The quality bar on the held-out labelled set, and the evaluation report itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leveler.evaluation.__main__ import main
from leveler.evaluation.report import render_markdown


@pytest.fixture(scope="module")
def report(evaluation_report: dict[str, Any]) -> dict[str, Any]:
    return evaluation_report


def test_held_out_exact_level_accuracy_is_at_least_ninety_percent(report: dict[str, Any]) -> None:
    assert report["splits"]["test"]["exact_level_accuracy"] >= 0.9


def test_held_out_levels_are_all_within_one_level(report: dict[str, Any]) -> None:
    assert report["splits"]["test"]["within_one_accuracy"] == 1.0


def test_held_out_profiles_are_all_correct(report: dict[str, Any]) -> None:
    assert report["splits"]["test"]["profile_accuracy"] == 1.0


def test_every_held_out_out_of_catalogue_posting_is_flagged(report: dict[str, Any]) -> None:
    split = report["splits"]["test"]
    outside = [row for row in split["rows"] if row["expected"]["profile"] is None]
    assert len(outside) >= 5
    assert all(row["status"] in {"needs_review", "unmatched"} for row in outside)
    assert split["review_recall"] == 1.0


def test_held_out_postings_as_an_ats_sends_them_level_as_labelled(report: dict[str, Any]) -> None:
    # Without the reports and years fields the seed postings still say who leads people.
    sent = report["text_only"]["test"]
    assert sent["exact_level_accuracy"] >= 0.9
    assert sent["right_and_auto_approved"] >= 0.9
    assert sent["review_recall"] == 1.0


def test_the_labelled_set_covers_every_profile_level_and_both_seed_postings(
    report: dict[str, Any],
) -> None:
    covered = {
        (row["expected"]["profile"], row["expected"]["level"])
        for split in report["splits"].values()
        for row in split["rows"]
        if row["expected"]["profile"] is not None
    }
    assert len(covered) == 9
    kinds = [row["kind"] for split in report["splits"].values() for row in split["rows"]]
    assert kinds.count("seed_posting") == 2


def test_confusion_matrices_count_every_in_catalogue_example(report: dict[str, Any]) -> None:
    for split in report["splits"].values():
        cells = sum(
            count
            for matrix in split["confusion"].values()
            for row in matrix["rows"].values()
            for count in row.values()
        )
        assert cells == split["in_catalogue"]


def test_the_markdown_report_has_summary_matrices_and_decisions(report: dict[str, Any]) -> None:
    markdown = render_markdown(report)
    for heading in (
        "## Summary",
        "## Confusion matrices",
        "## Decisions",
        "### test: every example",
        "**As an ATS webhook sends them.**",
    ):
        assert heading in markdown
    assert "| Exact level |" in markdown


def test_the_command_writes_the_report_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--docs-dir", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert written["splits"]["test"]["examples"] == 35
    assert (tmp_path / "evaluation.md").read_text(encoding="utf-8") in capsys.readouterr().out
