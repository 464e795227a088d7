"""The CloudEvents 1.0 envelope (structured JSON mode) every Kafka message carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CloudEvent", "OutgoingEvent", "RawCloudEvent", "utc_now"]

PayloadT = TypeVar("PayloadT", bound=BaseModel)


def utc_now() -> datetime:
    return datetime.now(UTC)


class _EnvelopeFields(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    specversion: str = Field(default="1.0", pattern=r"^1\.0$")
    id: str = Field(default_factory=lambda: str(uuid4()), min_length=1)
    source: str = Field(min_length=1, description="URI-reference of the producing system.")
    type: str = Field(min_length=1, description="Reverse-DNS event type, e.g. com.leveling.*.")
    subject: str | None = Field(default=None, description="The requisition key or profile code.")
    time: datetime = Field(default_factory=utc_now)
    datacontenttype: str = "application/json"
    traceparent: str | None = Field(
        default=None, description="W3C trace context (CloudEvents distributed tracing extension)."
    )


class RawCloudEvent(_EnvelopeFields):
    """An envelope whose `data` is not yet bound to a payload model (used to route by type)."""

    data: dict[str, Any]


class CloudEvent(_EnvelopeFields, Generic[PayloadT]):
    """A typed envelope: `data` is validated against the payload model of its `type`."""

    data: PayloadT

    @property
    def event_id(self) -> UUID | str:
        return self.id


@dataclass(frozen=True, slots=True)
class OutgoingEvent:
    """An event bound for a topic under a partition key, waiting in a unit of work for its
    commit (then in the outbox until the relay publishes it)."""

    topic: str
    key: str
    event: CloudEvent[Any]
