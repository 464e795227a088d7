"""Requisition events on `requisitions.v1` (DESIGN.md section 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leveling_common.events.common import PayRange, Person

__all__ = [
    "REQUISITION_CLOSED",
    "REQUISITION_OPENED",
    "REQUISITION_TYPES",
    "REQUISITION_UPDATED",
    "HiringTeam",
    "Location",
    "RequisitionData",
    "requisition_key",
]

REQUISITION_OPENED = "com.leveling.requisition.opened.v1"
REQUISITION_UPDATED = "com.leveling.requisition.updated.v1"
REQUISITION_CLOSED = "com.leveling.requisition.closed.v1"
REQUISITION_TYPES = (REQUISITION_OPENED, REQUISITION_UPDATED, REQUISITION_CLOSED)


def requisition_key(source_system: str, external_id: str) -> str:
    """`<source system>:<external job id>`, the Kafka key of every event of one requisition."""
    return f"{source_system}:{external_id}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Location(_Model):
    name: str | None = None
    city: str | None = None
    region: str | None = Field(default=None, description="State or region code, e.g. NY.")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 a2.")
    remote: bool = False


class HiringTeam(_Model):
    recruiters: list[Person] = Field(default_factory=list)
    hiring_managers: list[Person] = Field(default_factory=list)


class RequisitionData(_Model):
    """The canonical requisition, produced by intake adapters or any producer."""

    requisition_key: str = Field(min_length=3, pattern=r"^[^:\s]+:.+$")
    source_system: str = Field(min_length=1, max_length=64)
    external_id: str = Field(min_length=1, max_length=256)
    requisition_id: str | None = None
    title: str = Field(max_length=1_000)
    department: str | None = None
    location: Location = Field(default_factory=Location)
    description: str = Field(default="", description="Plain text or HTML.")
    min_years_experience: float | None = Field(default=None, ge=0, le=60)
    direct_reports: int | None = Field(default=None, ge=0)
    requested_level: str | None = None
    posted_range: PayRange | None = None
    hiring_team: HiringTeam = Field(default_factory=HiringTeam)
    status: Literal["open", "closed", "draft"] = "open"
    source_updated_at: datetime | None = None

    @model_validator(mode="after")
    def _key_matches_source(self) -> RequisitionData:
        expected = requisition_key(self.source_system, self.external_id)
        if self.requisition_key != expected:
            raise ValueError(f"requisition_key must be {expected!r}")
        return self
