"""The Greenhouse Harvest subset the sandbox speaks: users, jobs, job edits."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse

from leveling_devstack.ats_sandbox.problems import SandboxProblem
from leveling_devstack.ats_sandbox.state import (
    JobNotFound,
    SandboxState,
    WebhookDelivery,
    WriteResult,
    utc_now_iso,
)
from leveling_devstack.custom_fields import JobEditRejected, parse_job_edit
from leveling_devstack.webhooks import send_greenhouse_webhook

__all__ = ["apply_job_edit", "get_state", "job_document", "router", "user_document"]

router = APIRouter(prefix="/v1", tags=["harvest"])


# The Harvest routes and their dependencies are coroutines: they only touch the in-memory
# state under its lock, and a sync dependency would cost a thread hand-off per request.
async def get_state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


StateDep = Annotated[SandboxState, Depends(get_state)]
_UNAUTHORIZED = {"WWW-Authenticate": 'Basic realm="Harvest API"'}


async def require_api_key(request: Request, state: StateDep) -> str:
    """Basic auth with the API key as user name and an empty password."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    key, colon, password = decoded.partition(":")
    if scheme.lower() != "basic" or not colon or password or not state.accepts_key(key):
        raise SandboxProblem(401, "Invalid Basic Auth credentials", headers=_UNAUTHORIZED)
    return key


ApiKeyDep = Annotated[str, Depends(require_api_key)]


async def require_on_behalf_of(request: Request, state: StateDep) -> int:
    """The user a write is made for, from the `On-Behalf-Of` header (required for audit)."""
    raw = request.headers.get("on-behalf-of", "").strip()
    if not raw:
        raise SandboxProblem(400, "The On-Behalf-Of header is required for this request.")
    if not raw.isdigit():
        raise SandboxProblem(400, f"On-Behalf-Of must be a Greenhouse user id, not {raw!r}.")
    if state.user(int(raw)) is None:
        raise SandboxProblem(403, f"User {raw} (On-Behalf-Of) cannot act on this organization.")
    return int(raw)


OnBehalfOfDep = Annotated[int, Depends(require_on_behalf_of)]


def user_document(state: SandboxState, user_id: int) -> dict[str, Any]:
    user = state.user(user_id)
    if user is None:
        raise SandboxProblem(404, f"Resource not found: user {user_id}")
    return user.to_harvest()


def job_document(state: SandboxState, job_id: int) -> dict[str, Any]:
    job = state.job(job_id)
    if job is None:
        raise SandboxProblem(404, f"Resource not found: job {job_id}")
    return job


@router.get("/users/{user_id}")
async def get_user(user_id: int, state: StateDep, _key: ApiKeyDep) -> dict[str, Any]:
    return user_document(state, user_id)


@router.get("/jobs/{job_id}")
async def get_job(job_id: int, state: StateDep, _key: ApiKeyDep) -> dict[str, Any]:
    return job_document(state, job_id)


@router.patch("/jobs/{job_id}")
async def edit_job(
    job_id: int,
    request: Request,
    state: StateDep,
    _key: ApiKeyDep,
    on_behalf_of: OnBehalfOfDep,
    background: BackgroundTasks,
) -> JSONResponse:
    """Edit a job's custom fields; a repeated Idempotency-Key gets the first answer."""
    return await apply_job_edit(job_id, request, state, on_behalf_of, background)


async def apply_job_edit(
    job_id: int,
    request: Request,
    state: SandboxState,
    acting_user: int,
    background: BackgroundTasks,
) -> JSONResponse:
    """A job edit (v1 and v3 alike): the named custom fields change, others stay."""
    idempotency_key = request.headers.get("idempotency-key") or None
    earlier = state.replay(idempotency_key)
    if earlier is not None:
        return _answer(earlier)
    if state.job(job_id) is None:
        raise SandboxProblem(404, f"Resource not found: job {job_id}")
    body = _json_body(await request.body())
    try:
        edit = parse_job_edit(body, definitions=state.fields, users=state.users)
        result = state.write_back(
            job_id=job_id,
            edit=edit,
            body=body,
            headers={k.lower(): v for k, v in request.headers.items()},
            idempotency_key=idempotency_key,
            on_behalf_of=acting_user,
        )
    except JobEditRejected as exc:
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        raise SandboxProblem(422, "Validation error", errors=errors) from None
    except JobNotFound:
        raise SandboxProblem(404, f"Resource not found: job {job_id}") from None
    if result.changed and not result.replayed and state.webhook_settings().active:
        background.add_task(emit_job_updated, state, result.body)
    return _answer(result)


def _json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SandboxProblem(400, "The request body is not valid JSON.") from None


def _answer(result: WriteResult) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return JSONResponse(result.body, status_code=result.status, headers=headers)


async def emit_job_updated(state: SandboxState, job: dict[str, Any]) -> None:
    """Send the `job_updated` webhook Greenhouse sends after a custom field changes."""
    settings = state.webhook_settings()
    if not settings.active or settings.target is None or settings.secret is None:
        return
    event_id = str(uuid.uuid4())
    status: int | None = None
    error: str | None = None
    try:
        response = await send_greenhouse_webhook(
            settings.target, settings.secret, "job_updated", job, event_id
        )
        status = response.status_code
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    state.record_webhook(
        WebhookDelivery(
            event_id=event_id,
            action="job_updated",
            job_id=int(job["id"]),
            target=settings.target,
            status=status,
            error=error,
            sent_at=utc_now_iso(),
        )
    )
