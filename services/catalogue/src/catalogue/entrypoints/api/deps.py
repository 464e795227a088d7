"""Request dependencies: the unit of work, the composition root, and scope checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from catalogue.bootstrap import Catalogue
from catalogue.service_layer.ports import UnitOfWork
from leveling_common.http import Principal, require_scope

__all__ = ["READ", "READ_PAY", "WRITE", "CatalogueDep", "UowDep"]

READ: Any = require_scope("catalogue:read")
READ_PAY: Any = require_scope("pay:read")
_WRITER = require_scope("catalogue:write")


def _catalogue(request: Request) -> Catalogue:
    catalogue: Catalogue = request.app.state.catalogue
    return catalogue


def _limited_writer(
    catalogue: Annotated[Catalogue, Depends(_catalogue)],
    principal: Annotated[Principal, _WRITER],
) -> Principal:
    """A write within its token's rate limit (429 with Retry-After past it)."""
    catalogue.rate_limits.check(f"token:{principal.subject}")
    return principal


WRITE: Any = Depends(_limited_writer)


def _uow(catalogue: Annotated[Catalogue, Depends(_catalogue)]) -> UnitOfWork:
    return catalogue.uow()


CatalogueDep = Annotated[Catalogue, Depends(_catalogue)]
UowDep = Annotated[UnitOfWork, Depends(_uow)]
