import hashlib
import hmac
import json

from leveling_devstack.webhooks import (
    ashby_body,
    greenhouse_body,
    sign_ashby,
    sign_greenhouse,
    verify_ashby,
    verify_greenhouse,
)

SECRET = "whsec-local"
JOB = {
    "id": 4012003,
    "name": "Clinical Project Manager \u2013 Team Lead",
    "notes": "<p>R&D > £4.2M</p>",
}


def test_greenhouse_signature_is_algorithm_space_hex_hmac_of_the_raw_body():
    body = b'{"action":"ping"}'
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()

    assert sign_greenhouse(SECRET, body) == f"sha256 {expected}"


def test_greenhouse_body_escapes_html_characters_and_non_ascii_like_greenhouse():
    body = greenhouse_body("job_created", JOB)

    assert body.isascii()
    assert b"\\u003cp\\u003eR\\u0026D \\u003e \\u00a34.2M\\u003c/p\\u003e" in body
    assert b"Manager \\u2013 Team Lead" in body
    assert b"<" not in body
    assert b"&" not in body


def test_greenhouse_body_parses_back_to_the_same_job_under_its_envelope():
    document = json.loads(greenhouse_body("job_created", JOB))

    assert document == {"action": "job_created", "payload": {"job": JOB}}


def test_greenhouse_body_puts_extra_members_next_to_the_job():
    extra = {"approval_flow": {"approval_flow_type": "open_job"}}

    document = json.loads(greenhouse_body("job_approved", JOB, extra=extra))

    assert document["payload"]["approval_flow"]["approval_flow_type"] == "open_job"


def test_signature_of_an_escaped_body_verifies_over_the_raw_bytes_only():
    body = greenhouse_body("job_created", JOB)
    signature = sign_greenhouse(SECRET, body)
    reserialised = json.dumps(json.loads(body), ensure_ascii=False).encode()

    assert verify_greenhouse(SECRET, body, signature)
    assert not verify_greenhouse(SECRET, reserialised, signature)


def test_greenhouse_verification_rejects_wrong_secret_missing_or_malformed_signature():
    body = greenhouse_body("job_created", JOB)
    signature = sign_greenhouse(SECRET, body)

    assert not verify_greenhouse("another-secret", body, signature)
    assert not verify_greenhouse(SECRET, body, None)
    assert not verify_greenhouse(SECRET, body, signature.replace(" ", "="))


def test_ashby_signature_uses_an_equals_sign_and_verifies_round_trip():
    body = ashby_body("jobCreate", JOB, webhook_action_id="5a0c2b3e-1111-4c7e-9d51-1f2e3d4c5b6a")
    signature = sign_ashby(SECRET, body)

    assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert verify_ashby(SECRET, body, signature)
    assert not verify_ashby(SECRET, body + b" ", signature)


def test_ashby_body_carries_a_stable_webhook_action_id_and_the_job_under_data():
    action_id = "5a0c2b3e-1111-4c7e-9d51-1f2e3d4c5b6a"

    document = json.loads(ashby_body("jobUpdate", JOB, webhook_action_id=action_id))

    assert document == {"webhookActionId": action_id, "action": "jobUpdate", "data": {"job": JOB}}
