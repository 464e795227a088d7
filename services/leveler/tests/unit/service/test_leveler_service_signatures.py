import hashlib
import hmac

import pytest

from leveler.adapters.signatures import ashby_signature_valid, greenhouse_signature_valid

SECRET = "s3cret-for-tests"
# Greenhouse escapes "<" and non-ASCII before signing; the bytes are what was signed.
BODY = b'{"action":"job_created","payload":{"job":{"name":"\\u003cb\\u003eCaf\\u00e9"}}}'


def _hex(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_greenhouse_signature_over_the_raw_escaped_body_is_valid():
    assert greenhouse_signature_valid(SECRET, BODY, f"sha256 {_hex(BODY)}")


def test_a_signature_over_reserialised_json_does_not_match_the_raw_body():
    reserialised = b'{"action":"job_created","payload":{"job":{"name":"<b>Caf\xc3\xa9"}}}'
    assert not greenhouse_signature_valid(SECRET, BODY, f"sha256 {_hex(reserialised)}")


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256", f"sha1 {_hex(BODY)}", f"sha256 {_hex(BODY, 'other')}", "sha256 zz"],
)
def test_missing_malformed_or_forged_greenhouse_signatures_are_invalid(header):
    assert not greenhouse_signature_valid(SECRET, BODY, header)


def test_an_ashby_signature_uses_an_equals_sign():
    assert ashby_signature_valid(SECRET, BODY, f"sha256={_hex(BODY)}")
    assert not ashby_signature_valid(SECRET, BODY, f"sha256 {_hex(BODY)}")
    assert not ashby_signature_valid(SECRET, BODY + b" ", f"sha256={_hex(BODY)}")
