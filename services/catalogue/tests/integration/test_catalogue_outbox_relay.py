"""Publishing a band set emits exactly one event, also across a crash before the relay ran."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from catalogue.seed import seed
from catalogue.service_layer import pay
from leveling_common.events import (
    BANDSET_PUBLISHED,
    TOPIC_CATALOGUE,
    BandSetPublishedData,
    CloudEvent,
)
from leveling_common.kafka import Producer, ensure_topics

pytestmark = pytest.mark.integration


async def _events_for(
    bootstrap: str, key: str, *, settle: float = 1.0
) -> list[CloudEvent[BandSetPublishedData]]:
    """Every record on the catalogue topic with this key, read from the beginning."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # loads the metadata partitions_for_topic reads
        numbers = sorted(consumer.partitions_for_topic(TOPIC_CATALOGUE) or ())
        partitions = [TopicPartition(TOPIC_CATALOGUE, p) for p in numbers]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        found: list[ConsumerRecord[bytes, bytes]] = []
        deadline = asyncio.get_running_loop().time() + 10
        while asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=int(settle * 1000))
            for records in batch.values():
                found.extend(r for r in records if r.key == key.encode())
            positions = [await consumer.position(tp) for tp in partitions]
            if not batch and all(
                pos >= end[tp] for pos, tp in zip(positions, partitions, strict=True)
            ):
                break
        return [CloudEvent[BandSetPublishedData].model_validate_json(r.value) for r in found]
    finally:
        await consumer.stop()


async def _draft(catalogue, start: datetime) -> str:
    current = (await pay.get_band_set(catalogue.uow(), band_set_id="seed-2025-illustrative"))[0]
    draft = await pay.create_draft(
        catalogue.uow(), name="next", effective_from=start, bands=current.bands
    )
    return draft.id


@pytest.fixture
async def topic(kafka_settings):
    await ensure_topics(kafka_settings, [TOPIC_CATALOGUE])
    return TOPIC_CATALOGUE


async def test_a_publication_is_relayed_once(catalogue, kafka_settings, kafka_bootstrap, topic):
    await seed(catalogue.uow)
    band_set_id = await _draft(catalogue, datetime(2026, 1, 1, tzinfo=UTC))
    async with Producer(kafka_settings) as producer:
        relay = catalogue.relay(producer)
        await relay.run_once()
        published = await pay.publish(catalogue.uow(), band_set_id=band_set_id)
        assert await relay.run_once() == 1
        assert await relay.run_once() == 0
    [event] = await _events_for(kafka_bootstrap, band_set_id)
    assert event.type == BANDSET_PUBLISHED
    assert event.data.band_set_id == band_set_id
    assert event.data.supersedes == "seed-2025-illustrative"
    assert event.data.effective_from == published.effective_from
    assert await relay.pending() == 0


async def test_a_crash_between_commit_and_relay_still_emits_exactly_one_event(
    migrated_url, make_catalogue, kafka_settings, kafka_bootstrap, topic
):
    first = make_catalogue(migrated_url)
    await seed(first.uow)
    band_set_id = await _draft(first, datetime(2026, 1, 1, tzinfo=UTC))
    await pay.publish(first.uow(), band_set_id=band_set_id)
    await first.close()  # the process dies: committed, never relayed
    restarted = make_catalogue(migrated_url)
    async with Producer(kafka_settings) as producer:
        relay = restarted.relay(producer)
        while await relay.run_once():
            pass
        assert await relay.pending() == 0
    events = await _events_for(kafka_bootstrap, band_set_id)
    assert [e.data.band_set_id for e in events] == [band_set_id]


async def test_a_failed_publication_leaves_nothing_to_relay(catalogue, kafka_settings, topic):
    await seed(catalogue.uow)
    band_set_id = await _draft(catalogue, datetime(2024, 1, 1, tzinfo=UTC))  # before the seed set
    async with Producer(kafka_settings) as producer:
        relay = catalogue.relay(producer)
        while await relay.run_once():
            pass
        with pytest.raises(Exception, match="cannot be rewritten"):
            await pay.publish(catalogue.uow(), band_set_id=band_set_id)
        assert await relay.pending() == 0
