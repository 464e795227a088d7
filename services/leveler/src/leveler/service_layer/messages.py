"""The worker's batch handler for `requisitions.v1` and `catalogue.changes.v1`.

A whole consumer batch is decided and written in one transaction together with its inbox
claim and outbox events; the runtime commits offsets only after that transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from leveler.service_layer.catalogue import CatalogueSource, LoadedCatalogue
from leveler.service_layer.decisions import decision_event
from leveler.service_layer.errors import CatalogueUnavailable, ConcurrentUpdate
from leveler.service_layer.leveling import IncomingRequisition, apply_requisitions
from leveler.service_layer.releveling import rechecked, relevel_open_requisitions
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, OutgoingEvent
from leveling_common.events import (
    BANDSET_EFFECTIVE,
    BANDSET_PUBLISHED,
    JURISDICTION_EFFECTIVE,
    PROFILE_CHANGED,
    REQUISITION_TYPES,
    DecisionData,
    JurisdictionEffectiveData,
)
from leveling_common.kafka import ConsumedEvent, TransientError
from leveling_common.logging import get_logger

__all__ = ["MessageHandler", "WorkerConfig"]

_log = get_logger(__name__)
# A band set moves bands when it is published in force, or later when it comes into force.
_BAND_SET_EVENTS = frozenset({BANDSET_PUBLISHED, BANDSET_EFFECTIVE})


@dataclass(frozen=True)
class WorkerConfig:
    consumer: str
    decisions_topic: str
    # A band set or rule the catalogue does not serve yet is waited for this many batches,
    # then the re-level runs with what the catalogue serves (one withdrawn meanwhile must not
    # stall the partition forever).
    band_set_wait_attempts: int = 20


class MessageHandler:
    """`await handler(batch)`: the `Handler` the shared consumer loop calls."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], AbstractUnitOfWork],
        catalogue: CatalogueSource,
        config: WorkerConfig,
        clock: Callable[[], datetime],
        after_commit: Callable[[], None] = lambda: None,
        on_decisions: Callable[[Sequence[DecisionData]], None] = lambda made: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._catalogue = catalogue
        self._config = config
        self._clock = clock
        self._after_commit = after_commit
        self._on_decisions = on_decisions
        self._band_set_waits: Counter[str] = Counter()

    async def __call__(self, batch: Sequence[ConsumedEvent]) -> None:
        catalogue = await self._catalogue_for(batch)
        at = self._clock()
        try:
            made = await self._apply(batch, catalogue, at=at)
        except ConcurrentUpdate as exc:
            raise TransientError(f"a concurrent writer won: {exc}") from exc
        if made:
            self._on_decisions(made)
            self._after_commit()

    async def _apply(
        self, batch: Sequence[ConsumedEvent], catalogue: LoadedCatalogue, *, at: datetime
    ) -> list[DecisionData]:
        async with self._uow_factory() as uow:
            fresh = await uow.claim(
                consumer=self._config.consumer, event_ids=[item.event.id for item in batch]
            )
            todo = _first_of_each(batch, fresh)
            made: list[DecisionData] = []
            traces: dict[str, str | None] = {}
            band_sets = [item for item in todo if item.event.type in _BAND_SET_EVENTS]
            if band_sets:
                releveled = await relevel_open_requisitions(uow, catalogue, at=at)
                traces.update((d.decision_id, band_sets[0].event.traceparent) for d in releveled)
                made += releveled
            rules = [item for item in todo if item.event.type == JURISDICTION_EFFECTIVE]
            if rules:
                reflagged = await relevel_open_requisitions(
                    uow, catalogue, at=at, next_decision=rechecked
                )
                traces.update((d.decision_id, rules[0].event.traceparent) for d in reflagged)
                made += reflagged
            incoming = [
                IncomingRequisition(item.event.type, item.event.data, item.event.traceparent)
                for item in todo
                if item.event.type in REQUISITION_TYPES
            ]
            result = await apply_requisitions(uow, incoming, catalogue, at=at)
            made += result.decided
            traces.update(result.traceparents)
            await uow.emit([self._event(decision, traces) for decision in made])
            await uow.commit()
        return made

    def _event(self, decision: DecisionData, traces: dict[str, str | None]) -> OutgoingEvent:
        return decision_event(
            decision,
            topic=self._config.decisions_topic,
            traceparent=traces.get(decision.decision_id),
        )

    async def _catalogue_for(self, batch: Sequence[ConsumedEvent]) -> LoadedCatalogue:
        needed = {
            _announced(item.event.data)
            for item in batch
            if item.event.type in _BAND_SET_EVENTS or item.event.type == JURISDICTION_EFFECTIVE
        }
        if needed:
            return await self._serving(needed)
        if any(item.event.type == PROFILE_CHANGED for item in batch):
            try:
                return await self._catalogue.refresh()
            except CatalogueUnavailable as exc:
                _log.warning("catalogue_refresh_failed_using_cached", error=str(exc))
        return await self._catalogue.current()

    async def _serving(self, needed: set[str]) -> LoadedCatalogue:
        """A re-level must see the band set or rule it is about, so a stale snapshot is
        retried."""
        catalogue = await self._catalogue.refresh()
        served = catalogue.band_set_ids | {
            f"{rule.code}@{rule.effective_from.isoformat()}"
            for rule in catalogue.index.jurisdictions
        }
        missing = sorted(needed - served)
        if not missing:
            return catalogue
        key = ",".join(missing)
        self._band_set_waits[key] += 1
        if self._band_set_waits[key] <= self._config.band_set_wait_attempts:
            raise CatalogueUnavailable(f"catalogue {catalogue.version} does not serve {key} yet")
        _log.warning("catalogue_never_served", missing=missing, version=catalogue.version)
        del self._band_set_waits[key]
        return catalogue


def _announced(data: object) -> str:
    """How a catalogue snapshot names what a band-set or rule event is about."""
    if isinstance(data, JurisdictionEffectiveData):
        return f"{data.jurisdiction_code}@{data.effective_from.isoformat()}"
    return str(getattr(data, "band_set_id", ""))


def _first_of_each(batch: Sequence[ConsumedEvent], fresh: set[str]) -> list[ConsumedEvent]:
    """The newly claimed events in batch order, each once even if the batch repeats it."""
    seen: set[str] = set()
    todo: list[ConsumedEvent] = []
    for item in batch:
        event_id = item.event.id
        if event_id in fresh and event_id not in seen:
            seen.add(event_id)
            todo.append(item)
    return todo
