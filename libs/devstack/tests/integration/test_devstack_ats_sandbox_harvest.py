import base64
from typing import Any

import httpx
import pytest

from leveling_devstack.ats_sandbox import SANDBOX_API_KEY
from leveling_devstack.testing import RunningSandbox

pytestmark = pytest.mark.integration

JOB = 4012001
LEVEL_WRITE = {
    "custom_fields": [
        {"name_key": "level", "value": "M2"},
        {"name_key": "pay_band", "min_value": 98000, "max_value": 132000, "unit": "USD"},
        {"name_key": "level_rationale", "value": "Leads a single trial team; 3-5 years."},
    ]
}


def _basic(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def client(ats):
    with httpx.Client(base_url=ats.url, timeout=5) as http:
        yield http


def _patch(
    client: httpx.Client,
    ats: RunningSandbox,
    body: Any = LEVEL_WRITE,
    *,
    key: str | None = None,
    job: int = JOB,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = {**ats.write_headers, **({"Idempotency-Key": key} if key else {}), **(headers or {})}
    return client.patch(f"/v1/jobs/{job}", json=body, headers=sent)


def test_a_user_is_served_with_name_and_emails_to_a_valid_api_key(client, ats):
    response = client.get("/v1/users/4080001", headers={"Authorization": ats.auth_header})

    assert response.status_code == 200
    user = response.json()
    assert user["id"] == 4080001
    assert (user["name"], user["first_name"], user["last_name"]) == (
        "Priya Raman",
        "Priya",
        "Raman",
    )
    assert user["primary_email_address"] == "priya.raman@meridianbio.example.com"
    assert user["primary_email_address"] in user["emails"]


def test_an_unknown_user_is_404_problem(client, ats):
    response = client.get("/v1/users/1", headers={"Authorization": ats.auth_header})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        _basic("wrong-key"),
        _basic(SANDBOX_API_KEY, "a-password"),
        f"Bearer {SANDBOX_API_KEY}",
        "Basic not-base64!",
    ],
)
def test_reads_and_writes_need_basic_auth_with_the_key_and_an_empty_password(
    client, ats, authorization
):
    headers = {"Authorization": authorization} if authorization else {}

    read = client.get("/v1/users/4080001", headers=headers)
    write = client.patch(
        f"/v1/jobs/{JOB}", json=LEVEL_WRITE, headers={**headers, "On-Behalf-Of": "4080000"}
    )

    assert (read.status_code, write.status_code) == (401, 401)
    assert read.headers["www-authenticate"].startswith("Basic")
    assert ats.state.writebacks() == []


def test_a_write_back_updates_the_job_custom_fields_and_is_recorded(client, ats):
    response = _patch(client, ats, key="delivery-1")

    assert response.status_code == 200
    fields = client.get(f"/v1/jobs/{JOB}", headers={"Authorization": ats.auth_header}).json()[
        "custom_fields"
    ]
    assert fields["level"] == {"name": "Level", "type": "short_text", "value": "M2"}
    assert fields["pay_band"]["value"] == {
        "min_value": "98000.0",
        "max_value": "132000.0",
        "unit": "USD",
    }
    [recorded] = ats.state.writebacks()
    assert (recorded.job_id, recorded.idempotency_key, recorded.on_behalf_of) == (
        JOB,
        "delivery-1",
        4080000,
    )
    assert recorded.body == LEVEL_WRITE
    assert recorded.headers["idempotency-key"] == "delivery-1"
    assert recorded.changed_fields == ["level", "pay_band", "level_rationale"]


