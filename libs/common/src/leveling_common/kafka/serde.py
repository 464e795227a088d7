"""Bytes → typed CloudEvent; anything that does not decode is an `UndecodableRecord`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from aiokafka.structs import ConsumerRecord
from pydantic import BaseModel, ValidationError

from leveling_common.events.envelope import CloudEvent, RawCloudEvent
from leveling_common.events.registry import EVENT_TYPES
from leveling_common.kafka.errors import UndecodableRecord
from leveling_common.kafka.records import ConsumedEvent

__all__ = ["decode_record", "default_payload_types"]


def default_payload_types() -> dict[str, type[BaseModel]]:
    return {name: spec.payload for name, spec in EVENT_TYPES.items()}


@cache
def _envelope_model(payload: type[BaseModel]) -> type[CloudEvent[Any]]:
    return CloudEvent[payload]  # type: ignore[valid-type]


def _short(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{error.error_count()} validation error(s); first at '{where}': {first['msg']}"


def decode_record(
    record: ConsumerRecord[bytes, bytes], payload_types: Mapping[str, type[BaseModel]]
) -> ConsumedEvent:
    event = _validated(record, payload_types)
    return ConsumedEvent(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        event=event,
        headers={name: bytes(value) for name, value in (record.headers or ())},
    )


def _validated(
    record: ConsumerRecord[bytes, bytes], payload_types: Mapping[str, type[BaseModel]]
) -> CloudEvent[Any]:
    """Step by step, so a record that does not decode says exactly what is wrong with it.
    The body, not the `ce_type` header, decides the type: the header is a routing hint."""
    try:
        document = json.loads(record.value or b"")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UndecodableRecord(f"not UTF-8 JSON: {exc}") from exc
    try:
        raw = RawCloudEvent.model_validate(document)
    except ValidationError as exc:
        raise UndecodableRecord(f"not a CloudEvent: {_short(exc)}") from exc
    payload = payload_types.get(raw.type)
    if payload is None:
        raise UndecodableRecord(f"unknown event type {raw.type!r}")
    try:
        return _envelope_model(payload).model_validate(document)
    except ValidationError as exc:
        raise UndecodableRecord(f"invalid {raw.type} data: {_short(exc)}") from exc
