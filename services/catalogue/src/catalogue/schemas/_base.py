from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

__all__ = ["Factor", "Model"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


Factor = Annotated[
    Decimal,
    Field(gt=0, le=20, max_digits=8, decimal_places=4),
    PlainSerializer(lambda v: float(v), return_type=float, when_used="json"),
]
