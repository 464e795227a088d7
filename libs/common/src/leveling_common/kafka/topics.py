"""Explicit topic creation: the broker auto-creates topics with defaults, so create first."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from leveling_common.kafka.connection import connection_options
from leveling_common.settings import KafkaSettings

__all__ = ["dlq_topic", "ensure_topics"]


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"


async def ensure_topics(
    settings: KafkaSettings, topics: Sequence[str], *, with_dlq: bool = True
) -> None:
    """Create the topics (and their dead-letter topics) with the configured partitions."""
    names = list(dict.fromkeys([*topics, *(dlq_topic(t) for t in topics if with_dlq)]))
    admin = AIOKafkaAdminClient(**connection_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in names if name not in existing]
        if not missing:
            return
        new_topics = [
            NewTopic(
                name,
                num_partitions=settings.partitions,
                replication_factor=settings.replication_factor,
            )
            for name in missing
        ]
        # Another process may create them between list and create.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(new_topics)
    finally:
        await admin.close()
