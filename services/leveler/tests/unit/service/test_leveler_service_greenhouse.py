from decimal import Decimal
from typing import Any

import pytest

from leveler.adapters.ats import PayloadError, WebhookKind
from leveler.adapters.greenhouse import GreenhouseMapping, parse_webhook
from leveler.service_layer.requisitions import content_hash
from leveling_common.events import REQUISITION_CLOSED, REQUISITION_OPENED, REQUISITION_UPDATED

MAPPING = GreenhouseMapping()


def job(**changes: Any) -> dict[str, Any]:
    """`payload.job` in the documented Harvest shape."""
    document = {
        "id": 4012345,
        "name": "Senior Clinical Project Manager",
        "requisition_id": "REQ-0042",
        "notes": "<p>Lead <b>multiple studies</b>; 7+ years in clinical trials.</p>",
        "confidential": False,
        "status": "open",
        "created_at": "2026-10-01T12:00:00Z",
        "opened_at": "2026-10-01T12:00:00Z",
        "closed_at": None,
        "departments": [{"id": 50102, "name": "Clinical Project Management", "external_id": None}],
        "offices": [
            {"id": 60103, "name": "New York", "location": "New York, NY, United States",
             "external_id": "OFF-NYC"}
        ],
        "hiring_team": {
            "hiring_managers": [{"user_id": 4080011, "employee_id": "E-11"}],
            "recruiters": [{"user_id": 4080001, "employee_id": None}],
            "sourcers": [],
            "coordinators": [{"user_id": 4080021, "employee_id": None}],
        },
        "openings": [{"id": 1, "opening_id": "1-1", "custom_fields": {}}],
        "custom_fields": {
            "salary_range": {
                "name": "Salary Range",
                "type": "currency_range",
                "value": {"min_value": "120000.0", "max_value": "160000.0", "unit": "USD"},
            },
            "employment_type": {"name": "Employment Type", "type": "single_select",
                                "value": "Full-time"},
            "level": {"name": "Level", "type": "short_text", "value": None},
            "pay_band": {"name": "Pay band", "type": "currency_range", "value": None},
        },
    }  # fmt: skip
    document.update(changes)
    return document


def envelope(action: str = "job_created", **job_changes: Any) -> dict[str, Any]:
    return {"action": action, "payload": {"job": job(**job_changes)}}


def test_job_created_maps_every_documented_field_to_the_canonical_requisition():
    event = parse_webhook(envelope(), MAPPING)

    assert event.kind is WebhookKind.REQUISITION
    assert event.event_type == REQUISITION_OPENED
    data = event.data
    assert data is not None
    assert data.requisition_key == "greenhouse:4012345"
    assert (data.source_system, data.external_id) == ("greenhouse", "4012345")
    assert data.requisition_id == "REQ-0042"
    assert data.title == "Senior Clinical Project Manager"
    assert data.department == "Clinical Project Management"
    assert data.description.startswith("<p>Lead <b>multiple studies</b>")
    location = data.location
    assert (location.city, location.region, location.country) == ("New York", "NY", "US")
    assert location.name == "New York, NY, United States"
    assert data.posted_range is not None
    assert (data.posted_range.min, data.posted_range.max) == (Decimal("120000"), Decimal("160000"))
    assert data.posted_range.currency == "USD"
    assert [p.external_user_id for p in data.hiring_team.recruiters] == ["4080001"]
    assert [p.external_user_id for p in data.hiring_team.hiring_managers] == ["4080011"]
    assert data.status == "open"


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        ("London, United Kingdom", ("London", None, "GB", False)),
        ("Remote - US", (None, None, "US", True)),
        ("Boston, MA, United States", ("Boston", "MA", "US", False)),
    ],
)
def test_office_locations_are_parsed_into_city_region_country(office, expected):
    offices = [{"id": 1, "name": "Office", "location": office, "external_id": None}]

    data = parse_webhook(envelope(offices=offices), MAPPING).data

    assert data is not None
    where = data.location
    assert (where.city, where.region, where.country, where.remote) == expected


def test_an_office_without_a_location_string_falls_back_to_its_name():
    offices = [{"id": 1, "name": "Raleigh", "location": None, "external_id": None}]

    data = parse_webhook(envelope(offices=offices), MAPPING).data

    assert data is not None
    assert (data.location.city, data.location.country) == ("Raleigh", "US")


