from datetime import UTC, datetime, timedelta

import pytest

from notifier.domain.delivery import (
    Channel,
    Delivery,
    Failure,
    FailureKind,
    Recipient,
    RetryPolicy,
    Status,
    classify_http_status,
    classify_smtp_code,
)
from notifier.domain.exceptions import NotRetryable

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, base=timedelta(seconds=2), cap=timedelta(seconds=30))


def pending(**changes) -> Delivery:
    fields = {
        "id": "d-1",
        "decision_id": "dec-1",
        "requisition_key": "greenhouse:1",
        "decision_version": 1,
        "channel": Channel.EMAIL,
        "recipient": Recipient(key="email:a@example.com", role="recruiter"),
        "decided_at": NOW,
        "next_attempt_at": NOW,
    }
    fields.update(changes)
    return Delivery(**fields)


def test_a_successful_send_marks_the_delivery_sent_with_its_time():
    sent = pending().succeeded(now=NOW)
    assert (sent.status, sent.attempts, sent.sent_at) == (Status.SENT, 1, NOW)
    assert not sent.dispatchable


def test_a_transient_failure_schedules_a_retry_within_the_backoff_window():
    failed = pending().failed(Failure.transient("503"), now=NOW, policy=POLICY, jitter=0.0)
    assert failed.status is Status.FAILED
    assert failed.attempts == 1
    assert failed.next_attempt_at == NOW + timedelta(seconds=1)
    assert failed.last_error == "503"
    assert failed.dispatchable


def test_backoff_doubles_per_attempt_and_never_exceeds_the_cap():
    delays = [POLICY.delay(attempt, 1.0) for attempt in range(1, 10)]
    assert delays[:4] == [timedelta(seconds=s) for s in (2, 4, 8, 16)]
    assert max(delays) == timedelta(seconds=30)
    assert POLICY.delay(10_000, 1.0) == timedelta(seconds=30)


def test_jitter_spreads_retries_between_half_and_all_of_the_backoff():
    low, high = POLICY.delay(3, 0.0), POLICY.delay(3, 0.999)
    assert low == timedelta(seconds=4)
    assert timedelta(seconds=7.9) < high < timedelta(seconds=8)


def test_retry_after_from_the_receiver_replaces_the_backoff():
    failure = Failure.transient("503", retry_after=timedelta(seconds=42))
    failed = pending().failed(failure, now=NOW, policy=POLICY, jitter=0.5)
    assert failed.next_attempt_at == NOW + timedelta(seconds=42)


def test_a_permanent_failure_makes_the_delivery_dead_at_once():
    dead = pending().failed(Failure.permanent("404 job"), now=NOW, policy=POLICY, jitter=0.5)
    assert (dead.status, dead.attempts, dead.last_error) == (Status.DEAD, 1, "404 job")
    assert not dead.dispatchable


def test_the_last_allowed_attempt_failing_makes_the_delivery_dead():
    delivery = pending()
    for _ in range(POLICY.max_attempts):
        delivery = delivery.failed(Failure.transient("451"), now=NOW, policy=POLICY, jitter=0.5)
    assert delivery.status is Status.DEAD
    assert delivery.attempts == POLICY.max_attempts


def test_being_throttled_waits_for_retry_after_without_using_an_attempt():
    throttled = Failure.throttled("429", retry_after=timedelta(seconds=7))
    delivery = pending()
    for _ in range(POLICY.max_attempts + 2):
        delivery = delivery.failed(throttled, now=NOW, policy=POLICY, jitter=0.5)
    assert delivery.status is Status.FAILED
    assert delivery.attempts == 0
    assert delivery.next_attempt_at == NOW + timedelta(seconds=7)


def test_only_pending_and_failed_deliveries_can_be_superseded():
    assert pending().superseded().status is Status.SUPERSEDED
    failed = pending(status=Status.FAILED)
    assert failed.superseded().status is Status.SUPERSEDED
    for final in (Status.SENT, Status.DEAD, Status.SUPERSEDED):
        assert pending(status=final).superseded().status is final


@pytest.mark.parametrize("status", [Status.FAILED, Status.DEAD])
def test_a_hand_retry_makes_a_failed_or_dead_delivery_due_now_with_a_fresh_budget(status):
    later = NOW + timedelta(hours=1)
    retried = pending(status=status, attempts=3).retried_by_hand(now=later)
    assert (retried.status, retried.attempts, retried.next_attempt_at) == (
        Status.PENDING,
        0,
        later,
    )


@pytest.mark.parametrize("status", [Status.PENDING, Status.SENT, Status.SUPERSEDED])
def test_a_hand_retry_of_a_delivery_that_is_not_failed_or_dead_is_refused(status):
    with pytest.raises(NotRetryable):
        pending(status=status).retried_by_hand(now=NOW)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, FailureKind.PERMANENT),
        (401, FailureKind.PERMANENT),
        (404, FailureKind.PERMANENT),
        (422, FailureKind.PERMANENT),
        (408, FailureKind.TRANSIENT),
        (429, FailureKind.THROTTLED),
        (500, FailureKind.TRANSIENT),
        (503, FailureKind.TRANSIENT),
    ],
)
def test_http_errors_are_permanent_for_4xx_except_timeout_and_rate_limit(status, kind):
    assert classify_http_status(status) is kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [(421, FailureKind.TRANSIENT), (451, FailureKind.TRANSIENT), (550, FailureKind.PERMANENT)],
)
def test_smtp_4xx_replies_are_transient_and_5xx_permanent(code, kind):
    assert classify_smtp_code(code) is kind
