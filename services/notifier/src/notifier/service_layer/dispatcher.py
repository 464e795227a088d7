"""Use case: send due deliveries, record every outcome, survive restarts.

The ledger is the only memory: a delivery is leased before it is sent and its outcome is
stored as soon as it is known (outcomes finishing together share one transaction), so a
crash loses at most the outcomes of the sends in flight. Their leases expire and they are
sent again; the ATS recognises the repeat by its Idempotency-Key and a mail reader by the
Message-ID, both derived from the delivery id.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from opentelemetry.trace import SpanKind

from leveling_common.events.envelope import utc_now
from leveling_common.logging import get_logger
from leveling_common.tracing import span_from_traceparent
from notifier.domain.delivery import Channel, Delivery, Failure, RetryPolicy
from notifier.domain.exceptions import DeliveryFailed
from notifier.service_layer.ports import ChannelSender, DeliveryLedger, DeliveryObserver, Dispatch

__all__ = ["DispatchSettings", "Dispatcher"]

_log = get_logger(__name__)


@dataclass(frozen=True)
class DispatchSettings:
    concurrency: int = 16
    # Longer than any send can take (client timeouts are shorter), so a live sender
    # never loses its lease to another process.
    lease: timedelta = timedelta(minutes=2)
    idle_interval: float = 0.5
    save_attempts: int = 5


_Unsaved = tuple[Dispatch, Delivery, "asyncio.Future[None]"]


class _NoObserver:
    def on_outcome(self, delivery: Delivery, *, now: datetime) -> None:
        return None


class Dispatcher:
    """Leases due deliveries, sends them through their channel, stores the outcome."""

    def __init__(
        self,
        *,
        ledger: DeliveryLedger,
        senders: Mapping[Channel, ChannelSender],
        policy: RetryPolicy,
        settings: DispatchSettings | None = None,
        observer: DeliveryObserver | None = None,
        clock: Callable[[], datetime] = utc_now,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._ledger = ledger
        self._senders = dict(senders)
        self._policy = policy
        self._settings = settings or DispatchSettings()
        self._observer = observer or _NoObserver()
        self._clock = clock
        self._jitter = jitter
        self._wake = asyncio.Event()
        self._unsaved: list[_Unsaved] = []
        self._saving = False

    def wake(self) -> None:
        """New deliveries were committed: look for due ones now instead of at the next tick."""
        self._wake.set()

    async def run_once(self, *, limit: int | None = None) -> int:
        """Claim one batch of due deliveries and deliver all of it; returns how many."""
        claimed = await self._ledger.claim_due(
            now=self._clock(),
            limit=limit or self._settings.concurrency,
            lease=self._settings.lease,
        )
        await asyncio.gather(*(self.deliver(dispatch) for dispatch in claimed))
        return len(claimed)

    async def run(self, stop: asyncio.Event) -> None:
        """Keep up to `concurrency` sends in flight until `stop`; then finish those in flight."""
        in_flight: set[asyncio.Task[Delivery]] = set()
        refill_at = max(1, self._settings.concurrency // 4)
        try:
            while not stop.is_set():
                free = self._settings.concurrency - len(in_flight)
                claimed = await self._claim(free) if free >= refill_at or not in_flight else []
                for dispatch in claimed:
                    task = asyncio.create_task(self.deliver(dispatch))
                    in_flight.add(task)
                    task.add_done_callback(in_flight.discard)
                full = len(claimed) == free and free > 0
                await self._pause(stop, in_flight, idle=not full)
        finally:
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)

    async def deliver(self, dispatch: Dispatch) -> Delivery:
        """One attempt: send, then store what happened."""
        delivery = dispatch.delivery
        # The send is a span of the decision's trace: webhook, decision and delivery line up.
        with span_from_traceparent(
            f"deliver {delivery.channel.value}",
            dispatch.traceparent,
            kind=SpanKind.CLIENT,
            attributes={
                "requisition.key": delivery.requisition_key,
                "delivery.id": delivery.id,
                "delivery.attempt": delivery.attempts + 1,
            },
        ) as span:
            outcome = await self._attempt(dispatch)
            span.set_attribute("delivery.status", outcome.status.value)
        await self._save(dispatch, outcome)
        return outcome

    async def _attempt(self, dispatch: Dispatch) -> Delivery:
        delivery = dispatch.delivery
        sender = self._senders.get(delivery.channel)
        try:
            if sender is None:
                raise DeliveryFailed(Failure.permanent(f"no {delivery.channel} connection"))
            await sender.send(dispatch)
        except DeliveryFailed as error:
            return self._failed(delivery, error.failure)
        except Exception as error:  # a sender bug must cost one attempt, not the process
            _log.exception("delivery_sender_error", delivery_id=delivery.id)
            return self._failed(delivery, Failure.transient(f"{type(error).__name__}: {error}"))
        return delivery.succeeded(now=self._clock())

    def _failed(self, delivery: Delivery, failure: Failure) -> Delivery:
        outcome = delivery.failed(
            failure, now=self._clock(), policy=self._policy, jitter=self._jitter()
        )
        _log.info(
            "delivery_attempt_failed",
            delivery_id=delivery.id,
            channel=delivery.channel.value,
            status=outcome.status.value,
            attempts=outcome.attempts,
            reason=failure.reason[:300],
        )
        return outcome

    async def _save(self, dispatch: Dispatch, outcome: Delivery) -> None:
        """Group commit: outcomes that finish while one batch is being written go into the
        next batch, so many sends cost one transaction instead of one each."""
        done = asyncio.get_running_loop().create_future()
        self._unsaved.append((dispatch, outcome, done))
        if not self._saving:
            self._saving = True
            try:
                while self._unsaved:
                    batch, self._unsaved = self._unsaved, []
                    await self._save_batch(batch)
            finally:
                self._saving = False
        await done

    async def _save_batch(self, batch: list[_Unsaved]) -> None:
        outcomes = [(dispatch, outcome) for dispatch, outcome, _ in batch]
        kept: list[bool] | None = None
        for attempt in range(self._settings.save_attempts):
            try:
                kept = await self._ledger.save_outcomes(outcomes)
                break
            except Exception as error:  # the database may be briefly unavailable
                _log.warning("delivery_outcome_save_failed", attempt=attempt + 1, error=repr(error))
                await asyncio.sleep(min(2.0, 0.1 * 2**attempt))
        now = self._clock()
        for index, (_, outcome, done) in enumerate(batch):
            if kept is None:
                # The lease will expire and the delivery will be tried again; the repeat
                # carries the same idempotency key, so the ATS and mail readers recognise it.
                _log.error("delivery_outcome_not_saved", delivery_id=outcome.id)
            elif kept[index]:
                self._observer.on_outcome(outcome, now=now)
            else:
                _log.warning("delivery_lease_lost", delivery_id=outcome.id)
            done.set_result(None)

    async def _claim(self, limit: int) -> list[Dispatch]:
        try:
            return await self._ledger.claim_due(
                now=self._clock(), limit=limit, lease=self._settings.lease
            )
        except Exception as error:  # the loop must outlive database outages
            _log.warning("delivery_claim_failed", error=repr(error))
            return []

    async def _pause(
        self, stop: asyncio.Event, in_flight: set[asyncio.Task[Delivery]], *, idle: bool
    ) -> None:
        waiters: set[asyncio.Future[object]] = {
            asyncio.ensure_future(stop.wait()),
            asyncio.ensure_future(self._wake.wait()),
        }
        if in_flight:
            waiters.add(
                asyncio.ensure_future(asyncio.wait(in_flight, return_when="FIRST_COMPLETED"))
            )
        timeout = self._settings.idle_interval if idle or not in_flight else None
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._wake.clear()
