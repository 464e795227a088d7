"""Deliveries and their state machine.

    pending ──send ok──▶ sent
       │ ▲
       │ └──────── next_attempt_at reached (the dispatcher picks it up again)
       ├──transient failure, attempts left──▶ failed (next_attempt_at = backoff)
       ├──throttled (429)──▶ failed (next_attempt_at = Retry-After; no attempt used)
       ├──permanent failure, or the last attempt failed──▶ dead
       └──a newer decision version on the same channel──▶ superseded

`failed` behaves like `pending` once due. `failed` and `dead` go back to `pending` when an
operator asks for a retry. `sent`, `superseded` and `dead` are final for the dispatcher, so
a delivery marked sent is never sent again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from notifier.domain.exceptions import NotRetryable

__all__ = [
    "DISPATCHABLE",
    "RETRYABLE_BY_HAND",
    "SUPERSEDABLE",
    "Channel",
    "Delivery",
    "Failure",
    "FailureKind",
    "Recipient",
    "RetryPolicy",
    "Status",
    "classify_http_status",
    "classify_smtp_code",
]

# Retry-After is honoured, but a misbehaving server must not park a delivery for months.
_MAX_RETRY_AFTER = timedelta(days=1)


class Channel(StrEnum):
    # One write-back channel per ATS, named after its `source_system`.
    GREENHOUSE = "greenhouse"
    ASHBY = "ashby"
    LEVER = "lever"
    EMAIL = "email"
    WEBHOOK = "webhook"
    # One email per recipient and band-set publication, listing every job of theirs it moved.
    DIGEST = "digest"


# When more is due than can be sent at once, the ATS write-back goes first: it is the record
# recruiters work from and what a pay-transparency rule copies to the job post. Emails only
# announce what the ATS already shows, so under load they are the ones that wait.
SEND_ORDER: tuple[Channel, ...] = (
    Channel.GREENHOUSE,
    Channel.ASHBY,
    Channel.LEVER,
    Channel.WEBHOOK,
    Channel.EMAIL,
    Channel.DIGEST,
)


class Status(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"
    SUPERSEDED = "superseded"


DISPATCHABLE = frozenset({Status.PENDING, Status.FAILED})
SUPERSEDABLE = frozenset({Status.PENDING, Status.FAILED})
RETRYABLE_BY_HAND = frozenset({Status.FAILED, Status.DEAD})


class FailureKind(StrEnum):
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    # The receiver asked us to come back later (HTTP 429): no attempt is used up.
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    reason: str
    retry_after: timedelta | None = None

    @classmethod
    def transient(cls, reason: str, *, retry_after: timedelta | None = None) -> Failure:
        return cls(FailureKind.TRANSIENT, reason, retry_after)

    @classmethod
    def permanent(cls, reason: str) -> Failure:
        return cls(FailureKind.PERMANENT, reason)

    @classmethod
    def throttled(cls, reason: str, *, retry_after: timedelta) -> Failure:
        return cls(FailureKind.THROTTLED, reason, retry_after)


def classify_http_status(status: int) -> FailureKind:
    """4xx means the request itself is wrong, except a timeout (408) and a rate limit (429)."""
    if status == 429:
        return FailureKind.THROTTLED
    if 400 <= status < 500 and status != 408:
        return FailureKind.PERMANENT
    return FailureKind.TRANSIENT


def classify_smtp_code(code: int) -> FailureKind:
    """RFC 5321: 4yz replies are transient, 5yz are permanent."""
    return FailureKind.PERMANENT if 500 <= code < 600 else FailureKind.TRANSIENT


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with equal jitter; dead after `max_attempts`."""

    max_attempts: int = 8
    base: timedelta = timedelta(seconds=2)
    cap: timedelta = timedelta(minutes=10)

    def delay(self, attempt: int, jitter: float) -> timedelta:
        """Wait before attempt `attempt + 1`; `jitter` in [0, 1) spreads retries apart."""
        doublings = min(max(0, attempt - 1), 40)  # beyond 2**40 the cap applies anyway
        ceiling = min(self.cap, self.base * (1 << doublings))
        return ceiling / 2 + ceiling / 2 * min(max(jitter, 0.0), 1.0)


@dataclass(frozen=True)
class Recipient:
    """Who or what a delivery goes to; `key` is stable across decision versions."""

    key: str
    role: str
    name: str | None = None
    email: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class Delivery:
    id: str
    decision_id: str
    requisition_key: str
    decision_version: int
    channel: Channel
    recipient: Recipient
    decided_at: datetime
    next_attempt_at: datetime
    status: Status = Status.PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def dispatchable(self) -> bool:
        return self.status in DISPATCHABLE

    def succeeded(self, *, now: datetime) -> Delivery:
        return replace(
            self, status=Status.SENT, attempts=self.attempts + 1, sent_at=now, last_error=None
        )

    def failed(
        self, failure: Failure, *, now: datetime, policy: RetryPolicy, jitter: float
    ) -> Delivery:
        if failure.kind is FailureKind.THROTTLED:
            wait = min(max(failure.retry_after or policy.base, timedelta(0)), _MAX_RETRY_AFTER)
            return replace(
                self, status=Status.FAILED, last_error=failure.reason, next_attempt_at=now + wait
            )
        attempts = self.attempts + 1
        if failure.kind is FailureKind.PERMANENT or attempts >= policy.max_attempts:
            return replace(self, status=Status.DEAD, attempts=attempts, last_error=failure.reason)
        wait = policy.delay(attempts, jitter)
        if failure.retry_after is not None:
            wait = min(max(failure.retry_after, timedelta(0)), _MAX_RETRY_AFTER)
        return replace(
            self,
            status=Status.FAILED,
            attempts=attempts,
            last_error=failure.reason,
            next_attempt_at=now + wait,
        )

    def superseded(self) -> Delivery:
        return replace(self, status=Status.SUPERSEDED) if self.status in SUPERSEDABLE else self

    def retried_by_hand(self, *, now: datetime) -> Delivery:
        """Back to pending, due now, with a fresh attempt budget."""
        if self.status not in RETRYABLE_BY_HAND:
            raise NotRetryable(self.id, self.status)
        return replace(self, status=Status.PENDING, attempts=0, next_attempt_at=now)
