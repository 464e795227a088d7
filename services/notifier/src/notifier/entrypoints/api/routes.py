"""Routes: parse, call one use case, serialise. Errors are mapped once, in app.py."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Query

from leveling_common.events.envelope import utc_now
from leveling_common.http import ProblemError, require_scope
from notifier.domain.delivery import Status
from notifier.entrypoints.api.deps import LedgerDep, ReplayerDep
from notifier.entrypoints.api.schemas import (
    DeliveryOut,
    DeliveryPage,
    ReplayOut,
    decode_cursor,
    encode_cursor,
)
from notifier.service_layer import operations

__all__ = ["router"]

router = APIRouter(prefix="/v1")
_TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


def _after(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        return decode_cursor(cursor)
    except ValueError:
        raise ProblemError(status=422, title="Invalid cursor", detail="Use next_cursor.") from None


@router.get(
    "/deliveries",
    tags=["deliveries"],
    summary="Deliveries, newest first",
    dependencies=[require_scope("notifier:read")],
)
async def list_deliveries(
    ledger: LedgerDep,
    status: Annotated[Status | None, Query(description="Only deliveries in this state.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> DeliveryPage:
    page = await operations.list_deliveries(
        ledger, status=status, limit=limit, after=_after(cursor)
    )
    return DeliveryPage(
        items=[DeliveryOut.of(d) for d in page.items],
        next_cursor=encode_cursor(page.next_after) if page.next_after is not None else None,
    )


@router.get(
    "/deliveries/{delivery_id}",
    tags=["deliveries"],
    summary="One delivery",
    dependencies=[require_scope("notifier:read")],
)
async def get_delivery(delivery_id: str, ledger: LedgerDep) -> DeliveryOut:
    return DeliveryOut.of(await operations.get_delivery(ledger, delivery_id=delivery_id))


@router.post(
    "/deliveries/{delivery_id}/retry",
    tags=["deliveries"],
    summary="Send a failed or dead delivery again, now",
    dependencies=[require_scope("notifier:write")],
)
async def retry_delivery(delivery_id: str, ledger: LedgerDep) -> DeliveryOut:
    delivery = await operations.retry_delivery(ledger, delivery_id=delivery_id, now=utc_now())
    return DeliveryOut.of(delivery)


@router.post(
    "/dlq/{topic}/replay",
    tags=["dead letters"],
    summary="Re-publish the dead letters of a topic to it",
    dependencies=[require_scope("notifier:write")],
)
async def replay_dead_letters(
    topic: Annotated[str, Path(description="The original topic, e.g. leveling.decisions.v1")],
    replayer: ReplayerDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> ReplayOut:
    if not _TOPIC.match(topic) or topic.endswith(".dlq"):
        raise ProblemError(status=422, title="Invalid topic", detail="Name the original topic.")
    replayed = await operations.replay_dead_letters(replayer, topic=topic, limit=limit)
    return ReplayOut(topic=topic, replayed=replayed)
