"""Use cases for exchange rates: what a US dollar buys in each currency the bands use."""

from __future__ import annotations

from catalogue.domain.currency import ExchangeRate
from catalogue.domain.exceptions import NotFound
from catalogue.service_layer.changes import commit_change
from catalogue.service_layer.ports import UnitOfWork

__all__ = ["delete_rate", "list_rates", "put_rate"]


async def list_rates(uow: UnitOfWork) -> list[ExchangeRate]:
    async with uow:
        return await uow.repo.list_exchange_rates()


async def put_rate(uow: UnitOfWork, *, rate: ExchangeRate) -> bool:
    """Create or replace a rate (a new catalogue version when it changes); True if new."""
    async with uow:
        existing = {r.currency: r for r in await uow.repo.list_exchange_rates()}
        if existing.get(rate.currency) != rate:
            await uow.repo.save_exchange_rate(rate)
            await commit_change(uow)
    return rate.currency not in existing


async def delete_rate(uow: UnitOfWork, *, currency: str) -> None:
    async with uow:
        if currency not in {r.currency for r in await uow.repo.list_exchange_rates()}:
            raise NotFound("exchange rate", currency)
        await uow.repo.delete_exchange_rate(currency)
        await commit_change(uow)
