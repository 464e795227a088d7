import base64
import json

import httpx
import pytest

from notifier.adapters.directory import AtsDirectory
from notifier.adapters.greenhouse import (
    FieldMapping,
    GreenhouseClient,
    GreenhouseConnection,
    GreenhouseWriteBack,
    greenhouse_person,
    writeback_body,
)
from notifier.adapters.greenhouse_auth import ClientCredentialsAuth, basic_key_auth
from notifier.domain.delivery import Channel, Delivery, FailureKind, Recipient
from notifier.domain.exceptions import DeliveryFailed
from notifier.service_layer.ports import Dispatch


class Ticker:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def connection(**changes):
    fields = {
        "base_url": "https://harvest.example.com",
        "auth": basic_key_auth("key-123"),
        "on_behalf_of": "4080000",
        "api_version": "v1",
    }
    fields.update(changes)
    return GreenhouseConnection(**fields)


def dispatch_for(decision, delivery_id="7d3c-delivery"):
    delivery = Delivery(
        id=delivery_id,
        decision_id=decision.decision_id,
        requisition_key=decision.requisition_key,
        decision_version=decision.decision_version,
        channel=Channel.GREENHOUSE,
        recipient=Recipient(key="job:greenhouse:4012001", role="ats"),
        decided_at=decision.decided_at,
        next_attempt_at=decision.decided_at,
    )
    return Dispatch(delivery, decision, "{}", "lease")


def directory_of(client, clock=None, ttl_s=600.0):
    lookups = {"greenhouse": lambda user_id: greenhouse_person(client, user_id)}
    return AtsDirectory(lookups, ttl_s=ttl_s, clock=clock or Ticker())


def client_answering(handler, clock=None, **changes):
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return GreenhouseClient(connection(**changes), http, clock=clock or Ticker())


def test_the_write_back_body_is_a_custom_field_array_with_a_currency_range(decision):
    body = writeback_body(decision(), FieldMapping())
    level, band, text = body["custom_fields"]
    assert level == {"name_key": "level", "value": "M3"}
    assert band == {"name_key": "pay_band", "min_value": 120000, "max_value": 160000, "unit": "USD"}
    assert text["name_key"] == "level_rationale"
    assert text["value"].startswith("M3 · Clinical Project Management.")


def test_field_keys_come_from_the_connection_mapping(decision):
    mapping = FieldMapping(level="job_level", pay_band="salary_band", rationale="why")
    keys = [f["name_key"] for f in writeback_body(decision(), mapping)["custom_fields"]]
    assert keys == ["job_level", "salary_band", "why"]


def test_a_decision_without_level_or_band_clears_those_fields(decision):
    body = writeback_body(decision(status="unmatched", level=None, band=None), FieldMapping())
    assert body["custom_fields"][:2] == [
        {"name_key": "level", "delete_value": "true"},
        {"name_key": "pay_band", "delete_value": "true"},
    ]


async def test_the_legacy_v1_write_back_patches_the_job_with_basic_auth_and_on_behalf_of(decision):
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"id": 4012001})

    one = decision()
    await GreenhouseWriteBack(client_answering(handler)).send(dispatch_for(one))
    (request,) = seen
    assert request.method == "PATCH"
    assert str(request.url) == "https://harvest.example.com/v1/jobs/4012001"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"key-123:").decode()
    assert request.headers["on-behalf-of"] == "4080000"
    assert request.headers["idempotency-key"] == "7d3c-delivery"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == writeback_body(one, FieldMapping())


@pytest.mark.parametrize(
    ("status", "kind"),
    [(404, FailureKind.PERMANENT), (422, FailureKind.PERMANENT), (503, FailureKind.TRANSIENT)],
)
async def test_error_answers_become_permanent_or_transient_failures(decision, status, kind):
    client = client_answering(lambda _: httpx.Response(status, text="nope"))
    with pytest.raises(DeliveryFailed) as caught:
        await GreenhouseWriteBack(client).send(dispatch_for(decision()))
    assert caught.value.failure.kind is kind
    assert f"HTTP {status}" in caught.value.failure.reason


async def test_no_answer_at_all_is_a_transient_failure(decision):
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(DeliveryFailed) as caught:
        await GreenhouseWriteBack(client_answering(refuse)).send(dispatch_for(decision()))
    assert caught.value.failure.kind is FailureKind.TRANSIENT


async def test_a_429_is_honoured_and_later_calls_wait_without_reaching_the_ats(decision):
    calls = []
    clock = Ticker()

    def handler(request):
        calls.append(request)
        return httpx.Response(429, headers={"Retry-After": "7"})

    writer = GreenhouseWriteBack(client_answering(handler, clock))
    for _ in range(2):
        with pytest.raises(DeliveryFailed) as caught:
            await writer.send(dispatch_for(decision()))
        assert caught.value.failure.kind is FailureKind.THROTTLED
    assert len(calls) == 1
    assert caught.value.failure.retry_after.total_seconds() == pytest.approx(7)
    clock.now += 7.5
    with pytest.raises(DeliveryFailed):
        await writer.send(dispatch_for(decision()))
    assert len(calls) == 2


