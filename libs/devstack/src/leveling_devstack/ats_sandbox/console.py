"""The console page: jobs with what was written back to them, and the mail received."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from leveling_devstack._mail import SinkMessage
    from leveling_devstack.ats_sandbox.state import SandboxState

__all__ = ["JobRow", "job_row", "render_console", "render_mail_page"]


@dataclass(frozen=True)
class JobRow:
    id: int
    name: str
    requisition_id: str | None
    location: str
    posted_range: str
    level: str
    pay_band: str
    rationale: str
    role_profile: str
    status: str
    writebacks: int


def _value(job: dict[str, Any], key: str) -> Any:
    entry = job.get("custom_fields", {}).get(key)
    return entry.get("value") if isinstance(entry, dict) else None


def _money_range(value: Any) -> str:
    if not isinstance(value, dict):
        return ""

    def amount(raw: Any) -> str:
        try:
            return f"{float(raw):,.0f}"
        except (TypeError, ValueError):
            return "open"

    unit = value.get("unit") or ""
    return (
        f"{unit} {amount(value.get('min_value'))} \u2013 {amount(value.get('max_value'))}".strip()
    )


def job_row(job: dict[str, Any], writebacks: int) -> JobRow:
    """What the console shows of one job."""
    offices = job.get("offices") or []
    return JobRow(
        id=int(job["id"]),
        name=str(job.get("name", "")),
        requisition_id=job.get("requisition_id"),
        location=", ".join(str(o.get("location") or o.get("name") or "") for o in offices),
        posted_range=_money_range(_value(job, "salary_range")),
        level=str(_value(job, "level") or ""),
        pay_band=_money_range(_value(job, "pay_band")),
        rationale=str(_value(job, "level_rationale") or ""),
        role_profile=str(_value(job, "role_profile") or ""),
        status=str(_value(job, "leveling_status") or ""),
        writebacks=writebacks,
    )


def render_console(templates: Environment, state: SandboxState) -> str:
    writebacks = state.writebacks()
    counts: dict[int, int] = {}
    for w in writebacks:
        counts[w.job_id] = counts.get(w.job_id, 0) + 1
    rows = [job_row(job, counts.get(int(job["id"]), 0)) for job in state.jobs()]
    messages = list(reversed(state.mail.messages())) if state.mail else []
    return templates.get_template("console.html").render(
        jobs=rows,
        messages=messages,
        mail_attached=state.mail is not None,
        writebacks=list(reversed(writebacks))[:50],
        webhooks=list(reversed(state.webhooks()))[:50],
        faults=state.faults(),
        calls=len(state.calls()),
    )


def render_mail_page(templates: Environment, message: SinkMessage) -> str:
    return templates.get_template("mail.html").render(message=message)
