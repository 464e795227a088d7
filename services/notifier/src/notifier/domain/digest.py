"""Band-set digests: one email per recipient and publication, not one per job.

A band-set publication re-levels many requisitions at once; each re-levelled decision has
reason `band_changed` and carries the new band set's id. The email recipients of those
decisions are collected per (recipient, band set) into a digest *part*, which is sent once
no new job has joined it for a quiet period, and at the latest a while after it opened.
A part that has been handed to a sender is closed: a job arriving later opens the next
part, so what one Message-ID carried never changes. The ATS write-back stays per job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from notifier.domain.decision import Decision
from notifier.domain.delivery import Channel, Recipient
from notifier.domain.links import Links
from notifier.domain.planning import Routing, delivery_id, email_recipients
from notifier.domain.summary import format_band

__all__ = [
    "DigestEntry",
    "DigestLine",
    "DigestSummary",
    "digest_id",
    "digest_key",
    "plan_digest_entries",
    "summarise_digest",
]


@dataclass(frozen=True)
class DigestEntry:
    """One job of a decision joining a recipient's digest of a publication."""

    decision_id: str
    band_set_id: str
    recipient: Recipient
    # Sent after `due_at`, pushed back by later jobs, but never past `opened_at + longest`.
    due_at: datetime
    longest_wait: timedelta


def digest_key(band_set_id: str) -> str:
    """The requisition-key column of a digest row: the publication it reports on."""
    return f"bandset:{band_set_id}"


def digest_id(band_set_id: str, recipient_key: str, part: int) -> str:
    return delivery_id(f"{digest_key(band_set_id)}#{part}", Channel.DIGEST, recipient_key)


def plan_digest_entries(
    decision: Decision, routing: Routing, *, now: datetime
) -> list[DigestEntry]:
    """Digest entries for a band re-level's email recipients (none for other decisions)."""
    if not routing.email or decision.band is None or not decision.is_band_relevel:
        return []
    if decision.changes_nothing and not routing.notify_unchanged:
        return []
    return [
        DigestEntry(
            decision_id=decision.decision_id,
            band_set_id=decision.band.band_set_id,
            recipient=recipient,
            due_at=now + routing.digest_quiet,
            longest_wait=routing.digest_longest_wait,
        )
        for recipient in email_recipients(decision, routing)
    ]


@dataclass(frozen=True)
class DigestLine:
    """One job of a digest: what it is, and its level and band before and after."""

    title: str
    requisition_key: str
    location: str | None
    level: str
    band: str
    decision_url: str | None
    job_url: str | None


@dataclass(frozen=True)
class DigestSummary:
    band_set_id: str
    lines: tuple[DigestLine, ...]

    @property
    def headline(self) -> str:
        return f"New pay bands ({self.band_set_id}): {len(self.lines)} of your jobs moved"


def _before_after(before: str, after: str) -> str:
    return after if before == after else f"{before} → {after}"


def _line(decision: Decision, links: Links) -> DigestLine:
    previous = decision.previous
    old_level = (previous.level if previous else decision.level) or "none"
    old_band = format_band(previous.band) if previous and previous.band else "none"
    new_band = format_band(decision.band) if decision.band else "none"
    return DigestLine(
        title=" ".join((decision.requisition_title or decision.requisition_key).split()),
        requisition_key=decision.requisition_key,
        location=decision.location_name,
        level=_before_after(old_level, decision.level or "none"),
        band=_before_after(old_band, new_band),
        decision_url=links.decision(decision.requisition_key),
        job_url=links.job(decision.source_system, decision.external_id),
    )


def summarise_digest(items: tuple[Decision, ...], links: Links | None = None) -> DigestSummary:
    """Every job of the digest, old → new; the band set is the one they moved to."""
    links = links or Links()
    band_set_id = next((d.band.band_set_id for d in items if d.band is not None), "")
    return DigestSummary(band_set_id, tuple(_line(d, links) for d in items))
