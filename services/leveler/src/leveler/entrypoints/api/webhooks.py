"""ATS webhooks: verify the signature over the raw body, then map and accept durably."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind
from pydantic import SecretStr

from leveler.adapters import ashby, greenhouse
from leveler.adapters.ats import PayloadError, WebhookEvent, WebhookKind
from leveler.adapters.signatures import ashby_signature_valid, greenhouse_signature_valid
from leveler.entrypoints.api.body import parse_json, read_limited_body
from leveler.entrypoints.api.deps import ContainerDep, limit_webhook
from leveler.entrypoints.api.schemas import IntakeAnswer, problems
from leveler.service_layer.intake import IntakeResult, Submission, submit
from leveling_common.http import ProblemError
from leveling_common.tracing import tracer

__all__ = ["router"]

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": IntakeAnswer, "description": "Ping, repeat, unchanged or ignored event."},
    202: {"model": IntakeAnswer, "description": "Accepted: the event is durably queued."},
    **problems(400, 401, 413, 422, 429, 503),
}


def _secret(value: SecretStr | None, vendor: str) -> str:
    if value is None or not value.get_secret_value():
        raise ProblemError(
            status=503,
            title="Webhook not configured",
            detail=f"The {vendor} webhook secret is not set on this server.",
        )
    return value.get_secret_value()


async def _verified_document(
    request: Request,
    *,
    secret: str,
    signature: str | None,
    limit: int,
    valid: Callable[[str, bytes, str | None], bool],
) -> Any:
    body = await read_limited_body(request, limit)
    if not valid(secret, body, signature):
        raise ProblemError(
            status=401,
            title="Invalid signature",
            detail="The signature header is missing or does not match the body.",
        )
    return parse_json(body)


def _answer(status: int, result: str, event: WebhookEvent) -> JSONResponse:
    key = event.data.requisition_key if event.data else None
    document = IntakeAnswer(status=result, action=event.action, requisition_key=key)
    return JSONResponse(document.model_dump(mode="json"), status_code=status)


async def _accept(
    container: ContainerDep, *, source: str, delivery_id: str | None, event: WebhookEvent
) -> JSONResponse:
    if event.kind is WebhookKind.PING:
        return _answer(200, "pong", event)
    if event.kind is WebhookKind.IGNORED or event.data is None or event.event_type is None:
        return _answer(200, "ignored", event)
    with tracer("leveler").start_as_current_span(
        f"intake {source}",
        kind=SpanKind.SERVER,
        attributes={"requisition.key": event.data.requisition_key},
    ):
        result = await submit(
            container.uow(),
            Submission(source, delivery_id, event.event_type, event.data),
            topic=container.settings.requisitions_topic,
            at=container.clock(),
        )
    return _answer(202 if result is IntakeResult.ACCEPTED else 200, result.value, event)


def _unprocessable(exc: PayloadError) -> ProblemError:
    return ProblemError(status=422, title="Unexpected webhook payload", detail=str(exc))


@router.post(
    "/greenhouse",
    summary="Greenhouse job webhooks (job_created, job_updated, job_approved, job_deleted, ping)",
    responses=_RESPONSES,
    status_code=202,
)
async def greenhouse_webhook(
    request: Request,
    container: ContainerDep,
    signature: Annotated[str | None, Header(alias="Signature")] = None,
    event_id: Annotated[str | None, Header(alias="Greenhouse-Event-ID")] = None,
) -> JSONResponse:
    settings = container.settings
    document = await _verified_document(
        request,
        secret=_secret(settings.greenhouse_secret, "Greenhouse"),
        signature=signature,
        limit=settings.max_body_bytes,
        valid=greenhouse_signature_valid,
    )
    limit_webhook(container, greenhouse.SOURCE)
    try:
        event = greenhouse.parse_webhook(document, container.greenhouse)
    except PayloadError as exc:
        raise _unprocessable(exc) from None
    return await _accept(container, source=greenhouse.SOURCE, delivery_id=event_id, event=event)


@router.post(
    "/ashby",
    summary="Ashby job webhooks (jobCreate, jobUpdate, ping)",
    responses=_RESPONSES,
    status_code=202,
)
async def ashby_webhook(
    request: Request,
    container: ContainerDep,
    signature: Annotated[str | None, Header(alias="Ashby-Signature")] = None,
) -> JSONResponse:
    settings = container.settings
    document = await _verified_document(
        request,
        secret=_secret(settings.ashby_secret, "Ashby"),
        signature=signature,
        limit=settings.max_body_bytes,
        valid=ashby_signature_valid,
    )
    limit_webhook(container, ashby.SOURCE)
    try:
        event = ashby.parse_webhook(document)
    except PayloadError as exc:
        raise _unprocessable(exc) from None
    delivery_id = document.get("webhookActionId") if isinstance(document, dict) else None
    if event.kind is WebhookKind.REQUISITION and not isinstance(delivery_id, str):
        raise _unprocessable(PayloadError("the body has no 'webhookActionId'"))
    return await _accept(container, source=ashby.SOURCE, delivery_id=delivery_id, event=event)
