"""Deciding requisitions: keep the latest snapshot per key, decide only what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from leveler.domain.engine import band_for, decide
from leveler.service_layer import decisions as build
from leveler.service_layer.catalogue import LoadedCatalogue
from leveler.service_layer.engine_input import requisition_from_event
from leveler.service_layer.requisitions import (
    document_of,
    effective_data,
    fingerprints,
    is_stale,
)
from leveler.service_layer.unit_of_work import AbstractUnitOfWork, StoredRequisition
from leveling_common.events import DecisionData, RequisitionData
from leveling_common.events.decision import DecisionReason
from leveling_common.tracing import current_traceparent, span_from_traceparent

__all__ = ["IncomingRequisition", "LevelingResult", "apply_requisitions", "next_decision"]


@dataclass(frozen=True)
class IncomingRequisition:
    event_type: str
    data: RequisitionData
    traceparent: str | None = None


@dataclass
class LevelingResult:
    decided: list[DecisionData] = field(default_factory=list)
    stored: int = 0
    unchanged: int = 0
    # The trace of the event that caused each decision, so the trace continues downstream.
    traceparents: dict[str, str | None] = field(default_factory=dict)


def next_decision(
    req: StoredRequisition,
    previous: DecisionData | None,
    catalogue: LoadedCatalogue,
    *,
    at: datetime,
) -> DecisionData:
    """Decide a new or changed requisition; a human override keeps its level."""
    reason: DecisionReason = "requisition_changed" if previous is not None else "new"
    if previous is not None and previous.status == "overridden" and previous.profile:
        band = band_for(
            catalogue.index,
            profile_code=previous.profile.code,
            level=previous.level or "",
            location=requisition_from_event(req.data).location,
            at=at,
        )
        return build.carry_forward(
            previous,
            req=req,
            band=band,
            catalogue_version=catalogue.version,
            reason=reason,
            at=at,
        )
    outcome = decide(requisition_from_event(req.data), catalogue.index, at=at)
    return build.from_outcome(outcome, req=req, previous=previous, reason=reason, at=at)


def _updated(
    incoming: IncomingRequisition, stored: StoredRequisition | None
) -> tuple[StoredRequisition | None, bool]:
    """The new snapshot (None when nothing changed) and whether it needs a decision."""
    data = effective_data(incoming.event_type, incoming.data)
    if stored is not None and is_stale(data, stored.data):
        return None, False
    document = document_of(data)
    content, decision = fingerprints(data)
    if stored is None:
        fresh = StoredRequisition(data, content, decision, document=document)
        return fresh, data.status != "closed"
    if stored.content_hash == content:
        return None, False
    needs_decision = data.status != "closed" and (
        stored.current_decision_id is None or stored.decision_hash != decision
    )
    stored.data, stored.content_hash, stored.decision_hash = data, content, decision
    stored.document = document
    return stored, needs_decision


async def apply_requisitions(
    uow: AbstractUnitOfWork,
    incoming: Sequence[IncomingRequisition],
    catalogue: LoadedCatalogue,
    *,
    at: datetime,
) -> LevelingResult:
    """Store every changed snapshot and decide those whose decisive content changed.

    Events of one key are applied in order; all writes join the caller's transaction.
    """
    result = LevelingResult()
    keys = list(dict.fromkeys(item.data.requisition_key for item in incoming))
    known = await uow.requisitions.get_many(keys)
    previous = await uow.decisions.get_many(
        [r.current_decision_id for r in known.values() if r.current_decision_id]
    )
    changed: dict[str, StoredRequisition] = {}
    inputs: dict[str, RequisitionData] = {}
    for item in incoming:
        key = item.data.requisition_key
        req, needs_decision = _updated(item, known.get(key))
        if req is None:
            result.unchanged += 1
            continue
        known[key] = changed[key] = req
        if needs_decision:
            before = previous.get(req.current_decision_id or "")
            # The decision's span continues the intake's trace; the event it emits carries
            # this span on, so the notifier's spans hang below it.
            with span_from_traceparent(
                "level requisition", item.traceparent, attributes={"requisition.key": key}
            ) as span:
                decision = next_decision(req, before, catalogue, at=at)
                span.set_attribute("leveling.status", str(decision.status))
                result.traceparents[decision.decision_id] = current_traceparent()
            inputs[decision.decision_id] = req.data
            req.advance_to(decision)
            previous[decision.decision_id] = decision
            result.decided.append(decision)
    await uow.requisitions.save(list(changed.values()))
    await uow.decisions.add(result.decided)
    await uow.inputs.keep(inputs)
    result.stored = len(changed)
    return result
