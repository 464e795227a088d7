"""The sample jobs as Ashby and Lever hold them: an Ashby job for a `jobCreate` webhook, and a
Lever requisition with the posting that carries its text. Hiring teams keep their people,
named by the ids those ATSs give the sandbox's users."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from leveling_devstack.ats_sandbox.ashby import ashby_user_id
from leveling_devstack.ats_sandbox.lever import lever_user_id
from leveling_devstack.people import SandboxUser, user_by_id

__all__ = ["ashby_job", "lever_requisition"]

_NAMESPACE = uuid.UUID("9a3d2f61-0c7e-4b8a-a5d4-6e2f1b7c8d90")


def _team(job: Mapping[str, Any], role: str) -> list[SandboxUser]:
    members = (job.get("hiring_team") or {}).get(role) or []
    found = (user_by_id(int(member["user_id"])) for member in members)
    return [user for user in found if user is not None]


def _location(job: Mapping[str, Any]) -> str:
    offices = job.get("offices") or [{}]
    return str(offices[0].get("location") or offices[0].get("name") or "")


def ashby_job(job: Mapping[str, Any]) -> dict[str, Any]:
    """An Ashby job with the sample's title, place, description and hiring team."""
    team = [
        {"userId": ashby_user_id(user), "role": role}
        for role, key in (("Recruiter", "recruiters"), ("Hiring Manager", "hiring_managers"))
        for user in _team(job, key)
    ]
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"ashby:{job['id']}")),
        "title": job["name"],
        "status": "Open",
        "employmentType": "FullTime",
        "location": {"id": "loc-1", "name": _location(job)},
        "descriptionHtml": job.get("notes") or "",
        "hiringTeam": team,
        "updatedAt": "2026-12-07T09:00:00.000Z",
    }


def lever_requisition(job: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Lever requisition for the sample, and the posting linked to it by requisition code."""
    code = f"REQ-{job['id']}"
    owners, managers = _team(job, "recruiters"), _team(job, "hiring_managers")
    requisition = {
        "id": str(uuid.uuid5(_NAMESPACE, f"lever:{job['id']}")),
        "requisitionCode": code,
        "name": job["name"],
        "status": "open",
        "headcountTotal": 1,
        "location": _location(job),
        "team": "Clinical Operations",
        "owner": lever_user_id(owners[0]) if owners else None,
        "hiringManager": lever_user_id(managers[0]) if managers else None,
        "customFields": {},
    }
    posting = {
        "id": f"posting-{job['id']}",
        "text": job["name"],
        "requisitionCodes": [code],
        "content": {"descriptionHtml": job.get("notes") or "", "lists": []},
    }
    return requisition, posting
