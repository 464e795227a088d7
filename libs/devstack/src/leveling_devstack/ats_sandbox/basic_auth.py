"""HTTP Basic credentials with the API key as the user name, as Ashby and Lever take them."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Container

from fastapi import Request

from leveling_devstack.ats_sandbox.problems import SandboxProblem

__all__ = ["require_key"]


def require_key(request: Request, keys: Container[str], *, message: str) -> str:
    """The API key the request authenticates with; a 401 problem unless it is one of `keys`."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    try:
        key = base64.b64decode(encoded, validate=True).decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError):
        key = ""
    if scheme.lower() != "basic" or key not in keys:
        raise SandboxProblem(401, message, headers={"WWW-Authenticate": "Basic"})
    return key
