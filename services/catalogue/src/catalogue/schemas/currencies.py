"""Exchange rates as JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field

from catalogue.domain.currency import ExchangeRate
from catalogue.schemas._base import Model

__all__ = ["ExchangeRateIn", "ExchangeRateModel"]

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
PerUsd = Annotated[
    Decimal,
    Field(gt=0, lt=1_000_000, max_digits=18, decimal_places=8),
]


class ExchangeRateIn(Model):
    model_config = ConfigDict(json_schema_extra={"examples": [{"per_usd": 0.79}]})

    per_usd: PerUsd = Field(description="Units of this currency one US dollar buys")


class ExchangeRateModel(ExchangeRateIn):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"currency": "GBP", "per_usd": 0.79}]}
    )

    currency: Currency

    def to_domain(self) -> ExchangeRate:
        return ExchangeRate(self.currency, self.per_usd)

    @classmethod
    def of(cls, rate: ExchangeRate) -> ExchangeRateModel:
        return cls(currency=rate.currency, per_usd=rate.per_usd)
