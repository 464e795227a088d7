"""Band-set digests in the ledger: parts that collect jobs, and the jobs of a part.

A part is open while no sender has ever held it (pending, no attempt, no lease). A job
joins the newest part of its (recipient, band set) only through an UPDATE that checks
exactly that, so the row lock orders it against a concurrent claim: either the job gets
in before the part is leased, or it opens the next part. A lease, once taken, freezes
what the part lists, so a repeat after a crash carries the same jobs under the same
Message-ID.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifier.adapters.decision_mapping import decision_from_document
from notifier.adapters.ledger_rows import delivery_row
from notifier.adapters.tables import decisions, deliveries, digest_items
from notifier.domain.decision import Decision
from notifier.domain.delivery import Channel, Delivery, Status
from notifier.domain.digest import DigestEntry, digest_id, digest_key

__all__ = ["add_digest_entries", "digest_items_of"]

_d = deliveries.c


async def add_digest_entries(
    session: AsyncSession, entries: Sequence[tuple[DigestEntry, str]], *, now: datetime
) -> int:
    """Each (entry, requisition key) joins its open part or opens one; returns parts opened."""
    opened = 0
    for entry, requisition_key in entries:
        newest = await _newest_part(session, entry)
        if newest is None or not await _join(session, newest, entry, now):
            part = 1 if newest is None else int(newest["decision_version"]) + 1
            await session.execute(insert(deliveries), [delivery_row(_part(entry, part), now)])
            target = digest_id(entry.band_set_id, entry.recipient.key, part)
            opened += 1
        else:
            target = str(newest["id"])
        await session.execute(
            insert(digest_items),
            [
                {
                    "delivery_id": target,
                    "decision_id": entry.decision_id,
                    "requisition_key": requisition_key,
                }
            ],
        )
    return opened


async def _newest_part(session: AsyncSession, entry: DigestEntry) -> Any:
    query = (
        select(_d.id, _d.created_at, _d.decision_version)
        .where(
            _d.channel == Channel.DIGEST.value,
            _d.requisition_key == digest_key(entry.band_set_id),
            _d.recipient_key == entry.recipient.key,
        )
        .order_by(_d.decision_version.desc())
        .limit(1)
    )
    return (await session.execute(query)).mappings().first()


async def _join(session: AsyncSession, part: Any, entry: DigestEntry, now: datetime) -> bool:
    """Push the open part's send time back by the quiet period, never past its longest wait."""
    due = min(entry.due_at, part["created_at"] + entry.longest_wait)
    result = await session.execute(
        update(deliveries)
        .where(
            _d.id == part["id"],
            _d.status == Status.PENDING.value,
            _d.attempts == 0,
            _d.lease_token.is_(None),
        )
        .values(next_attempt_at=due, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0) > 0


def _part(entry: DigestEntry, part: int) -> Delivery:
    return Delivery(
        id=digest_id(entry.band_set_id, entry.recipient.key, part),
        decision_id=entry.decision_id,
        requisition_key=digest_key(entry.band_set_id),
        decision_version=part,
        channel=Channel.DIGEST,
        recipient=entry.recipient,
        decided_at=entry.due_at,
        next_attempt_at=entry.due_at,
    )


async def digest_items_of(
    session: AsyncSession, delivery_ids: Sequence[str]
) -> dict[str, tuple[Decision, ...]]:
    """The decisions each digest lists, in requisition-key order."""
    if not delivery_ids:
        return {}
    rows = await session.execute(
        select(digest_items.c.delivery_id, decisions.c.document)
        .join(decisions, decisions.c.decision_id == digest_items.c.decision_id)
        .where(digest_items.c.delivery_id.in_(list(delivery_ids)))
        .order_by(digest_items.c.requisition_key)
    )
    items: dict[str, list[Decision]] = defaultdict(list)
    for delivery_id, document in rows.all():
        items[delivery_id].append(decision_from_document(str(document)))
    return {key: tuple(value) for key, value in items.items()}
