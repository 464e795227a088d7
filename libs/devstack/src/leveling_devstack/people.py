"""The people of the sandbox company: recruiters, hiring managers and the integration user.

The sample jobs name them in their hiring teams (by `user_id`), and the ATS sandbox serves
them at `GET /v1/users/{id}` the way Greenhouse Harvest does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "COORDINATORS",
    "HIRING_MANAGERS",
    "INTEGRATION_USER",
    "RECRUITERS",
    "SOURCERS",
    "USERS",
    "SandboxUser",
    "user_by_id",
]

EMAIL_DOMAIN = "meridianbio.example.com"
_CREATED_AT = "2023-02-06T09:12:44.000Z"
_UPDATED_AT = "2025-01-08T16:40:03.000Z"


@dataclass(frozen=True)
class SandboxUser:
    """One Greenhouse user."""

    id: int
    first_name: str
    last_name: str
    email: str
    employee_id: str
    role: str
    other_emails: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_harvest(self) -> dict[str, Any]:
        """The body of `GET /v1/users/{id}`."""
        return {
            "id": self.id,
            "name": self.name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "primary_email_address": self.email,
            "emails": [self.email, *self.other_emails],
            "employee_id": self.employee_id,
            "disabled": False,
            "site_admin": self.role == "integration",
            "linked_candidate_ids": [],
            "offices": [],
            "departments": [],
            "created_at": _CREATED_AT,
            "updated_at": _UPDATED_AT,
        }

    def team_member(self) -> dict[str, Any]:
        """How a webhook's `hiring_team` names this user."""
        return {"user_id": self.id, "employee_id": self.employee_id}


def _user(user_id: int, first: str, last: str, role: str, *extra: str) -> SandboxUser:
    local = f"{first}.{last}".lower().replace(" ", "").replace("á", "a").replace("'", "")
    return SandboxUser(
        id=user_id,
        first_name=first,
        last_name=last,
        email=f"{local}@{EMAIL_DOMAIN}",
        employee_id=f"E-{user_id % 100_000:05d}",
        role=role,
        other_emails=extra,
    )


INTEGRATION_USER = _user(4080000, "Leveling", "Integration", "integration")
RECRUITERS = (
    _user(4080001, "Priya", "Raman", "recruiter", "priya.r@talent.meridianbio.example.com"),
    _user(4080002, "Marcus", "Bell", "recruiter"),
    _user(4080003, "Hannah", "Okafor", "recruiter"),
)
HIRING_MANAGERS = (
    _user(4080011, "Elena", "Vasquez", "hiring_manager"),
    _user(4080012, "James", "Whitfield", "hiring_manager"),
    _user(4080013, "Aisha", "Karimi", "hiring_manager"),
    _user(4080014, "Tomás", "Ferreira", "hiring_manager"),
    _user(4080015, "Grace", "Liu", "hiring_manager"),
)
COORDINATORS = (_user(4080021, "Ben", "Novak", "coordinator"),)
SOURCERS = (_user(4080031, "Leah", "Morgan", "sourcer"),)
USERS: tuple[SandboxUser, ...] = (
    INTEGRATION_USER,
    *RECRUITERS,
    *HIRING_MANAGERS,
    *COORDINATORS,
    *SOURCERS,
)


def user_by_id(user_id: int) -> SandboxUser | None:
    """The seeded user with that id, if any."""
    return next((u for u in USERS if u.id == user_id), None)