def test_our_own_write_back_fields_change_nothing_we_map():
    written_back = job()
    written_back["custom_fields"] = {
        **written_back["custom_fields"],
        "level": {"name": "Level", "type": "short_text", "value": "M3"},
        "pay_band": {
            "name": "Pay band",
            "type": "currency_range",
            "value": {"min_value": 121000, "max_value": 197000, "unit": "USD"},
        },
        "level_rationale": {"name": "Rationale", "type": "long_text", "value": "Because..."},
    }
    written_back["updated_at"] = "2026-10-02T08:00:00Z"

    before = parse_webhook(envelope(), MAPPING).data
    after = parse_webhook({"action": "job_updated", "payload": {"job": written_back}}, MAPPING)

    assert before is not None
    assert after.data is not None
    assert content_hash(after.data) == content_hash(before)


def test_the_first_other_currency_range_is_used_when_salary_range_is_absent():
    fields = {
        "comp": {"name": "Comp", "type": "currency_range",
                 "value": {"min_value": 90000, "max_value": None, "unit": "usd"}},
        "pay_band": {"name": "Pay band", "type": "currency_range",
                     "value": {"min_value": 1, "max_value": 2, "unit": "USD"}},
    }  # fmt: skip

    data = parse_webhook(envelope(custom_fields=fields), MAPPING).data

    assert data is not None
    assert data.posted_range is not None
    assert (data.posted_range.min, data.posted_range.max) == (Decimal("90000"), None)
    assert data.posted_range.currency == "USD"


@pytest.mark.parametrize(
    ("action", "status", "expected"),
    [
        ("job_updated", "open", REQUISITION_UPDATED),
        ("job_updated", "closed", REQUISITION_CLOSED),
        ("job_deleted", "open", REQUISITION_CLOSED),
    ],
)
def test_actions_and_status_choose_the_event_type(action, status, expected):
    assert parse_webhook(envelope(action, status=status), MAPPING).event_type == expected


def test_a_deleted_job_with_only_id_and_name_closes_the_requisition():
    event = parse_webhook(
        {"action": "job_deleted", "payload": {"job": {"id": 7, "name": "CPM"}}}, MAPPING
    )

    assert event.event_type == REQUISITION_CLOSED
    assert event.data is not None
    assert event.data.status == "closed"


def test_ping_offer_approvals_and_other_events_are_not_requisitions():
    offer = {
        "action": "job_approved",
        "payload": {"approval_flow": {"approval_flow_type": "offer_job"}, "job": job()},
    }
    assert parse_webhook({"action": "ping", "payload": {}}, MAPPING).kind is WebhookKind.PING
    assert parse_webhook(offer, MAPPING).kind is WebhookKind.IGNORED
    assert parse_webhook({"action": "candidate_hired"}, MAPPING).kind is WebhookKind.IGNORED


def test_an_open_job_approval_updates_the_requisition():
    approval = {
        "action": "job_approved",
        "payload": {"approval_flow": {"approval_flow_type": "open_job"}, "job": job()},
    }

    assert parse_webhook(approval, MAPPING).event_type == REQUISITION_UPDATED


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"payload": {}},
        {"action": "job_created", "payload": {}},
        {"action": "job_created", "payload": {"job": {"name": "no id"}}},
        {"action": "job_created", "payload": {"job": {"id": 1, "name": "x" * 2000}}},
    ],
)
def test_bodies_not_in_the_documented_shape_are_payload_errors(document):
    with pytest.raises(PayloadError):
        parse_webhook(document, MAPPING)


def test_a_job_without_a_name_and_with_a_non_integer_id_names_both_fields():
    document = {"action": "job_created", "payload": {"job": job(id="JOB-12", name=None)}}
    with pytest.raises(PayloadError) as caught:
        parse_webhook(document, MAPPING)
    message = str(caught.value)
    assert "payload.job.id must be an integer Greenhouse job id, not 'JOB-12'" in message
    assert "payload.job.name is missing" in message


@pytest.mark.parametrize("job_id", [4012001, "4012001"])
def test_an_integer_id_in_either_json_form_is_accepted(job_id):
    event = parse_webhook({"action": "job_created", "payload": {"job": job(id=job_id)}}, MAPPING)
    assert event.data is not None
    assert event.data.requisition_key == "greenhouse:4012001"


def test_a_deleted_job_needs_no_name():
    document = {"action": "job_deleted", "payload": {"job": {"id": 4012001}}}
    event = parse_webhook(document, MAPPING)
    assert event.event_type == REQUISITION_CLOSED
