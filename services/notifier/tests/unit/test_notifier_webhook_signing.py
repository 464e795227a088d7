import base64
import hashlib
import hmac
import json

import httpx
import pytest

from notifier.adapters.decision_mapping import decision_from_data
from notifier.adapters.webhook import WebhookSender, sign, signing_key
from notifier.domain.delivery import Channel, Delivery, FailureKind, Recipient
from notifier.domain.exceptions import DeliveryFailed
from notifier.service_layer.ports import Dispatch


def test_the_signature_matches_the_standard_webhooks_reference_vector():
    key = signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    signature = sign(
        key,
        message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_plain_secret_is_used_as_its_utf8_bytes():
    assert signing_key("s3cret") == b"s3cret"


def dispatch_for(decision_data):
    decision = decision_from_data(decision_data)
    delivery = Delivery(
        id="delivery-42",
        decision_id=decision.decision_id,
        requisition_key=decision.requisition_key,
        decision_version=1,
        channel=Channel.WEBHOOK,
        recipient=Recipient(key="url:https://hooks.example.com/x", role="webhook"),
        decided_at=decision.decided_at,
        next_attempt_at=decision.decided_at,
    )
    return Dispatch(delivery, decision, decision_data.model_dump_json(), "lease")


async def test_the_webhook_is_signed_over_id_timestamp_and_raw_body(decision_data):
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    sender = WebhookSender(
        url="https://hooks.example.com/x", secret="s3cret", http=http, clock=lambda: 1700000000.9
    )
    data = decision_data()
    await sender.send(dispatch_for(data))
    (request,) = seen
    assert request.headers["webhook-id"] == "delivery-42"
    assert request.headers["webhook-timestamp"] == "1700000000"
    expected = hmac.new(b"s3cret", b"delivery-42.1700000000." + request.content, hashlib.sha256)
    assert (
        request.headers["webhook-signature"] == "v1," + base64.b64encode(expected.digest()).decode()
    )
    body = json.loads(request.content)
    assert body["type"] == "com.leveling.decision.made.v1"
    assert body["data"]["decision_id"] == data.decision_id


async def test_a_gone_endpoint_is_a_permanent_failure(decision_data):
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(410)))
    sender = WebhookSender(url="https://hooks.example.com/x", secret="s", http=http)
    with pytest.raises(DeliveryFailed) as caught:
        await sender.send(dispatch_for(decision_data()))
    assert caught.value.failure.kind is FailureKind.PERMANENT
