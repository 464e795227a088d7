"""Dead-lettering: the original bytes, key and headers plus the `dlq.*` headers of DESIGN.md."""

from __future__ import annotations

from aiokafka.structs import ConsumerRecord

from leveling_common.events.envelope import utc_now
from leveling_common.kafka.records import OutgoingRecord
from leveling_common.kafka.topics import dlq_topic

__all__ = ["DLQ_HEADERS", "dead_letter"]

DLQ_HEADERS = (
    "dlq.original.topic",
    "dlq.original.partition",
    "dlq.original.offset",
    "dlq.exception.class",
    "dlq.exception.message",
    "dlq.service",
    "dlq.failed_at",
)


def dead_letter(
    record: ConsumerRecord[bytes, bytes], error: BaseException, *, service: str
) -> OutgoingRecord:
    headers = {
        name: bytes(value) for name, value in (record.headers or ()) if not name.startswith("dlq.")
    }
    headers.update(
        {
            "dlq.original.topic": record.topic.encode(),
            "dlq.original.partition": str(record.partition).encode(),
            "dlq.original.offset": str(record.offset).encode(),
            "dlq.exception.class": type(error).__name__.encode(),
            "dlq.exception.message": str(error)[:2000].encode(errors="replace"),
            "dlq.service": service.encode(),
            "dlq.failed_at": utc_now().isoformat().encode(),
        }
    )
    return OutgoingRecord(
        topic=dlq_topic(record.topic),
        key=record.key.decode(errors="replace") if record.key is not None else None,
        value=record.value or b"",
        headers=headers,
    )
