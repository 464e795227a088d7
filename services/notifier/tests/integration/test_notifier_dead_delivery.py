"""A delivery that cannot succeed ends dead, shows in the API and metrics, and an operator
can send it again once the cause is fixed."""

import asyncio
import re

import httpx
import pytest

from notifier.entrypoints.api import app_for
from notifier.metrics import DEAD

pytestmark = pytest.mark.integration

ADMIN = {"Authorization": "Bearer integration-admin-token-0123456789"}


def gauge(text, status, channel):
    pattern = rf'leveling_notifier_deliveries{{channel="{channel}",status="{status}"}} (\S+)'
    found = re.search(pattern, text)
    return float(found.group(1)) if found else None


async def test_a_permanently_failing_delivery_ends_dead_and_a_retry_sends_it_once(
    sqlite_ledger_url,
    make_settings,
    notifier_running,
    decisions_topic,
    decision_data,
    ats,
    add_sandbox_job,
    eventually,
):
    dead_before = DEAD.labels("greenhouse")._value.get()
    missing_job = decision_data(external_id="4019999", hiring_team=None)
    async with notifier_running(make_settings(sqlite_ledger_url)) as service:
        transport = httpx.ASGITransport(app=app_for(service))
        async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as api:

            async def dead_items():
                answer = await api.get("/v1/deliveries?status=dead", headers=ADMIN)
                return answer.json()["items"]

            await decisions_topic.publish([missing_job])
            await eventually(dead_items, within=30)
            (dead,) = await dead_items()
            assert dead["channel"] == "greenhouse"
            assert dead["attempts"] == 1
            assert "HTTP 404" in dead["last_error"]
            metrics = (await api.get("/metrics")).text
            assert gauge(metrics, "dead", "greenhouse") == 1.0
            assert DEAD.labels("greenhouse")._value.get() == dead_before + 1

            # The job now exists in the ATS: an operator retries the delivery.
            add_sandbox_job(4019999)
            retried = await api.post(f"/v1/deliveries/{dead['id']}/retry", headers=ADMIN)
            assert retried.status_code == 200
            assert retried.json()["status"] == "pending"

            async def sent():
                answer = await api.get(f"/v1/deliveries/{dead['id']}", headers=ADMIN)
                return answer.json()["status"] == "sent"

            await eventually(sent, within=30)
            await asyncio.sleep(0.5)
            again = await api.post(f"/v1/deliveries/{dead['id']}/retry", headers=ADMIN)
            assert again.status_code == 409
            metrics = (await api.get("/metrics")).text
            assert gauge(metrics, "dead", "greenhouse") == 0.0
            assert gauge(metrics, "sent", "greenhouse") == 1.0

    writebacks = ats.state.writebacks(4019999)
    assert len(writebacks) == 1
    assert writebacks[0].idempotency_key == dead["id"]
