"""Value objects shared by several event payloads."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

__all__ = ["Money", "PayInterval", "PayRange", "Person"]

# Amounts travel as JSON numbers; Decimal keeps them exact in between.
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    PlainSerializer(lambda v: float(v), return_type=float, when_used="json"),
]

PayInterval = Annotated[
    str, Field(pattern=r"^(year|month|week|day|hour)$", description="Pay interval of the amounts.")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Person(_Model):
    """A member of the hiring team; has an email, an ATS user id, or both."""

    external_user_id: str | None = None
    name: str | None = None
    email: str | None = None


class PayRange(_Model):
    """A posted salary range; `max` may be null when the posting is open-ended."""

    min: Money | None = None
    max: Money | None = None
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    interval: PayInterval = "year"
