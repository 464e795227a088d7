"""The sandbox's own API and console: what was written back, what was mailed, and the faults.

No authentication: these routes answer loopback clients only.
"""

from __future__ import annotations

import ipaddress
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, ConfigDict, Field

from leveling_devstack._mail import SinkMessage
from leveling_devstack.ats_sandbox.console import render_console, render_mail_page
from leveling_devstack.ats_sandbox.harvest import StateDep
from leveling_devstack.ats_sandbox.problems import SandboxProblem
from leveling_devstack.ats_sandbox.state import SandboxState

__all__ = ["create_environment", "router"]


def require_local(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host in ("localhost", "testclient")
    if not local:
        raise SandboxProblem(403, "The sandbox inspection API answers local clients only.")


router = APIRouter(dependencies=[Depends(require_local)], tags=["sandbox"])


def create_environment() -> Environment:
    """Jinja2 with autoescaping on: job notes and mail come from outside."""
    return Environment(
        loader=PackageLoader("leveling_devstack.ats_sandbox", "templates"), autoescape=True
    )


class FaultsIn(BaseModel):
    """Fault settings to change; omitted ones stay as they are."""

    model_config = ConfigDict(extra="forbid")

    clear: bool = False
    down: bool | None = None
    fail_every: int | None = Field(default=None, ge=0)
    fail_status: int = Field(default=503, ge=400, le=599)
    rate_limit_next: int | None = Field(default=None, ge=0)
    retry_after_s: float = Field(default=1.0, ge=0)
    smtp_down: bool | None = None
    smtp_fail_every: int | None = Field(default=None, ge=0)
    smtp_fail_code: int = Field(default=451, ge=400, le=599)


class WebhookSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    emit_job_updated: bool | None = None
    target: str | None = None
    secret: str | None = None


@router.get("/sandbox/writebacks")
def list_writebacks(state: StateDep, job_id: int | None = None) -> list[dict[str, Any]]:
    return [asdict(w) for w in state.writebacks(job_id)]


@router.get("/sandbox/calls")
def list_calls(state: StateDep) -> list[dict[str, Any]]:
    return [asdict(c) for c in state.calls()]


@router.get("/sandbox/jobs")
def list_jobs(state: StateDep) -> list[dict[str, Any]]:
    return state.jobs()


@router.post("/sandbox/jobs", status_code=201)
def put_job(job: dict[str, Any], state: StateDep) -> dict[str, Any]:
    """Add or replace a job (kept until the next reset)."""
    if not isinstance(job.get("id"), int) or not isinstance(job.get("name"), str):
        raise SandboxProblem(422, "A job needs an integer `id` and a `name`.")
    job.setdefault("custom_fields", {})
    state.put_job(job)
    return job


@router.post("/sandbox/reset", status_code=204)
def reset(state: StateDep, mail: Annotated[bool, Query()] = False) -> Response:
    """Back to the initial jobs, with empty logs and no faults; `?mail=true` clears mail too."""
    state.reset(include_mail=mail)
    return Response(status_code=204)


@router.get("/sandbox/faults")
def get_faults(state: StateDep) -> dict[str, Any]:
    return state.faults()


@router.post("/sandbox/faults")
def set_faults(body: FaultsIn, state: StateDep) -> dict[str, Any]:
    if body.clear:
        state.clear_faults()
    if body.down is not None:
        state.set_down(body.down)
    if body.fail_every is not None:
        state.fail_every(body.fail_every, body.fail_status)
    if body.rate_limit_next is not None:
        state.rate_limit_next(body.rate_limit_next, body.retry_after_s)
    _set_smtp_faults(body, state)
    return state.faults()


def _set_smtp_faults(body: FaultsIn, state: SandboxState) -> None:
    if state.mail is None:
        return
    if body.clear:
        state.mail.clear_faults()
    if body.smtp_down is not None:
        state.mail.set_down(body.smtp_down)
    if body.smtp_fail_every is not None:
        state.mail.fail_every(body.smtp_fail_every, body.smtp_fail_code)


@router.get("/sandbox/webhooks")
def list_webhooks(state: StateDep) -> dict[str, Any]:
    settings = state.webhook_settings()
    return {
        "emit_job_updated": settings.emit_job_updated,
        "target": settings.target,
        "deliveries": [asdict(d) for d in state.webhooks()],
    }


@router.post("/sandbox/webhooks")
def configure_webhooks(body: WebhookSettingsIn, state: StateDep) -> dict[str, Any]:
    settings = state.configure_webhooks(
        emit_job_updated=body.emit_job_updated, target=body.target, secret=body.secret
    )
    return {"emit_job_updated": settings.emit_job_updated, "target": settings.target}


@router.get("/sandbox/mail")
def list_mail(state: StateDep) -> list[dict[str, Any]]:
    return [m.to_json() for m in state.mail.messages()] if state.mail else []


def _message(state: StateDep, message_id: str) -> SinkMessage:
    found = state.mail.message(message_id) if state.mail else None
    if found is None:
        raise SandboxProblem(404, f"No message {message_id!r}.")
    return found


MessageDep = Annotated[SinkMessage, Depends(_message)]
# The HTML of a mail is untrusted: no scripts, no same-origin access, no outside loads.
_SANDBOXED = {
    "Content-Security-Policy": (
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    )
}


@router.get("/sandbox/mail/{message_id}/html")
def mail_html(message: MessageDep) -> HTMLResponse:
    if message.html is None:
        raise SandboxProblem(404, "This message has no HTML part.")
    return HTMLResponse(message.html, headers=_SANDBOXED)


@router.get("/sandbox/mail/{message_id}/raw")
def mail_raw(message: MessageDep) -> Response:
    return Response(message.raw, media_type="message/rfc822")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def console(request: Request, state: StateDep) -> HTMLResponse:
    return HTMLResponse(render_console(request.app.state.templates, state))


@router.get("/mail/{message_id}", response_class=HTMLResponse, include_in_schema=False)
def mail_page(request: Request, message: MessageDep) -> HTMLResponse:
    return HTMLResponse(render_mail_page(request.app.state.templates, message))
