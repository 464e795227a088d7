"""Plain records crossing the boundary between the runtime and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leveling_common.events.envelope import CloudEvent

__all__ = ["ConsumedEvent", "OutgoingRecord"]


@dataclass(frozen=True)
class OutgoingRecord:
    topic: str
    key: str | None
    value: bytes
    headers: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsumedEvent:
    """A decoded record: its position, key, headers and typed CloudEvent."""

    topic: str
    partition: int
    offset: int
    key: str | None
    event: CloudEvent[Any]
    headers: dict[str, bytes] = field(default_factory=dict)
