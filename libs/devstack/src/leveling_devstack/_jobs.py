"""The Greenhouse job object: offices, departments and the builder of `payload.job`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leveling_devstack.custom_fields import (
    DEFAULT_JOB_FIELDS,
    FieldDefinition,
    empty_custom_fields,
)
from leveling_devstack.people import COORDINATORS, SandboxUser

__all__ = [
    "BOSTON",
    "CLINICAL_OPERATIONS",
    "CLINICAL_PROJECT_MANAGEMENT",
    "CLINICAL_QUALITY",
    "CLINICAL_RESEARCH",
    "DENVER",
    "ENGINEERING",
    "LONDON",
    "NEW_YORK",
    "RALEIGH",
    "SAN_FRANCISCO",
    "Department",
    "JobSpec",
    "Office",
    "greenhouse_job",
]

_DEFAULT_OPENED = "2025-03-03T14:05:00Z"


@dataclass(frozen=True)
class Office:
    id: int
    name: str
    location: str | None
    external_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "location": self.location,
            "primary_contact_user_id": None,
            "parent_id": None,
            "child_ids": [],
            "external_id": self.external_id,
        }


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    external_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "parent_id": None,
            "child_ids": [],
            "external_id": self.external_id,
        }


BOSTON = Office(60101, "Boston", "Boston, MA, United States", "OFF-BOS")
RALEIGH = Office(60102, "Raleigh", "Raleigh, NC, United States", "OFF-RDU")
NEW_YORK = Office(60103, "New York", "New York, NY, United States", "OFF-NYC")
SAN_FRANCISCO = Office(60104, "San Francisco", "San Francisco, CA, United States", "OFF-SFO")
DENVER = Office(60105, "Denver", "Denver, CO, United States", "OFF-DEN")
LONDON = Office(60201, "London", "London, England, United Kingdom", "OFF-LON")

CLINICAL_OPERATIONS = Department(50101, "Clinical Operations", "DEPT-CLINOPS")
CLINICAL_PROJECT_MANAGEMENT = Department(50102, "Clinical Project Management", "DEPT-CPM")
CLINICAL_QUALITY = Department(50103, "Clinical Quality Assurance", "DEPT-CQA")
CLINICAL_RESEARCH = Department(50104, "Clinical Research", "DEPT-CR")
ENGINEERING = Department(50201, "Engineering", "DEPT-ENG")


@dataclass(frozen=True)
class JobSpec:
    """What distinguishes one sample job; `greenhouse_job()` fills in the rest."""

    job_id: int
    name: str
    requisition_id: str | None
    notes_html: str
    department: Department
    office: Office
    recruiter: SandboxUser
    hiring_manager: SandboxUser
    # (min, max, ISO 4217) as Greenhouse sends them: strings such as "95000.0", or None.
    salary: tuple[str | None, str | None, str] | None
    employment_type: str = "Full-time"
    status: str = "open"
    opened_at: str = _DEFAULT_OPENED
    confidential: bool = False
    coordinators: tuple[SandboxUser, ...] = COORDINATORS
    sourcers: tuple[SandboxUser, ...] = ()
    extra_fields: dict[str, Any] = field(default_factory=dict)


def _custom_fields(
    spec: JobSpec, definitions: tuple[FieldDefinition, ...]
) -> dict[str, dict[str, Any]]:
    fields = empty_custom_fields(definitions)
    by_key = {d.name_key: d for d in definitions}
    values: dict[str, Any] = {"employment_type": spec.employment_type, "budgeted": True}
    if spec.salary is not None:
        low, high, unit = spec.salary
        values["salary_range"] = {"min_value": low, "max_value": high, "unit": unit}
    values.update(spec.extra_fields)
    for key, value in values.items():
        fields[key] = by_key[key].keyed(value)
    return fields


def greenhouse_job(
    spec: JobSpec, *, definitions: tuple[FieldDefinition, ...] = DEFAULT_JOB_FIELDS
) -> dict[str, Any]:
    """The Greenhouse `payload.job` object for `spec` (a fresh dict every call)."""
    closed = spec.opened_at if spec.status == "closed" else None
    return {
        "id": spec.job_id,
        "name": spec.name,
        "requisition_id": spec.requisition_id,
        "notes": spec.notes_html,
        "confidential": spec.confidential,
        "status": spec.status,
        "is_template": False,
        "copied_from_id": None,
        "created_at": spec.opened_at,
        "opened_at": spec.opened_at,
        "closed_at": closed,
        "updated_at": spec.opened_at,
        "departments": [spec.department.to_json()],
        "offices": [spec.office.to_json()],
        "hiring_team": {
            "hiring_managers": [spec.hiring_manager.team_member()],
            "recruiters": [spec.recruiter.team_member()],
            "coordinators": [u.team_member() for u in spec.coordinators],
            "sourcers": [u.team_member() for u in spec.sourcers],
        },
        "openings": [
            {
                "id": spec.job_id * 10 + 1,
                "opening_id": f"{spec.requisition_id or spec.job_id}-1",
                "status": "open" if spec.status == "open" else "closed",
                "opened_at": spec.opened_at,
                "closed_at": closed,
                "application_id": None,
                "close_reason": None,
                "custom_fields": {},
            }
        ],
        "custom_fields": _custom_fields(spec, definitions),
    }
