from decimal import Decimal
from typing import Any

import pytest

from leveler.adapters.ashby import parse_webhook
from leveler.adapters.ats import PayloadError, WebhookKind
from leveling_common.events import REQUISITION_CLOSED, REQUISITION_OPENED, REQUISITION_UPDATED

JOB_ID = "5b6f4b0e-7f59-4f8e-9f57-3c6f4f0f2a11"


def job(**changes: Any) -> dict[str, Any]:
    document = {
        "id": JOB_ID,
        "title": "Clinical Trial Manager",
        "status": "Open",
        "employmentType": "FullTime",
        "department": {"id": "d1", "name": "Clinical Operations"},
        "location": {"id": "l1", "name": "Boston, MA"},
        "descriptionHtml": "<p>Manage two CRAs on a single study.</p>",
        "compensation": {
            "compensationTiers": [
                {
                    "components": [
                        {"compensationType": "EquityPercentage", "interval": "NONE",
                         "currencyCode": None, "minValue": 0.1, "maxValue": 0.2},
                        {"compensationType": "Salary", "interval": "1 YEAR",
                         "currencyCode": "USD", "minValue": 110000, "maxValue": 140000},
                    ]
                }
            ]
        },
        "hiringTeam": [
            {"userId": "u-1", "firstName": "Ana", "lastName": "Lee", "email": "ana@example.com",
             "role": "Recruiter"},
            {"userId": "u-2", "email": "bo@example.com", "role": "Hiring Manager"},
            {"userId": "u-3", "role": "Coordinator"},
        ],
        "updatedAt": "2026-10-01T12:00:00.000Z",
    }  # fmt: skip
    document.update(changes)
    return document


def envelope(action: str = "jobCreate", **changes: Any) -> dict[str, Any]:
    return {"webhookActionId": "wa-1", "action": action, "data": {"job": job(**changes)}}


def test_job_create_maps_title_location_salary_and_hiring_team():
    event = parse_webhook(envelope())

    assert event.kind is WebhookKind.REQUISITION
    assert event.event_type == REQUISITION_OPENED
    data = event.data
    assert data is not None
    assert data.requisition_key == f"ashby:{JOB_ID}"
    assert data.title == "Clinical Trial Manager"
    assert data.department == "Clinical Operations"
    assert (data.location.city, data.location.region, data.location.country) == (
        "Boston",
        "MA",
        "US",
    )
    assert data.description == "<p>Manage two CRAs on a single study.</p>"
    assert data.posted_range is not None
    assert (data.posted_range.min, data.posted_range.max) == (Decimal(110000), Decimal(140000))
    assert data.posted_range.interval == "year"
    assert [(p.external_user_id, p.name) for p in data.hiring_team.recruiters] == [
        ("u-1", "Ana Lee")
    ]
    assert [p.email for p in data.hiring_team.hiring_managers] == ["bo@example.com"]
    assert data.source_updated_at is not None


@pytest.mark.parametrize(
    ("action", "status", "expected"),
    [
        ("jobUpdate", "Open", REQUISITION_UPDATED),
        ("jobUpdate", "Archived", REQUISITION_CLOSED),
        ("jobUpdate", "Closed", REQUISITION_CLOSED),
    ],
)
def test_status_and_action_choose_the_event_type(action, status, expected):
    assert parse_webhook(envelope(action, status=status)).event_type == expected


def test_a_draft_job_stays_a_draft():
    data = parse_webhook(envelope(status="Draft")).data
    assert data is not None
    assert data.status == "draft"


def test_a_remote_location_flag_is_kept():
    data = parse_webhook(envelope(location={"name": "United States", "isRemote": True})).data

    assert data is not None
    assert (data.location.remote, data.location.country) == (True, "US")


def test_ping_and_other_actions_are_not_requisitions():
    assert parse_webhook({"action": "ping"}).kind is WebhookKind.PING
    assert parse_webhook({"action": "applicationSubmit"}).kind is WebhookKind.IGNORED


def test_a_job_without_an_id_is_a_payload_error():
    with pytest.raises(PayloadError):
        parse_webhook({"action": "jobCreate", "data": {"job": {"title": "x"}}})
