"""Webhook signatures: HMAC-SHA256 over the raw request body, compared in constant time.

Verification always uses the bytes as received: vendors sign their own serialisation (for
example Greenhouse escapes `<` as `\\u003c`), which re-serialised JSON would not reproduce.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["ashby_signature_valid", "greenhouse_signature_valid", "hmac_sha256_hex"]


def hmac_sha256_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _valid(secret: str, body: bytes, algorithm: str, digest: str) -> bool:
    if algorithm.strip().lower() != "sha256":
        return False
    expected = hmac_sha256_hex(secret, body)
    return hmac.compare_digest(expected.encode(), digest.strip().lower().encode())


def greenhouse_signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """`Signature: sha256 <hex>` — the algorithm, a space, the hex digest."""
    if not header:
        return False
    algorithm, _, digest = header.strip().partition(" ")
    return _valid(secret, body, algorithm, digest)


def ashby_signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """`Ashby-Signature: sha256=<hex>`."""
    if not header:
        return False
    algorithm, _, digest = header.strip().partition("=")
    return _valid(secret, body, algorithm, digest)
