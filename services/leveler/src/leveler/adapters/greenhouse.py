"""Greenhouse job webhooks → canonical requisitions (field shapes per the Harvest docs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from leveler.adapters.ats import (
    PayloadError,
    WebhookEvent,
    WebhookKind,
    as_mapping,
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

__all__ = ["SOURCE", "GreenhouseMapping", "parse_webhook"]

SOURCE = "greenhouse"
_STATUSES = {"open": "open", "closed": "closed", "draft": "draft"}
_ACTIONS = {
    "job_created": REQUISITION_OPENED,
    "job_updated": REQUISITION_UPDATED,
    "job_approved": REQUISITION_UPDATED,
    "job_deleted": REQUISITION_CLOSED,
}


@dataclass(frozen=True)
class GreenhouseMapping:
    """Per-connection choices: which custom fields are ours and which holds the salary."""

    writeback_fields: frozenset[str] = frozenset({"level", "pay_band", "level_rationale"})
    salary_field: str = "salary_range"


def _custom_fields(job: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Custom fields keyed by immutable key, each {name, type, value}.

    Webhooks may carry the typed form under `keyed_custom_fields` and plain values under
    `custom_fields`; only typed entries can be interpreted safely.
    """
    fields: dict[str, Mapping[str, Any]] = {}
    for source in (job.get("custom_fields"), job.get("keyed_custom_fields")):
        if isinstance(source, Mapping):
            for key, entry in source.items():
                if isinstance(entry, Mapping) and "type" in entry:
                    fields[str(key)] = entry
    return fields


def _posted_range(job: Mapping[str, Any], mapping: GreenhouseMapping) -> PayRange | None:
    ranges = {
        key: entry
        for key, entry in _custom_fields(job).items()
        if entry.get("type") == "currency_range" and key not in mapping.writeback_fields
    }
    if not ranges:
        return None
    entry = ranges.get(mapping.salary_field) or ranges[sorted(ranges)[0]]
    value = entry.get("value")
    if not isinstance(value, Mapping):
        return None
    return pay_range(value.get("min_value"), value.get("max_value"), value.get("unit"))


def _location(job: Mapping[str, Any]) -> Location:
    for office in job.get("offices") or ():
        if not isinstance(office, Mapping):
            continue
        where = office.get("location")
        if isinstance(where, Mapping):
            where = where.get("name")
        found = text(where) or text(office.get("name"))
        if found:
            return parse_location(found)
    return Location()


def _people(items: Any) -> list[Person]:
    found = []
    for item in items or ():
        if isinstance(item, Mapping):
            name = item.get("name") or " ".join(
                filter(None, (text(item.get("first_name")), text(item.get("last_name"))))
            )
            member = person(item.get("user_id") or item.get("id"), name, item.get("email"))
            if member is not None:
                found.append(member)
    return found


def _hiring_team(job: Mapping[str, Any]) -> HiringTeam:
    team = job.get("hiring_team")
    if not isinstance(team, Mapping):
        return HiringTeam()
    return HiringTeam(
        recruiters=_people(team.get("recruiters")),
        hiring_managers=_people(team.get("hiring_managers")),
    )


def _first_department(job: Mapping[str, Any]) -> str | None:
    for department in job.get("departments") or ():
        if isinstance(department, Mapping) and text(department.get("name")):
            return text(department.get("name"))
    return None


def _job_id(job: Mapping[str, Any]) -> str:
    """Greenhouse job ids are integers; every field that is wrong is named at once."""
    problems = []
    raw = job.get("id")
    is_integer = isinstance(raw, int) and not isinstance(raw, bool)
    if raw is None:
        problems.append("payload.job.id is missing")
    elif not (is_integer or (isinstance(raw, str) and raw.strip().isdigit())):
        problems.append(f"payload.job.id must be an integer Greenhouse job id, not {raw!r}")
    if text(job.get("name")) is None and str(job.get("status") or "").lower() != "closed":
        problems.append("payload.job.name is missing (a job needs its name)")
    if problems:
        raise PayloadError("; ".join(problems))
    return str(raw).strip()


def to_requisition(job: Mapping[str, Any], mapping: GreenhouseMapping) -> RequisitionData:
    """Map `payload.job`; the notes HTML is kept as the description (the engine strips it)."""
    job_id = _job_id(job)
    status = _STATUSES.get(str(job.get("status") or "open").lower(), "open")
    return requisition(
        {
            "requisition_key": requisition_key(SOURCE, job_id),
            "source_system": SOURCE,
            "external_id": job_id,
            "requisition_id": text(job.get("requisition_id")),
            "title": text(job.get("name")) or "",
            "department": _first_department(job),
            "location": _location(job),
            "description": job.get("notes") if isinstance(job.get("notes"), str) else "",
            "posted_range": _posted_range(job, mapping),
            "hiring_team": _hiring_team(job),
            "status": status,
            "source_updated_at": job.get("updated_at") or None,
        }
    )


def parse_webhook(document: Any, mapping: GreenhouseMapping) -> WebhookEvent:
    """Classify the envelope {action, payload}; job events carry the mapped requisition."""
    envelope = as_mapping(document, "the body")
    action = text(envelope.get("action"))
    if action is None:
        raise PayloadError("the body has no 'action'")
    if action == "ping":
        return WebhookEvent(WebhookKind.PING, action)
    event_type = _ACTIONS.get(action)
    payload = envelope.get("payload")
    if event_type is None or _is_offer_approval(action, payload):
        return WebhookEvent(WebhookKind.IGNORED, action)
    job = as_mapping(as_mapping(payload, "payload").get("job"), "payload.job")
    if action == "job_deleted":
        job = {**job, "status": "closed"}
    data = to_requisition(job, mapping)
    if data.status == "closed":
        event_type = REQUISITION_CLOSED
    return WebhookEvent(WebhookKind.REQUISITION, action, event_type, data)


def _is_offer_approval(action: str, payload: Any) -> bool:
    if action != "job_approved" or not isinstance(payload, Mapping):
        return False
    flow = payload.get("approval_flow")
    return isinstance(flow, Mapping) and flow.get("approval_flow_type") == "offer_job"
