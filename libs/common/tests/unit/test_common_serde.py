"""Decoding records and building dead letters, without a broker."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from leveling_common.events import REQUISITION_OPENED, CloudEvent, RequisitionData
from leveling_common.kafka import (
    DLQ_HEADERS,
    RetryPolicy,
    UndecodableRecord,
    dead_letter,
    decode_record,
    default_payload_types,
)
from leveling_common.kafka.errors import PoisonRecord, TransientError, is_transient


@dataclass
class Record:
    value: bytes | None
    topic: str = "requisitions.v1"
    partition: int = 1
    offset: int = 41
    key: bytes | None = b"greenhouse:1"
    headers: list[tuple[str, bytes]] = field(default_factory=list)


def _event(**overrides) -> bytes:
    data = {
        "requisition_key": "greenhouse:1",
        "source_system": "greenhouse",
        "external_id": "1",
        "title": "Clinical Trial Manager",
        "some_future_field": {"ignored": True},
        **overrides,
    }
    event = {"specversion": "1.0", "id": "e1", "source": "/x", "type": REQUISITION_OPENED}
    return json.dumps({**event, "data": data}).encode()


def test_a_valid_record_decodes_to_a_typed_event_ignoring_unknown_fields():
    decoded = decode_record(Record(_event()), default_payload_types())  # type: ignore[arg-type]
    assert isinstance(decoded.event.data, RequisitionData)
    assert decoded.event.data.title == "Clinical Trial Manager"
    assert decoded.key == "greenhouse:1"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"\x00\x01", "not UTF-8 JSON"),
        (b'{"hello": 1}', "not a CloudEvent"),
        (_event(title=None), "invalid com.leveling.requisition.opened.v1 data"),
        (_event(requisition_key="greenhouse:2"), "invalid"),
        (None, "not UTF-8 JSON"),
    ],
)
def test_undecodable_records_say_why(value, message):
    with pytest.raises(UndecodableRecord, match=message):
        decode_record(Record(value), default_payload_types())  # type: ignore[arg-type]


_DECLARED = [("ce_type", REQUISITION_OPENED.encode())]


def test_a_record_declaring_its_type_decodes_to_the_same_event():
    plain = decode_record(Record(_event()), default_payload_types())  # type: ignore[arg-type]
    declared = decode_record(
        Record(_event(), headers=_DECLARED),  # type: ignore[arg-type]
        default_payload_types(),
    )
    # `time` is absent from the body, so each decode stamps its own default.
    assert declared.event.model_dump(exclude={"time"}) == plain.event.model_dump(exclude={"time"})
    assert declared.headers == {"ce_type": REQUISITION_OPENED.encode()}


def test_a_declared_type_the_body_contradicts_is_decoded_by_the_body():
    headers = [("ce_type", b"com.leveling.requisition.closed.v1")]
    decoded = decode_record(Record(_event(), headers=headers), default_payload_types())  # type: ignore[arg-type]
    assert decoded.event.type == REQUISITION_OPENED


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"\x00\x01", "not UTF-8 JSON"),
        (b'{"hello": 1}', "not a CloudEvent"),
        (_event(title=None), "invalid com.leveling.requisition.opened.v1 data"),
    ],
)
def test_a_record_declaring_its_type_but_invalid_still_says_why(value, message):
    with pytest.raises(UndecodableRecord, match=message):
        decode_record(Record(value, headers=_DECLARED), default_payload_types())  # type: ignore[arg-type]


def test_an_unknown_type_is_poison():
    value = json.dumps(
        {"specversion": "1.0", "id": "e", "source": "/x", "type": "com.x.v9", "data": {}}
    ).encode()
    with pytest.raises(UndecodableRecord, match="unknown event type"):
        decode_record(Record(value), default_payload_types())  # type: ignore[arg-type]


def test_a_dead_letter_keeps_bytes_key_headers_and_adds_every_dlq_header():
    record = Record(b"garbage", headers=[("traceparent", b"00-abc"), ("dlq.service", b"old")])
    letter = dead_letter(record, ValueError("bad"), service="leveler")  # type: ignore[arg-type]
    assert letter.topic == "requisitions.v1.dlq"
    assert letter.value == b"garbage"
    assert letter.key == "greenhouse:1"
    assert set(DLQ_HEADERS) <= set(letter.headers)
    assert letter.headers["traceparent"] == b"00-abc"
    assert letter.headers["dlq.service"] == b"leveler"
    assert letter.headers["dlq.original.offset"] == b"41"
    assert letter.headers["dlq.exception.message"] == b"bad"


def test_backoff_is_capped_and_grows():
    policy = RetryPolicy(initial_s=1.0, cap_s=4.0)
    assert all(0 <= policy.delay(attempt) <= 4.0 for attempt in range(20))


def test_classification_of_failures():
    assert is_transient(TransientError())
    assert is_transient(ConnectionRefusedError())
    assert not is_transient(KeyError("bug"))
    assert not is_transient(PoisonRecord())


def test_events_get_unique_ids_and_utc_times():
    payload = RequisitionData.model_validate_json(
        json.loads(_event())["data"].__repr__().replace("'", '"').replace("True", "true")
    )
    first = CloudEvent[RequisitionData](source="/x", type=REQUISITION_OPENED, data=payload)
    second = CloudEvent[RequisitionData](source="/x", type=REQUISITION_OPENED, data=payload)
    assert first.id != second.id
    assert first.time.utcoffset() is not None
