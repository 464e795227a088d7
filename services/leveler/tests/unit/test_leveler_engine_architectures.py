"""The engine on five functions' job architecture it was not written beside: the figures
on the held-out split, per function and per track (services/leveler/evaluation/README.md).
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def architectures(evaluation_report: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = evaluation_report["architectures"]
    return report


@pytest.fixture(scope="module")
def held_out(architectures: dict[str, Any]) -> dict[str, Any]:
    split: dict[str, Any] = architectures["splits"]["test"]
    return split


def test_the_set_spans_five_functions_both_tracks_and_the_near_misses(
    architectures: dict[str, Any],
) -> None:
    rows = [row for split in architectures["splits"].values() for row in split["rows"]]
    assert len(rows) >= 150
    assert {row["function"] for row in rows} >= {"DATA", "ENG", "SALES", "PEOPLE", "SUPPLY"}
    assert {row["expected"]["track"] for row in rows if row["kind"] == "in_catalogue"} == {
        "P",
        "M",
    }
    kinds = {row["kind"] for row in rows}
    assert kinds == {"in_catalogue", "out_of_catalogue", "wrong_track"}


def test_levels_profiles_and_tracks_meet_the_bar(held_out: dict[str, Any]) -> None:
    assert held_out["exact_level_accuracy"] >= 0.85
    assert held_out["within_one_accuracy"] >= 0.98
    assert held_out["profile_accuracy"] >= 0.95
    assert held_out["track_accuracy"] >= 0.98


def test_most_right_answers_need_no_review(held_out: dict[str, Any]) -> None:
    assert held_out["right_and_auto_approved"] >= 0.80  # measured 0.947


def test_every_wrong_track_posting_goes_to_review_flagged_track_unavailable(
    held_out: dict[str, Any],
) -> None:
    wrong_track = [row for row in held_out["rows"] if row["kind"] == "wrong_track"]
    assert len(wrong_track) >= 5
    for row in wrong_track:
        assert row["flagged_for_review"], row["id"]
        assert "track_unavailable" in row["flags"], row["id"]


def test_every_out_of_catalogue_posting_goes_to_review(held_out: dict[str, Any]) -> None:
    assert held_out["review_recall"] == 1.0


def test_review_precision_meets_the_bar(held_out: dict[str, Any]) -> None:
    # Measured 0.905 (docs/evaluation.md).
    assert held_out["review_precision"] >= 0.9


def test_postings_as_an_ats_sends_them_hold_their_measured_level(
    architectures: dict[str, Any],
) -> None:
    # Without the reports and years fields, as Greenhouse, Ashby and Lever send postings.
    # Measured: exact 0.947, within one, profile and track 0.965, right and auto-approved
    # 0.912, review recall 0.947 and precision 0.818 (a sales manager levelled as an account
    # executive goes to review since engine .34, counted as an in-catalogue review), wrong
    # track flagged 5 of 6.
    sent = architectures["text_only"]["test"]
    assert sent["exact_level_accuracy"] >= 0.85
    assert sent["within_one_accuracy"] >= 0.96
    assert sent["track_accuracy"] >= 0.96
    assert sent["right_and_auto_approved"] >= 0.91
    assert sent["review_recall"] >= 0.94
    assert sent["review_precision"] >= 0.81
    assert sent["wrong_track_flagged"] >= 5


def test_every_function_and_track_is_reported(held_out: dict[str, Any]) -> None:
    assert set(held_out["by_function"]) >= {"DATA", "ENG", "SALES", "PEOPLE", "SUPPLY"}
    assert {"P", "M"} <= set(held_out["by_track"])
    for figures in held_out["by_function"].values():
        assert figures["examples"] > 0


def test_a_near_miss_is_levelled_on_a_close_profile_that_fits_with_its_track(
    architectures: dict[str, Any],
) -> None:
    """A county's procurement and inventory supervisor (`dev-b14-21`) ranks the planning
    profile (individual contributors) first on words, below the fit needed; the supply
    chain management profile, close behind, fits and has the supervisor's track, so the
    posting is levelled there rather than left unmatched, and no track is missing."""
    dev = architectures["splits"]["dev"]["rows"]
    row = next(row for row in dev if row["id"] == "dev-b14-21")
    assert (row["predicted"]["profile"], row["predicted"]["level"]) == ("SUPPLY.SCMGMTM01", "M1")
    assert "track_unavailable" not in row["flags"]
