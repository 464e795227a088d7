"""Dead letters of the decisions topic: poison is set aside, and replay brings records back."""

import asyncio

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from leveling_common.events import DECISION_MADE, REQUISITION_OPENED, CloudEvent, RawCloudEvent
from leveling_common.kafka import OutgoingRecord, Producer, dlq_topic
from notifier.domain.delivery import Status
from notifier.entrypoints.api import app_for

pytestmark = pytest.mark.integration

ADMIN = {"Authorization": "Bearer integration-admin-token-0123456789"}


async def read_all(kafka_settings, topic, expected):
    """The records of a topic from the beginning: `expected` of them, then nothing more."""
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka_settings.bootstrap_servers)
    await consumer.start()
    try:
        await consumer.topics()
        numbers = sorted(consumer.partitions_for_topic(topic) or ())
        partitions = [TopicPartition(topic, n) for n in numbers]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records = []
        async with asyncio.timeout(20):
            while len(records) < expected:
                batches = await consumer.getmany(timeout_ms=500)
                records.extend(r for batch in batches.values() for r in batch)
        extra = await consumer.getmany(timeout_ms=500)
        records.extend(r for batch in extra.values() for r in batch)
        return records
    finally:
        await consumer.stop()


def encoded(data):
    event = CloudEvent(source="/leveler", type=DECISION_MADE, data=data)
    return event.model_dump_json().encode()


def sent_count(service, count):
    async def check():
        page = await service.ledger.page(status=Status.SENT, limit=50, after=None)
        return len(page.items) == count

    return check


async def test_records_that_are_not_decisions_are_dead_lettered_and_the_rest_delivered(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    kafka_settings,
    eventually,
    ats,
):
    stray = RawCloudEvent(source="/intake", type=REQUISITION_OPENED, data={"title": "x"})
    await decisions_topic.publish([])
    async with notifier_running(make_settings(sqlite_ledger_url)) as service:
        async with Producer(kafka_settings) as producer:
            await producer.send_batch(
                [
                    OutgoingRecord(decisions_topic.name, "greenhouse:1", b"{not json"),
                    OutgoingRecord(
                        decisions_topic.name, "greenhouse:2", stray.model_dump_json().encode()
                    ),
                ]
            )
        await decisions_topic.publish([decision_data(external_id="4012005", hiring_team=None)])
        await eventually(sent_count(service, 1), within=30)
        dead = await read_all(kafka_settings, dlq_topic(decisions_topic.name), 2)
    assert sorted(r.key for r in dead) == [b"greenhouse:1", b"greenhouse:2"]
    reasons = {dict(r.headers)["dlq.exception.message"].decode() for r in dead}
    assert any("unknown event type" in reason for reason in reasons)
    assert all(dict(r.headers)["dlq.service"] == b"notifier" for r in dead)
    assert len(ats.state.writebacks(4012005)) == 1


async def test_replay_republishes_dead_letters_once_with_their_key_and_no_dlq_headers(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    kafka_settings,
    eventually,
    ats,
):
    jobs = ["4012006", "4012001", "4012002"]
    await decisions_topic.publish([])
    dead_letters = []
    for job in jobs:
        event = encoded(decision_data(external_id=job, hiring_team=None))
        dead_letters.append(
            OutgoingRecord(
                topic=dlq_topic(decisions_topic.name),
                key=f"greenhouse:{job}",
                value=event,
                headers={
                    "content-type": b"application/cloudevents+json",
                    "dlq.original.topic": decisions_topic.name.encode(),
                    "dlq.exception.class": b"TransientError",
                    "dlq.service": b"notifier",
                },
            )
        )
    async with Producer(kafka_settings) as producer:
        await producer.send_batch(dead_letters)

    async with notifier_running(make_settings(sqlite_ledger_url)) as service:
        transport = httpx.ASGITransport(app=app_for(service))
        async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as api:
            path = f"/v1/dlq/{decisions_topic.name}/replay"
            first = await api.post(f"{path}?limit=2", headers=ADMIN)
            rest = await api.post(path, headers=ADMIN)
            nothing = await api.post(path, headers=ADMIN)
            unknown = await api.post("/v1/dlq/no.such.topic/replay", headers=ADMIN)
        await eventually(sent_count(service, 3), within=30)
        replayed = await read_all(kafka_settings, decisions_topic.name, 3)

    assert [first.json()["replayed"], rest.json()["replayed"], nothing.json()["replayed"]] == [
        2,
        1,
        0,
    ]
    assert unknown.status_code == 404
    assert sorted(r.key.decode() for r in replayed) == sorted(f"greenhouse:{j}" for j in jobs)
    for record in replayed:
        names = [name for name, _ in record.headers]
        assert names == ["content-type"]
    assert sorted(w.job_id for w in ats.state.writebacks()) == sorted(int(j) for j in jobs)
