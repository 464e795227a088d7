"""Request dependencies: the container and its parts, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from leveler.bootstrap import Container
from leveling_common.http import Principal, require_scope

__all__ = ["ContainerDep", "ReaderDep", "WriterDep"]


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]
ReaderDep = Annotated[Principal, require_scope("leveler:read")]
WriterDep = Annotated[Principal, require_scope("leveler:write")]
