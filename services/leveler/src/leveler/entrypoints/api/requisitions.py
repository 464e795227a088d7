"""Canonical intake, decisions, history, overrides and the review queue."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind

from leveler.entrypoints.api.deps import ContainerDep, LimitedWriterDep, ReaderDep
from leveler.entrypoints.api.schemas import (
    DecisionPage,
    IntakeAnswer,
    OverrideOut,
    OverrideRequest,
    RequisitionSubmission,
    problems,
)
from leveler.metrics import count_decisions
from leveler.service_layer import queries
from leveler.service_layer.intake import IntakeResult, Submission, submit
from leveler.service_layer.overrides import OverrideCommand, override_history, override_level
from leveling_common.events import DecisionData
from leveling_common.tracing import tracer

__all__ = ["router"]

router = APIRouter(tags=["requisitions"])

_READ = problems(401, 403, 404, 422, 503)


@router.post(
    "/v1/requisitions",
    status_code=202,
    summary="Submit a canonical requisition (for systems without webhooks)",
    responses={
        200: {"model": IntakeAnswer, "description": "A repeat, or nothing changed."},
        202: {"model": IntakeAnswer, "description": "Accepted: durably queued for leveling."},
        **problems(401, 403, 422, 429, 503),
    },
)
async def submit_requisition(
    body: RequisitionSubmission,
    container: ContainerDep,
    _: LimitedWriterDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> JSONResponse:
    requisition = body.canonical()
    with tracer("leveler").start_as_current_span("intake api", kind=SpanKind.SERVER):
        result = await submit(
            container.uow(),
            Submission("api", idempotency_key, None, requisition),
            topic=container.settings.requisitions_topic,
            at=container.clock(),
        )
    answer = IntakeAnswer(status=result.value, requisition_key=requisition.requisition_key)
    return JSONResponse(
        answer.model_dump(mode="json"), status_code=202 if result is IntakeResult.ACCEPTED else 200
    )


@router.get(
    "/v1/requisitions/{key:path}/decision",
    summary="The current decision (404 until the requisition is decided)",
    responses=_READ,
)
async def get_decision(key: str, container: ContainerDep, _: ReaderDep) -> DecisionData:
    return await queries.current_decision(container.uow(), key)


@router.get(
    "/v1/requisitions/{key:path}/decisions",
    summary="Every decision version of a requisition, oldest first",
    responses=_READ,
)
async def get_decisions(key: str, container: ContainerDep, _: ReaderDep) -> list[DecisionData]:
    return await queries.decision_history(container.uow(), key)


@router.post(
    "/v1/requisitions/{key:path}/override",
    status_code=201,
    summary="Set the level by hand: a new decision version with status overridden",
    responses=problems(401, 403, 404, 422, 429, 503),
)
async def override(
    key: str, body: OverrideRequest, container: ContainerDep, principal: LimitedWriterDep
) -> DecisionData:
    catalogue = await container.catalogue.current()
    command = OverrideCommand(
        key,
        body.level,
        body.reason,
        body.by,
        principal.subject,
        profile=body.profile,
        track=body.track,
        zone=body.zone,
    )
    with tracer("leveler").start_as_current_span("override", kind=SpanKind.SERVER):
        decision = await override_level(
            container.uow(),
            catalogue,
            command,
            at=container.clock(),
            topic=container.settings.decisions_topic,
        )
    count_decisions([decision])
    return decision


@router.get(
    "/v1/requisitions/{key:path}/overrides",
    summary="Every override of a requisition, oldest first: who, when, why, before → after",
    responses=_READ,
)
async def get_overrides(key: str, container: ContainerDep, _: ReaderDep) -> list[OverrideOut]:
    records = await override_history(container.uow(), key)
    return [OverrideOut(**{**dataclasses.asdict(record), "by": record.actor}) for record in records]


@router.get(
    "/v1/decisions",
    summary="Current decisions of open requisitions by status (the review queue)",
    responses=problems(400, 401, 403, 422, 503),
)
async def list_decisions(
    container: ContainerDep,
    _: ReaderDep,
    status: Literal["auto_approved", "needs_review", "overridden", "unmatched"] = "needs_review",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> DecisionPage:
    page = await queries.decisions_with_status(
        container.uow(), status=status, limit=limit, cursor=cursor
    )
    return DecisionPage(items=page.items, next_cursor=page.next_cursor)
