import pytest

from leveling_devstack.custom_fields import JobEditRejected, parse_job_edit


def _errors(body: object) -> dict[str, str]:
    with pytest.raises(JobEditRejected) as caught:
        parse_job_edit(body)
    return {e.field: e.message for e in caught.value.errors}


def test_leveling_write_back_is_accepted_and_ranges_are_stored_as_greenhouse_strings():
    edit = parse_job_edit(
        {
            "custom_fields": [
                {"name_key": "level", "value": "M3"},
                {
                    "name_key": "pay_band",
                    "min_value": 120000,
                    "max_value": "160000.5",
                    "unit": "USD",
                },
                {"id": 11103, "value": "Scope: department; 5-7 years"},
                {"name_key": "level_confidence", "value": 0.82},
            ]
        }
    )

    assert edit.custom_fields == {
        "level": "M3",
        "pay_band": {"min_value": "120000.0", "max_value": "160000.5", "unit": "USD"},
        "level_rationale": "Scope: department; 5-7 years",
        "level_confidence": 0.82,
    }


def test_every_field_type_takes_its_documented_value_shape():
    edit = parse_job_edit(
        {
            "custom_fields": [
                {"name_key": "employment_type", "value": 21002},
                {"name_key": "budgeted", "value": False},
                {"name_key": "target_start_date", "value": "2025-09-01"},
                {"name_key": "work_arrangement", "value": [21102, 21103]},
                {"name_key": "team_size", "min_value": 3, "max_value": 5},
                {"name_key": "signing_bonus", "value": 5000, "unit": "EUR"},
                {"name_key": "compensation_partner", "value": 4080002},
                {"name_key": "job_family_page", "value": "https://wiki.example.com/cpm"},
            ]
        }
    )

    assert edit.custom_fields == {
        "employment_type": "Part-time",
        "budgeted": False,
        "target_start_date": "2025-09-01",
        "work_arrangement": ["Hybrid", "Remote"],
        "team_size": {"min_value": "3.0", "max_value": "5.0"},
        "signing_bonus": {"amount": "5000.0", "unit": "EUR"},
        "compensation_partner": {
            "user_id": 4080002,
            "name": "Marcus Bell",
            "email": "marcus.bell@meridianbio.example.com",
        },
        "job_family_page": "https://wiki.example.com/cpm",
    }


def test_delete_value_clears_a_field():
    edit = parse_job_edit({"custom_fields": [{"name_key": "level", "delete_value": "true"}]})

    assert edit.custom_fields == {"level": None}


def test_job_attributes_can_be_edited_alongside_custom_fields():
    edit = parse_job_edit({"name": "Clinical Trial Manager II", "requisition_id": None})

    assert edit.attributes == {"name": "Clinical Trial Manager II", "requisition_id": None}


@pytest.mark.parametrize(
    "body",
    [[{"name_key": "level", "value": "M3"}], "custom_fields", None, 3],
)
def test_a_body_that_is_not_an_object_is_refused(body):
    assert _errors(body) == {"body": "must be a JSON object"}


def test_custom_fields_must_be_an_array_not_an_object_keyed_by_name():
    errors = _errors({"custom_fields": {"level": "M3"}})

    assert errors == {"custom_fields": "must be an array"}


def test_unknown_top_level_members_are_refused():
    assert _errors({"level": "M3"}) == {"level": "is not a field of a job edit"}


@pytest.mark.parametrize(
    ("element", "message"),
    [
        ({"value": "M3"}, "exactly one of 'id' and 'name_key'"),
        ({"id": 11101, "name_key": "level", "value": "M3"}, "exactly one of 'id' and 'name_key'"),
        ({"name_key": "grade", "value": "M3"}, "no job custom field has name_key 'grade'"),
        ({"id": "11101", "value": "M3"}, "no job custom field has id '11101'"),
        ({"name_key": "level", "value": 3}, "must be a string"),
        ({"name_key": "level"}, "missing ['value']"),
        ({"name_key": "pay_band", "value": "120000-160000"}, "unexpected ['value']"),
        ({"name_key": "pay_band", "min_value": 1, "max_value": 2}, "missing ['unit']"),
        ({"name_key": "pay_band", "min_value": 2, "max_value": 1, "unit": "USD"}, "<= max_value"),
        ({"name_key": "pay_band", "min_value": "a", "max_value": 1, "unit": "USD"}, "not a number"),
        ({"name_key": "pay_band", "min_value": 1, "max_value": 2, "unit": "usd"}, "ISO 4217"),
        (
            {"name_key": "pay_band", "min_value": True, "max_value": 2, "unit": "USD"},
            "not a number",
        ),
        ({"name_key": "employment_type", "value": "Full-time"}, "not the id of an option"),
        ({"name_key": "work_arrangement", "value": 21101}, "array of option ids"),
        ({"name_key": "budgeted", "value": "yes"}, "true or false"),
        ({"name_key": "target_start_date", "value": "20250901"}, "not a date"),
        ({"name_key": "job_family_page", "value": "wiki/cpm"}, "not an http(s) URL"),
        ({"name_key": "compensation_partner", "value": 1}, "not the id of a user"),
        ({"name_key": "level_confidence", "value": "NaN"}, "not a finite number"),
        ({"name_key": "level", "delete_value": "false"}, "'delete_value' must be true"),
        ("level", "must be an object"),
    ],
)
def test_a_wrongly_shaped_element_is_refused_with_its_position(element, message):
    errors = _errors({"custom_fields": [{"name_key": "role_profile", "value": "ok"}, element]})

    assert list(errors) == ["custom_fields[1]"]
    assert message in errors["custom_fields[1]"]


def test_setting_the_same_field_twice_is_refused():
    errors = _errors(
        {"custom_fields": [{"name_key": "level", "value": "M2"}, {"id": 11101, "value": "M3"}]}
    )

    assert "more than once" in errors["custom_fields[1]"]


def test_all_problems_are_reported_together():
    errors = _errors(
        {"name": "", "custom_fields": [{"name_key": "x", "value": 1}, {"name_key": "level"}]}
    )

    assert set(errors) == {"name", "custom_fields[0]", "custom_fields[1]"}