async def test_users_are_looked_up_once_and_cached_until_the_ttl_passes():
    calls = []
    clock = Ticker()

    def handler(request):
        calls.append(request.url.path)
        return httpx.Response(
            200,
            json={
                "id": 4080001,
                "name": "Priya Raman",
                "first_name": "Priya",
                "last_name": "Raman",
                "primary_email_address": "priya.raman@meridianbio.example.com",
                "emails": ["priya.raman@meridianbio.example.com"],
            },
        )

    client = client_answering(handler, clock)
    directory = directory_of(client, clock, ttl_s=60)
    first = await directory.person("greenhouse", "4080001")
    await directory.person("greenhouse", "4080001")
    assert (first.name, first.email) == ("Priya Raman", "priya.raman@meridianbio.example.com")
    assert calls == ["/v1/users/4080001"]
    clock.now += 61
    await directory.person("greenhouse", "4080001")
    assert len(calls) == 2


async def test_an_unknown_user_is_a_permanent_failure():
    client = client_answering(lambda _: httpx.Response(404, json={"message": "not found"}))
    with pytest.raises(DeliveryFailed) as caught:
        await directory_of(client).person("greenhouse", "999")
    assert caught.value.failure.kind is FailureKind.PERMANENT


async def test_oauth2_client_credentials_fetch_one_token_and_reuse_it(decision):
    tokens, jobs = [], []

    def handler(request):
        if request.url.path == "/oauth/token":
            tokens.append(request)
            return httpx.Response(200, json={"access_token": f"t{len(tokens)}", "expires_in": 3600})
        jobs.append(request.headers["authorization"])
        return httpx.Response(200, json={})

    auth = ClientCredentialsAuth(
        token_url="https://auth.example.com/oauth/token", client_id="cid", client_secret="cs"
    )
    writer = GreenhouseWriteBack(client_answering(handler, auth=auth))
    await writer.send(dispatch_for(decision()))
    await writer.send(dispatch_for(decision()))
    assert jobs == ["Bearer t1", "Bearer t1"]
    (token_request,) = tokens
    assert token_request.headers["authorization"] == "Basic " + base64.b64encode(b"cid:cs").decode()
    assert token_request.content == b"grant_type=client_credentials"


async def test_v3_writes_and_looks_up_under_v3_as_the_tokens_user(decision):
    tokens, calls = [], []

    def handler(request):
        if request.url.path == "/auth/token":
            tokens.append(request)
            return httpx.Response(200, json={"access_token": "t1", "expires_in": 3600})
        calls.append(request)
        if request.method == "GET":
            return httpx.Response(
                200, json={"id": 4080001, "name": "Priya Raman", "emails": ["p@example.com"]}
            )
        return httpx.Response(200, json={})

    auth = ClientCredentialsAuth(
        token_url="https://auth.example.com/auth/token",
        client_id="cid",
        client_secret="cs",
        subject="4080000",
    )
    client = client_answering(handler, auth=auth, api_version="v3")
    one = decision()
    await GreenhouseWriteBack(client).send(dispatch_for(one))
    person = await directory_of(client).person("greenhouse", "4080001")
    patch, lookup = calls
    assert (patch.method, patch.url.path) == ("PATCH", "/v3/jobs/4012001")
    assert patch.headers["authorization"] == "Bearer t1"
    assert "on-behalf-of" not in patch.headers
    assert patch.headers["idempotency-key"] == "7d3c-delivery"
    assert json.loads(patch.content) == writeback_body(one, FieldMapping())
    assert lookup.url.path == "/v3/users/4080001"
    assert person.email == "p@example.com"
    (token_request,) = tokens
    assert token_request.content == b"grant_type=client_credentials&sub=4080000"


async def test_oauth2_fetches_a_new_token_when_the_api_rejects_the_cached_one(decision):
    tokens, answers = [], [401, 200]

    def handler(request):
        if request.url.path == "/oauth/token":
            tokens.append(request)
            return httpx.Response(200, json={"access_token": f"t{len(tokens)}", "expires_in": 3600})
        return httpx.Response(answers.pop(0), json={})

    auth = ClientCredentialsAuth(
        token_url="https://auth.example.com/oauth/token", client_id="cid", client_secret="cs"
    )
    await GreenhouseWriteBack(client_answering(handler, auth=auth)).send(dispatch_for(decision()))
    assert len(tokens) == 2
    assert answers == []


async def test_a_refused_oauth2_token_request_is_a_permanent_failure(decision):
    def handler(request):
        return httpx.Response(401, json={"error": "invalid_client"})

    auth = ClientCredentialsAuth(
        token_url="https://auth.example.com/oauth/token", client_id="cid", client_secret="bad"
    )
    with pytest.raises(DeliveryFailed) as caught:
        await GreenhouseWriteBack(client_answering(handler, auth=auth)).send(
            dispatch_for(decision())
        )
    assert caught.value.failure.kind is FailureKind.PERMANENT
    assert caught.value.failure.reason.startswith("token: HTTP 401")
