"""The Harvest v3 subset the sandbox speaks: an OAuth 2.0 client-credentials token endpoint,
and users, jobs and job edits under `/v3` with a bearer token.

The token's `sub` (a Greenhouse user id) is the user a write is made for, in place of v1's
`On-Behalf-Of` header.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse

from leveling_devstack.ats_sandbox.harvest import (
    StateDep,
    apply_job_edit,
    job_document,
    user_document,
)
from leveling_devstack.ats_sandbox.problems import SandboxProblem

__all__ = ["auth_router", "router"]

auth_router = APIRouter(tags=["harvest v3"])
router = APIRouter(prefix="/v3", tags=["harvest v3"])
_BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="Harvest API"'}


def _client_credentials(request: Request) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    client_id, colon, secret = decoded.partition(":")
    if scheme.lower() != "basic" or not colon:
        raise SandboxProblem(401, "invalid_client", headers={"WWW-Authenticate": "Basic"})
    return client_id, secret


@auth_router.post("/auth/token")
async def token(request: Request, state: StateDep) -> JSONResponse:
    client_id, secret = _client_credentials(request)
    if not state.tokens.accepts(client_id, secret):
        raise SandboxProblem(401, "invalid_client", headers={"WWW-Authenticate": "Basic"})
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode()).items()}
    if form.get("grant_type") != "client_credentials":
        raise SandboxProblem(400, "unsupported_grant_type")
    sub = form.get("sub", "")
    if not sub.isdigit() or state.user(int(sub)) is None:
        raise SandboxProblem(400, f"invalid_request: sub {sub!r} is not a user of this account")
    issued = state.tokens.issue(int(sub))
    lifetime = max(1, round(state.tokens.lifetime_s))
    return JSONResponse(
        {"access_token": issued.value, "token_type": "Bearer", "expires_in": lifetime}
    )


async def acting_user(request: Request, state: StateDep) -> int:
    """The user the bearer token was issued for; 401 for a missing, unknown or old token."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    issued = state.tokens.valid(value) if scheme.lower() == "bearer" else None
    if issued is None:
        raise SandboxProblem(401, "Invalid or expired access token", headers=_BEARER_CHALLENGE)
    return issued.user_id


ActingUserDep = Annotated[int, Depends(acting_user)]


@router.get("/users/{user_id}")
async def get_user(user_id: int, state: StateDep, _user: ActingUserDep) -> dict[str, Any]:
    return user_document(state, user_id)


@router.get("/jobs/{job_id}")
async def get_job(job_id: int, state: StateDep, _user: ActingUserDep) -> dict[str, Any]:
    return job_document(state, job_id)


@router.patch("/jobs/{job_id}")
async def edit_job(
    job_id: int,
    request: Request,
    state: StateDep,
    user_id: ActingUserDep,
    background: BackgroundTasks,
) -> JSONResponse:
    return await apply_job_edit(job_id, request, state, user_id, background)
