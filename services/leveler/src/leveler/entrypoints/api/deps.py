"""Request dependencies: the container and its parts, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from leveler.bootstrap import Container
from leveling_common.http import Principal, require_scope

__all__ = ["ContainerDep", "LimitedWriterDep", "ReaderDep", "WriterDep", "limit_webhook"]


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]
ReaderDep = Annotated[Principal, require_scope("leveler:read")]
WriterDep = Annotated[Principal, require_scope("leveler:write")]


def _limited_writer(container: ContainerDep, principal: WriterDep) -> Principal:
    """A write within the token's rate limit (429 with Retry-After past it)."""
    container.rate_limits.check(f"token:{principal.subject}")
    return principal


LimitedWriterDep = Annotated[Principal, Depends(_limited_writer)]


def limit_webhook(container: Container, source: str) -> None:
    """A webhook within its ATS's rate limit, counted once its signature holds."""
    container.rate_limits.check(f"webhook:{source}")
