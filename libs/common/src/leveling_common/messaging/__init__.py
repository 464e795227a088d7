"""Exactly-once effects over at-least-once transport: the inbox and the transactional outbox."""

from leveling_common.messaging.inbox import claim, inbox_table
from leveling_common.messaging.outbox import EventPublisher, OutboxRelay, enqueue, outbox_table

__all__ = ["EventPublisher", "OutboxRelay", "claim", "enqueue", "inbox_table", "outbox_table"]