def test_a_write_without_on_behalf_of_is_a_400_problem(client, ats):
    response = client.patch(
        f"/v1/jobs/{JOB}", json=LEVEL_WRITE, headers={"Authorization": ats.auth_header}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "On-Behalf-Of" in response.json()["detail"]
    assert ats.state.writebacks() == []


def test_on_behalf_of_must_name_a_known_user(client, ats):
    not_an_id = _patch(client, ats, headers={"On-Behalf-Of": "leveling-bot"})
    unknown = _patch(client, ats, headers={"On-Behalf-Of": "999"})

    assert (not_an_id.status_code, unknown.status_code) == (400, 403)


@pytest.mark.parametrize(
    "body",
    [
        {"custom_fields": {"level": "M2"}},
        {"custom_fields": [{"name_key": "level", "min_value": 1, "max_value": 2}]},
        {"custom_fields": [{"name_key": "pay_band", "min_value": 1, "max_value": 2}]},
        {"custom_fields": [{"name_key": "nonexistent", "value": "x"}]},
        {"level": "M2"},
    ],
)
def test_wrongly_shaped_write_backs_are_422_with_field_errors_and_change_nothing(client, ats, body):
    response = _patch(client, ats, body)

    assert response.status_code == 422
    assert response.json()["errors"]
    assert ats.state.writebacks() == []
    assert ats.state.job(JOB)["custom_fields"]["level"]["value"] is None


def test_a_body_that_is_not_json_is_a_400_problem(client, ats):
    response = client.patch(
        f"/v1/jobs/{JOB}",
        content=b"level=M2",
        headers={**ats.write_headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 400


def test_writing_to_an_unknown_job_is_404(client, ats):
    assert _patch(client, ats, job=999).status_code == 404


def test_a_repeated_idempotency_key_returns_the_first_answer_and_records_one_effect(client, ats):
    first = _patch(client, ats, key="delivery-7")
    changed_body = {"custom_fields": [{"name_key": "level", "value": "M4"}]}
    second = _patch(client, ats, changed_body, key="delivery-7")

    assert second.status_code == first.status_code == 200
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert len(ats.state.writebacks()) == 1
    assert ats.state.job(JOB)["custom_fields"]["level"]["value"] == "M2"
    assert [c.status for c in ats.state.calls()] == [200, 200]


def test_writes_with_different_keys_are_distinct_effects(client, ats):
    _patch(client, ats, key="a")
    _patch(client, ats, key="b")

    assert [w.idempotency_key for w in ats.state.writebacks()] == ["a", "b"]


def test_every_answer_carries_rate_limit_headers(client, ats):
    ok = client.get(f"/v1/jobs/{JOB}", headers={"Authorization": ats.auth_header})
    denied = client.get(f"/v1/jobs/{JOB}")

    for response in (ok, denied):
        assert response.headers["x-ratelimit-limit"] == "50"
    assert int(denied.headers["x-ratelimit-remaining"]) < int(ok.headers["x-ratelimit-remaining"])


def test_fail_every_n_answers_that_status_and_the_retry_succeeds(client, ats):
    ats.state.fail_every(2, status=503)

    statuses = [_patch(client, ats, key="delivery-9").status_code for _ in range(3)]

    assert statuses == [200, 503, 200]
    assert len(ats.state.writebacks()) == 1
    assert len(ats.state.calls()) == 3


def test_a_down_ats_answers_503_to_everything(client, ats):
    ats.state.set_down(True)

    read = client.get("/v1/users/4080001", headers={"Authorization": ats.auth_header})
    write = _patch(client, ats, key="delivery-3")

    assert (read.status_code, write.status_code) == (503, 503)
    assert ats.state.writebacks() == []


def test_rate_limit_next_answers_429_with_retry_after_then_recovers(client, ats):
    ats.state.rate_limit_next(2, retry_after_s=3)

    statuses = [_patch(client, ats, key="delivery-4") for _ in range(3)]

    assert [r.status_code for r in statuses] == [429, 429, 200]
    assert statuses[0].headers["retry-after"] == "3"
    assert "retry-after" not in statuses[2].headers


def test_the_real_rate_limit_applies_when_calls_exceed_it(client, ats):
    ats.state.rate_limit = 3
    try:
        statuses = [
            client.get("/v1/users/4080001", headers={"Authorization": ats.auth_header}).status_code
            for _ in range(4)
        ]
    finally:
        ats.state.rate_limit = 50

    assert statuses == [200, 200, 200, 429]


def test_calls_log_every_raw_request_with_its_final_status(client, ats):
    client.get("/v1/users/4080001")
    _patch(client, ats, key="k")

    calls = ats.state.calls()
    assert [(c.method, c.path, c.status) for c in calls] == [
        ("GET", "/v1/users/4080001", 401),
        ("PATCH", f"/v1/jobs/{JOB}", 200),
    ]
    assert '"name_key":"level"' in calls[1].body.replace(" ", "")
    assert calls[1].headers["idempotency-key"] == "k"
