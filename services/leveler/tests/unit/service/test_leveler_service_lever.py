"""Lever requisition rows (ATS.md field list) → canonical requisitions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from leveler.adapters.ats import PayloadError
from leveler.adapters.lever import posting_text, to_requisition

ROW = {
    "id": "7d9c2a",
    "requisitionCode": "CLIN-104",
    "name": "Senior Clinical Project Manager",
    "status": "onHold",
    "headcountTotal": 2,
    "location": "Raleigh, NC",
    "team": "Clinical Operations",
    "department": "R&D",
    "hiringManager": "u-hm",
    "owner": "u-rec",
    "customFields": {"scope": "Owns 3 phase III studies", "grade": None, "slots": 2},
    "compensationBand": {"currency": "usd", "interval": "per-hour-wage", "min": 60, "max": 75},
    "createdAt": 1_763_000_000_000,
    "updatedAt": 1_763_500_000_000,
}


def test_a_lever_row_maps_every_field_the_engine_and_notifier_use():
    data = to_requisition(ROW)

    assert data.requisition_key == "lever:7d9c2a"
    assert (data.source_system, data.external_id, data.requisition_id) == (
        "lever",
        "7d9c2a",
        "CLIN-104",
    )
    assert data.title == "Senior Clinical Project Manager"
    assert data.department == "R&D"
    assert (data.location.city, data.location.region, data.location.country) == (
        "Raleigh",
        "NC",
        "US",
    )
    assert data.status == "open"  # on hold keeps its level and band
    assert data.description == "Owns 3 phase III studies\n2"
    assert data.posted_range is not None
    assert (data.posted_range.min, data.posted_range.max) == (Decimal("60.00"), Decimal("75.00"))
    assert (data.posted_range.currency, data.posted_range.interval) == ("USD", "hour")
    assert [p.external_user_id for p in data.hiring_team.recruiters] == ["u-rec"]
    assert [p.external_user_id for p in data.hiring_team.hiring_managers] == ["u-hm"]
    assert data.source_updated_at == datetime(2025, 11, 18, 21, 6, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("open", "open"), ("closed", "closed"), ("draft", "draft"), ("somethingNew", "open")],
)
def test_statuses(status, expected):
    assert to_requisition(ROW | {"status": status}).status == expected


def test_fields_of_an_unexpected_shape_count_as_absent():
    data = to_requisition(
        ROW | {"compensationBand": "120k", "customFields": ["x"], "updatedAt": "yesterday"}
    )
    assert data.posted_range is None
    assert data.description == ""
    assert data.source_updated_at is None


def test_a_row_without_an_id_is_refused_with_what_is_missing():
    with pytest.raises(PayloadError, match=r"requisition\.id"):
        to_requisition({key: value for key, value in ROW.items() if key != "id"})


POSTING = {
    "id": "p-1",
    "text": "Senior Clinical Project Manager",
    "requisitionCodes": ["CLIN-104"],
    "content": {
        "description": "plain fallback",
        "descriptionHtml": "<p>Run three phase III studies.</p>",
        "lists": [
            {"text": "What you'll do", "content": "<li>Manage 5 CPMs</li>"},
            {"text": None, "content": "<li>Own the budget</li>"},
            "not a list",
        ],
        "closingHtml": "<p>Equal opportunity employer.</p>",
    },
}


def test_a_posting_gives_its_description_lists_and_closing_as_html():
    assert posting_text(POSTING) == (
        "<p>Run three phase III studies.</p>\n<h3>What you&#x27;ll do</h3>\n"
        "<li>Manage 5 CPMs</li>\n<li>Own the budget</li>\n<p>Equal opportunity employer.</p>"
    )
    assert posting_text({"content": "nope"}) == ""


def test_the_posting_text_comes_first_and_the_notifiers_fields_are_not_job_text():
    row = ROW | {"customFields": {"scope": "Owns 3 phase III studies", "level": "M4"}}
    data = to_requisition(row, posting="<p>Posting</p>", own_fields={"level"})
    assert data.description == "<p>Posting</p>\nOwns 3 phase III studies"
