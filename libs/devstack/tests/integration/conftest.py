from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from leveling_devstack.server import BackgroundServer


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """Records every POST it gets and answers `status` (202 unless a test changes it)."""

    url: str = ""
    status: int = 202
    received: list[ReceivedRequest] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        body = await request.body()
        self.received.append(
            ReceivedRequest(
                request.url.path, {k.lower(): v for k, v in request.headers.items()}, body
            )
        )
        await Response(status_code=self.status)(scope, receive, send)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A real HTTP endpoint standing in for the leveler's webhook intake."""
    receiver = WebhookReceiver()
    with BackgroundServer(receiver) as server:
        receiver.url = f"{server.url}/v1/webhooks/greenhouse"
        yield receiver
