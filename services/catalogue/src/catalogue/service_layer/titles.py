"""Use cases for title conventions: the company's own seniority words in job titles."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.domain.titles import TitleConvention, check_conventions
from catalogue.service_layer.changes import commit_change
from catalogue.service_layer.ports import UnitOfWork

__all__ = ["list_conventions", "replace_conventions"]


async def list_conventions(uow: UnitOfWork) -> list[TitleConvention]:
    async with uow:
        return await uow.repo.list_title_conventions()


async def replace_conventions(
    uow: UnitOfWork, *, conventions: Iterable[TitleConvention]
) -> tuple[TitleConvention, ...]:
    """Make these the catalogue's conventions (a new catalogue version when they differ)."""
    wanted = check_conventions(conventions)
    async with uow:
        if tuple(await uow.repo.list_title_conventions()) != wanted:
            await uow.repo.replace_title_conventions(wanted)
            await commit_change(uow)
    return wanted
