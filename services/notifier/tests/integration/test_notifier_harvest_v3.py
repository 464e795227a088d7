"""The default Greenhouse connection against the real ATS sandbox over HTTP: Harvest v3 with
an OAuth 2.0 client-credentials token, fetched once, fetched again when it expires, and
fetched once more (never in a loop) when the API refuses it."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from notifier.adapters.greenhouse import GreenhouseClient, GreenhouseWriteBack
from notifier.bootstrap import greenhouse_connection
from notifier.config import Settings
from notifier.domain.delivery import Channel, Delivery, FailureKind, Recipient
from notifier.domain.exceptions import DeliveryFailed
from notifier.service_layer.ports import Dispatch

pytestmark = pytest.mark.integration
JOB = 4012001


def _dispatch(decision, delivery_id: str) -> Dispatch:
    delivery = Delivery(
        id=delivery_id,
        decision_id=decision.decision_id,
        requisition_key=decision.requisition_key,
        decision_version=decision.decision_version,
        channel=Channel.GREENHOUSE,
        recipient=Recipient(key=f"job:greenhouse:{JOB}", role="ats"),
        decided_at=decision.decided_at,
        next_attempt_at=decision.decided_at,
    )
    return Dispatch(delivery, decision, "{}", "lease")


@pytest.fixture
async def write_back(ats):
    """The write-back exactly as the default settings build it, pointed at the sandbox."""
    settings = Settings(
        LEVELING_ADMIN_TOKEN="integration-admin-token-0123456789",
        greenhouse_url=ats.url,
        greenhouse_on_behalf_of=str(ats.on_behalf_of),
    )
    async with httpx.AsyncClient() as http:
        yield GreenhouseWriteBack(GreenhouseClient(greenhouse_connection(settings), http))


def _patches(ats) -> list[int]:
    return [c.status for c in ats.state.calls() if c.method == "PATCH" and "/v3/jobs/" in c.path]


async def test_the_default_writes_back_over_v3_with_one_token_for_many_calls(
    ats, write_back, decision
):
    await write_back.send(_dispatch(decision(external_id=str(JOB)), "d-1"))
    await write_back.send(_dispatch(decision(external_id=str(JOB), level="M4"), "d-2"))

    assert _patches(ats) == [200, 200]
    assert ats.state.tokens.issued == 1
    last = ats.state.writebacks()[-1]
    assert last.headers["authorization"].startswith("Bearer ")
    assert last.on_behalf_of == ats.on_behalf_of
    assert ats.state.job(JOB)["custom_fields"]["level"]["value"] == "M4"


async def test_an_expired_token_is_replaced_before_the_call(ats, write_back, decision):
    ats.state.tokens.lifetime_s = 61  # the client renews a minute before expiry: 1 s here
    await write_back.send(_dispatch(decision(external_id=str(JOB)), "d-1"))
    await asyncio.sleep(1.2)
    await write_back.send(_dispatch(decision(external_id=str(JOB), level="M4"), "d-2"))

    assert ats.state.tokens.issued == 2
    assert _patches(ats) == [200, 200]


async def test_a_refused_token_is_refreshed_once_and_never_in_a_loop(ats, write_back, decision):
    await write_back.send(_dispatch(decision(external_id=str(JOB)), "d-1"))
    ats.state.tokens.revoke_all()
    await write_back.send(_dispatch(decision(external_id=str(JOB), level="M4"), "d-2"))
    assert ats.state.tokens.issued == 2
    assert _patches(ats) == [200, 401, 200]

    ats.state.tokens.lifetime_s = 0  # every token is dead on arrival
    ats.state.tokens.revoke_all()
    with pytest.raises(DeliveryFailed) as caught:
        await write_back.send(_dispatch(decision(external_id=str(JOB), level="M5"), "d-3"))
    assert ats.state.tokens.issued == 3
    assert _patches(ats) == [200, 401, 200, 401, 401]
    assert caught.value.failure.kind is FailureKind.PERMANENT
