"""The notifier's console pages: deliveries and retries, dead letters and replay, the pipeline.

Retry and replay call the same use cases as `POST /v1/deliveries/{id}/retry` and
`POST /v1/dlq/{topic}/replay`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from aiokafka.errors import KafkaError
from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncEngine

from leveling_common.console import Console
from leveling_common.console.pages import (
    authorise,
    install_filters,
    install_forbidden_page,
    local_path,
    nav_links,
    redirect_with,
)
from leveling_common.db import create_session_factory
from leveling_common.events import TOPIC_CATALOGUE, TOPIC_REQUISITIONS, utc_now
from notifier.adapters.dlq_replay import UnknownTopic
from notifier.config import Settings
from notifier.domain.delivery import RETRYABLE_BY_HAND, Channel, Status
from notifier.domain.exceptions import NotifierError
from notifier.entrypoints.console._broker import (
    BrokerProbe,
    BrokerUnavailable,
    DeadLetterTopic,
    PartitionLag,
)
from notifier.entrypoints.console._charts import bar_chart, per_minute
from notifier.entrypoints.console._ledger import LedgerReads
from notifier.service_layer import operations
from notifier.service_layer.ports import DeliveryLedger, DlqReplayer

__all__ = ["NotifierPages", "Wiring", "install_console"]

READ = "notifier:read"
WRITE = "notifier:write"
SERVICE_LABEL = "Notifier"
PAGE_SIZE = 50
TEMPLATES = Path(__file__).with_name("templates")
# The leveler's consumer group (its LEVELER_CONSUMER_GROUP default); services share no settings.
LEVELER_GROUP = "leveler"


@dataclass(frozen=True)
class Wiring:
    """What the pages read from and act on."""

    ledger: DeliveryLedger
    replayer: DlqReplayer
    reads: LedgerReads
    probe: BrokerProbe
    groups: Mapping[str, Sequence[str]]
    """Consumer groups whose lag the pipeline page shows, with the topics each reads."""
    dlq_topics: Sequence[str]
    """Original topics whose dead-letter topics the console shows and replays."""
    leveler_console: str
    clock: Callable[[], datetime]


class NotifierPages:
    def __init__(self, console: Console, wiring: Wiring) -> None:
        self.console = console
        self.w = wiring

    def router(self) -> APIRouter:
        router = APIRouter(prefix="/console", include_in_schema=False)

        def page(path: str, endpoint: Callable[..., Any]) -> None:
            router.add_api_route(path, endpoint, methods=["GET"], response_class=HTMLResponse)

        def action(path: str, endpoint: Callable[..., Any]) -> None:
            router.add_api_route(path, endpoint, methods=["POST"])

        page("", self.deliveries)
        action("/deliveries/{delivery_id}/retry", self.retry)
        page("/requisitions/{key:path}", self.requisition)
        page("/dead-letters", self.dead_letters)
        action("/dead-letters/{topic}/replay", self.replay)
        page("/pipeline", self.pipeline)
        return router

    def _render(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        return self.console.render(request, template, context, active=SERVICE_LABEL)

    async def deliveries(
        self,
        request: Request,
        status: Status | None = None,
        after: Annotated[int | None, Query(ge=0)] = None,
    ) -> Response:
        principal = authorise(self.console, request, READ)
        page = await operations.list_deliveries(
            self.w.ledger, status=status, limit=PAGE_SIZE, after=after
        )
        decisions = await self.w.reads.decisions_by_id([d.decision_id for d in page.items])
        return self._render(
            request,
            "deliveries.html",
            page_title="Deliveries",
            section="deliveries",
            statuses=list(Status),
            status=status.value if status else None,
            page=page,
            decisions=decisions,
            retryable=RETRYABLE_BY_HAND,
            can_write=principal.allows(WRITE),
            here=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        )

    async def retry(
        self,
        request: Request,
        delivery_id: str,
        back_to: Annotated[str, Form(alias="next")] = "/console",
    ) -> Response:
        authorise(self.console, request, WRITE)
        back = local_path(back_to)
        try:
            delivery = await operations.retry_delivery(
                self.w.ledger, delivery_id=delivery_id, now=self.w.clock()
            )
        except NotifierError as error:
            return redirect_with(back, f"Not retried: {error}", error=True)
        who = delivery.recipient.email or delivery.recipient.name or delivery.recipient.key
        message = f"The {delivery.channel.value} delivery to {who} is pending again."
        return redirect_with(back, message)

    async def requisition(self, request: Request, key: str) -> Response:
        principal = authorise(self.console, request, READ)
        found = [
            await operations.get_delivery(self.w.ledger, delivery_id=delivery_id)
            for delivery_id in await self.w.reads.delivery_ids(key)
        ]
        versions = await self.w.reads.decisions_of(key)
        return self._render(
            request,
            "requisition.html",
            page_title=versions[0].requisition_title if versions else key,
            section="deliveries",
            key=key,
            deliveries=found,
            versions=versions,
            decisions={d.decision_id: d for d in versions},
            retryable=RETRYABLE_BY_HAND,
            can_write=principal.allows(WRITE),
            here=f"/console/requisitions/{quote(key, safe=':')}",
            leveler_url=f"{self.w.leveler_console}/requisitions/{quote(key, safe=':')}",
        )

    async def dead_letters(self, request: Request) -> Response:
        principal = authorise(self.console, request, READ)
        topics: list[DeadLetterTopic] = []
        broker_error = None
        try:
            topics = await self.w.probe.dead_letters(self.w.dlq_topics, newest=5)
        except BrokerUnavailable as error:
            broker_error = str(error)
        return self._render(
            request,
            "dead_letters.html",
            page_title="Dead letters",
            section="dead-letters",
            topics=topics,
            broker_error=broker_error,
            can_write=principal.allows(WRITE),
        )

    async def replay(
        self,
        request: Request,
        topic: str,
        limit: Annotated[int, Form(ge=1, le=10_000)] = 100,
    ) -> Response:
        authorise(self.console, request, WRITE)
        back = "/console/dead-letters"
        if topic not in self.w.dlq_topics:
            return redirect_with(
                back, f"{topic!r} is not a topic this console replays.", error=True
            )
        try:
            replayed = await operations.replay_dead_letters(
                self.w.replayer, topic=topic, limit=limit
            )
        except (UnknownTopic, KafkaError, OSError) as error:
            return redirect_with(back, f"Not replayed: {type(error).__name__}", error=True)
        return redirect_with(back, f"Replayed {replayed} dead letter(s) to {topic}.")

    async def pipeline(self, request: Request) -> Response:
        principal = authorise(self.console, request, READ)
        now = self.w.clock()
        activity = await self.w.reads.activity(since=now - timedelta(minutes=60))
        decided = per_minute(activity.decided, now=now)
        sent = per_minute(activity.sent, now=now)
        lag, dlq, broker_error = await self._broker_view()
        counts = await self.w.ledger.counts()
        failures = [
            delivery
            for status in (Status.DEAD, Status.FAILED)
            for delivery in (
                await operations.list_deliveries(self.w.ledger, status=status, limit=10, after=None)
            ).items
        ]
        return self._render(
            request,
            "pipeline.html",
            page_title="Pipeline",
            section="pipeline",
            charts=[
                bar_chart("Decisions made per minute", decided, now=now),
                bar_chart("Deliveries sent per minute", sent, now=now),
            ],
            lag=lag,
            lag_by_group=_lag_by_group(lag),
            dlq=dlq,
            broker_error=broker_error,
            statuses=list(Status),
            channels=list(Channel),
            counts={(s.value, c.value): n for (s, c), n in counts.items()},
            totals={s.value: sum(n for (t, _), n in counts.items() if t is s) for s in Status},
            failures=failures,
            decisions=await self.w.reads.decisions_by_id([d.decision_id for d in failures]),
            retryable=RETRYABLE_BY_HAND,
            can_write=principal.allows(WRITE),
            here="/console/pipeline",
        )

    async def _broker_view(
        self,
    ) -> tuple[list[PartitionLag], list[DeadLetterTopic], str | None]:
        try:
            lag, dlq = await asyncio.gather(
                self.w.probe.consumer_lag(self.w.groups),
                self.w.probe.dead_letters(self.w.dlq_topics, newest=0),
            )
        except BrokerUnavailable as error:
            return [], [], str(error)
        return lag, dlq, None


def _lag_by_group(rows: Sequence[PartitionLag]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.group] = totals.get(row.group, 0) + row.lag
    return totals


def install_console(
    app: FastAPI,
    *,
    settings: Settings,
    ledger: DeliveryLedger,
    replayer: DlqReplayer,
    engine: AsyncEngine,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """Serve the notifier console under /console on `app` (sign-in included)."""
    nav = nav_links(settings, here=SERVICE_LABEL)
    console = Console(service="notifier", templates_dir=TEMPLATES, nav=nav)
    install_filters(console)
    console.install(app)
    install_forbidden_page(console, app, active=SERVICE_LABEL)
    wiring = Wiring(
        ledger=ledger,
        replayer=replayer,
        reads=LedgerReads(create_session_factory(engine)),
        probe=BrokerProbe(settings.kafka()),
        groups={
            LEVELER_GROUP: (TOPIC_REQUISITIONS, TOPIC_CATALOGUE),
            settings.consumer_group: (settings.decisions_topic,),
        },
        dlq_topics=(TOPIC_REQUISITIONS, settings.decisions_topic, TOPIC_CATALOGUE),
        leveler_console=dict(nav)["Leveler"],
        clock=clock,
    )
    app.include_router(NotifierPages(console, wiring).router())
