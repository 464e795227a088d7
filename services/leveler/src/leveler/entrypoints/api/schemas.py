"""Request and response bodies of the leveler API (decisions reuse the event model)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from leveling_common.events import DecisionData, PayRange, RequisitionData, requisition_key
from leveling_common.events.common import Money
from leveling_common.http import Problem, problem_responses

__all__ = [
    "DecisionPage",
    "IntakeAnswer",
    "OverrideOut",
    "OverrideRequest",
    "Problem",
    "RequisitionSubmission",
    "problems",
]


_MEANINGS = {
    400: "Malformed request",
    401: "Missing or invalid credentials (or webhook signature)",
    403: "The token lacks the scope this call needs",
    404: "Unknown requisition, or not decided yet",
    409: "The decision cannot be replayed (set by hand, or its inputs were not kept)",
    413: "The body is larger than the limit",
    422: "The input is not valid",
    429: "Over this source's rate limit: retry after the Retry-After seconds",
    503: "Temporarily unavailable (or not configured): retry later",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` documenting error statuses as application/problem+json."""
    return problem_responses(_MEANINGS, *statuses)


class IntakeAnswer(BaseModel):
    status: Literal["accepted", "duplicate", "unchanged", "ignored", "pong"] = Field(
        description="accepted: queued for leveling; duplicate: this delivery was seen; "
        "unchanged: nothing we map changed; ignored: not a job event we level; pong: ping."
    )
    action: str | None = Field(default=None, description="The vendor's event name, if any.")
    requisition_key: str | None = None


class OverrideRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "level": "M3",
                    "reason": "Leads two study teams; scope matches M3.",
                    "by": "jane.recruiter@example.com",
                }
            ]
        },
    )

    level: str = Field(min_length=1, max_length=20, description="A level of the profile.")
    reason: str = Field(min_length=1, max_length=2000)
    by: str = Field(min_length=1, max_length=200, description="Who decided (name or email).")
    profile: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Move the requisition to this profile (its code); required when it matched "
        "no profile, which is how an unmatched requisition is levelled by hand.",
    )
    track: str | None = Field(
        default=None,
        min_length=1,
        max_length=20,
        description="The track the level must be on (checked; the level decides the track).",
    )
    zone: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Price the level in this band zone instead of the location's zone.",
    )


class OverrideOut(BaseModel):
    """One override: who, when, why, and what it changed (before → after)."""

    decision_id: str
    requisition_key: str
    created_at: datetime
    by: str = Field(description="Who decided, as given in the override.")
    principal: str = Field(description="The signed-in person or token that made the call.")
    reason: str
    previous_level: str | None
    level: str
    previous_profile: str | None
    profile: str | None
    previous_track: str | None
    track: str | None
    previous_zone: str | None
    zone: str | None


class DecisionPage(BaseModel):
    items: list[DecisionData]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page."
    )


# Amounts as the model takes them: a number in cents precision, or the same as a string.
_AMOUNT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 999_999_999_999.99, "multipleOf": 0.01},
        {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"},
    ]
}
Amount = Annotated[Money, WithJsonSchema(_AMOUNT_SCHEMA)]


class PostedRange(PayRange):
    min: Amount | None = None
    max: Amount | None = None


class RequisitionSubmission(RequisitionData):
    """The canonical requisition as a producer submits it (`POST /v1/requisitions`).

    Its key is derived, `<source_system>:<external_id>`, and read-only in the schema, so
    the schema states all that is checked; a key sent anyway must be the derived one.
    """

    requisition_key: str | None = Field(  # type: ignore[assignment]
        default=None,
        json_schema_extra={"readOnly": True},
        description="Derived: <source_system>:<external_id>. A key sent must equal it.",
    )
    source_system: str = Field(
        min_length=1, max_length=64, pattern=r"^[^:\s]+$", description="e.g. workday."
    )
    posted_range: PostedRange | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive_key(cls, data: Any) -> Any:
        if isinstance(data, dict):
            source, external = data.get("source_system"), data.get("external_id")
            sent_key = data.get("requisition_key")
            if isinstance(source, str) and isinstance(external, str) and sent_key is None:
                return {**data, "requisition_key": requisition_key(source, external)}
        return data

    def canonical(self) -> RequisitionData:
        return RequisitionData.model_validate(self.model_dump())
