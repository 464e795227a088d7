"""Which deliveries a decision creates, and which older ones it supersedes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from notifier.domain.decision import Decision, Person
from notifier.domain.delivery import Channel, Delivery, Recipient, Status

__all__ = [
    "Routing",
    "delivery_id",
    "email_recipients",
    "plan_deliveries",
    "settle_against_newer",
]

# A fixed namespace makes delivery ids a pure function of (decision, channel, recipient):
# the same decision planned twice yields the same ids, so nothing is ever created twice.
_NAMESPACE = uuid.UUID("5b0e3c0a-8f7e-4a61-9d4c-3f1f6c2a7e10")


@dataclass(frozen=True)
class Routing:
    """The channels this notifier has connections for.

    `ats_sources` are the source systems written back to; each names its channel.
    """

    ats_sources: frozenset[str] = frozenset({"greenhouse"})
    directory_sources: frozenset[str] = frozenset({"greenhouse"})
    webhook_url: str | None = None
    email: bool = True
    # A version that changes neither level, band nor flags tells nobody anything new.
    notify_unchanged: bool = False
    # A band-set digest goes out once no job joined it for `digest_quiet`, and at the
    # latest `digest_longest_wait` after its first job.
    digest_quiet: timedelta = timedelta(seconds=30)
    digest_longest_wait: timedelta = timedelta(minutes=10)


def delivery_id(decision_id: str, channel: Channel, recipient_key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{decision_id}\n{channel.value}\n{recipient_key}"))


def _email_recipient(person: Person, role: str, source: str, routing: Routing) -> Recipient | None:
    if person.email:
        return Recipient(
            key=f"email:{person.email.strip().lower()}",
            role=role,
            name=person.name,
            email=person.email.strip(),
            user_id=person.external_user_id,
        )
    if person.external_user_id and source in routing.directory_sources:
        return Recipient(
            key=f"user:{source}:{person.external_user_id}",
            role=role,
            name=person.name,
            user_id=person.external_user_id,
        )
    return None


def email_recipients(decision: Decision, routing: Routing) -> list[Recipient]:
    """One per person: someone both recruiter and hiring manager gets one email."""
    source = decision.source_system or ""
    team = [(p, "recruiter") for p in decision.recruiters]
    team += [(p, "hiring_manager") for p in decision.hiring_managers]
    found: dict[str, Recipient] = {}
    for person, role in team:
        recipient = _email_recipient(person, role, source, routing)
        if recipient is not None and recipient.key not in found:
            found[recipient.key] = recipient
    return list(found.values())


def _targets(decision: Decision, routing: Routing) -> Iterable[tuple[Channel, Recipient]]:
    source = decision.source_system or ""
    if source in routing.ats_sources and decision.external_id:
        job = Recipient(key=f"job:{source}:{decision.external_id}", role="ats")
        yield Channel(source), job
    # A band re-level's emails go into the recipient's digest of that publication instead.
    if routing.email and not decision.is_band_relevel:
        for recipient in email_recipients(decision, routing):
            yield Channel.EMAIL, recipient
    if routing.webhook_url:
        yield Channel.WEBHOOK, Recipient(key=f"url:{routing.webhook_url}", role="webhook")


def plan_deliveries(decision: Decision, routing: Routing, *, now: datetime) -> list[Delivery]:
    """One pending delivery per channel and recipient, due at once; none for a version
    that changes nothing (unless the routing asks for those too)."""
    if decision.changes_nothing and not routing.notify_unchanged:
        return []
    return [
        Delivery(
            id=delivery_id(decision.decision_id, channel, recipient.key),
            decision_id=decision.decision_id,
            requisition_key=decision.requisition_key,
            decision_version=decision.decision_version,
            channel=channel,
            recipient=recipient,
            decided_at=decision.decided_at,
            next_attempt_at=now,
        )
        for channel, recipient in _targets(decision, routing)
    ]


def settle_against_newer(
    planned: Iterable[Delivery], latest: Mapping[tuple[str, Channel], int]
) -> list[Delivery]:
    """A decision arriving after a newer version of the same requisition is born superseded.

    `latest` maps (requisition key, channel) to the highest decision version already in
    the ledger for it.
    """
    settled = []
    for delivery in planned:
        newest = latest.get((delivery.requisition_key, delivery.channel), 0)
        if newest > delivery.decision_version:
            delivery = replace(delivery, status=Status.SUPERSEDED)
        settled.append(delivery)
    return settled
