"""The one Kafka runtime every service uses (never re-written in a service)."""

from leveling_common.kafka.assignment import PartitionGate
from leveling_common.kafka.consumer import Handler, RetryPolicy, install_stop_signals, run_consumer
from leveling_common.kafka.dlq import DLQ_HEADERS, dead_letter
from leveling_common.kafka.errors import PoisonRecord, TransientError, UndecodableRecord
from leveling_common.kafka.probe import broker_reachable
from leveling_common.kafka.producer import Producer
from leveling_common.kafka.records import ConsumedEvent, OutgoingRecord
from leveling_common.kafka.serde import decode_record, default_payload_types
from leveling_common.kafka.topics import dlq_topic, ensure_topics

__all__ = [
    "DLQ_HEADERS",
    "ConsumedEvent",
    "Handler",
    "OutgoingRecord",
    "PartitionGate",
    "PoisonRecord",
    "Producer",
    "RetryPolicy",
    "TransientError",
    "UndecodableRecord",
    "broker_reachable",
    "dead_letter",
    "decode_record",
    "default_payload_types",
    "dlq_topic",
    "ensure_topics",
    "install_stop_signals",
    "run_consumer",
]
