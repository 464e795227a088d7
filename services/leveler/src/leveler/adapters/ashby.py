"""Ashby job webhooks → canonical requisitions.

Ashby documents its job object only in part, so every field is read defensively: a field of
an unexpected shape is treated as absent rather than failing the whole job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leveler.adapters.ats import (
    PayloadError,
    WebhookEvent,
    WebhookKind,
    as_mapping,
    pay_interval,
    pay_range,
    person,
    requisition,
    text,
)
from leveler.adapters.locations import parse_location
from leveling_common.events import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_UPDATED,
    HiringTeam,
    Location,
    PayRange,
    Person,
    RequisitionData,
    requisition_key,
)

__all__ = ["SOURCE", "parse_webhook", "to_requisition"]

SOURCE = "ashby"
_STATUSES = {"open": "open", "closed": "closed", "archived": "closed", "draft": "draft"}
_ACTIONS = {"jobCreate": REQUISITION_OPENED, "jobUpdate": REQUISITION_UPDATED}


def _components(job: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    compensation = job.get("compensation")
    if not isinstance(compensation, Mapping):
        return []
    found = []
    for tier in compensation.get("compensationTiers") or ():
        if isinstance(tier, Mapping):
            found += [c for c in tier.get("components") or () if isinstance(c, Mapping)]
    return found


def _posted_range(job: Mapping[str, Any]) -> PayRange | None:
    components = _components(job)
    salaries = [c for c in components if "salary" in str(c.get("compensationType", "")).lower()]
    for component in salaries or components:
        found = pay_range(
            component.get("minValue"),
            component.get("maxValue"),
            component.get("currencyCode"),
            pay_interval(component.get("interval")),
        )
        if found is not None:
            return found
    return None


def _location(job: Mapping[str, Any]) -> Location:
    where = job.get("location")
    if not isinstance(where, Mapping):
        return parse_location(text(where))
    return parse_location(text(where.get("name")), remote=where.get("isRemote") is True)


def _hiring_team(job: Mapping[str, Any]) -> HiringTeam:
    recruiters: list[Person] = []
    managers: list[Person] = []
    for member in job.get("hiringTeam") or ():
        if not isinstance(member, Mapping):
            continue
        name = " ".join(filter(None, (text(member.get("firstName")), text(member.get("lastName")))))
        found = person(member.get("userId"), name or member.get("name"), member.get("email"))
        role = str(member.get("role") or "").lower()
        if found is None:
            continue
        if "recruiter" in role:
            recruiters.append(found)
        elif "hiring manager" in role:
            managers.append(found)
    return HiringTeam(recruiters=recruiters, hiring_managers=managers)


def _department(job: Mapping[str, Any]) -> str | None:
    department = job.get("department")
    return text(department.get("name")) if isinstance(department, Mapping) else None


def _description(job: Mapping[str, Any]) -> str:
    for key in ("descriptionHtml", "descriptionPlain", "description"):
        value = job.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def to_requisition(job: Mapping[str, Any]) -> RequisitionData:
    job_id = text(job.get("id"))
    if job_id is None:
        raise PayloadError("data.job.id is missing")
    return requisition(
        {
            "requisition_key": requisition_key(SOURCE, job_id),
            "source_system": SOURCE,
            "external_id": job_id,
            "requisition_id": text(job.get("requisitionId")),
            "title": text(job.get("title")) or "",
            "department": _department(job),
            "location": _location(job),
            "description": _description(job),
            "posted_range": _posted_range(job),
            "hiring_team": _hiring_team(job),
            "status": _STATUSES.get(str(job.get("status") or "open").lower(), "open"),
            "source_updated_at": job.get("updatedAt") or None,
        }
    )


def parse_webhook(document: Any) -> WebhookEvent:
    """Classify the envelope {webhookActionId, action, data: {job}}."""
    envelope = as_mapping(document, "the body")
    action = text(envelope.get("action"))
    if action is None:
        raise PayloadError("the body has no 'action'")
    if action.lower() == "ping":
        return WebhookEvent(WebhookKind.PING, action)
    event_type = _ACTIONS.get(action)
    if event_type is None:
        return WebhookEvent(WebhookKind.IGNORED, action)
    job = as_mapping(as_mapping(envelope.get("data"), "data").get("job"), "data.job")
    data = to_requisition(job)
    if data.status == "closed":
        event_type = REQUISITION_CLOSED
    return WebhookEvent(WebhookKind.REQUISITION, action, event_type, data)
