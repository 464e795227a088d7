"""Exchange rates: what a US dollar buys in each currency, for comparing posted ranges."""

from __future__ import annotations

from fastapi import APIRouter, Response

from catalogue.domain.exceptions import InvalidData
from catalogue.entrypoints.api.deps import READ, WRITE, UowDep
from catalogue.entrypoints.api.errors import problems
from catalogue.schemas.currencies import ExchangeRateIn, ExchangeRateModel
from catalogue.service_layer import currencies

__all__ = ["router"]

router = APIRouter(tags=["zones"])


@router.get(
    "/v1/exchange-rates",
    response_model=list[ExchangeRateModel],
    dependencies=[READ],
    responses=problems(),
    summary="Units of each currency one US dollar buys",
)
async def list_rates(uow: UowDep) -> list[ExchangeRateModel]:
    return [ExchangeRateModel.of(rate) for rate in await currencies.list_rates(uow)]


@router.put(
    "/v1/exchange-rates/{currency}",
    response_model=ExchangeRateModel,
    dependencies=[WRITE],
    responses={**problems(), 201: {"model": ExchangeRateModel, "description": "Created"}},
    summary="Set the rate of a currency (a new catalogue version when it changes)",
)
async def put_rate(
    currency: str, body: ExchangeRateIn, uow: UowDep, response: Response
) -> ExchangeRateModel:
    if not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        raise InvalidData(f"{currency!r} is not an ISO 4217 code", field="currency")
    rate = ExchangeRateModel(currency=currency, per_usd=body.per_usd)
    created = await currencies.put_rate(uow, rate=rate.to_domain())
    response.status_code = 201 if created else 200
    return rate


@router.delete(
    "/v1/exchange-rates/{currency}",
    status_code=204,
    dependencies=[WRITE],
    responses=problems(404),
    summary="Remove a currency's rate",
)
async def delete_rate(currency: str, uow: UowDep) -> Response:
    await currencies.delete_rate(uow, currency=currency)
    return Response(status_code=204)
