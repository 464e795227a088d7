"""A requisition as the engine sees it: what the job says, where it is, what it pays."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Location", "PayRange", "Requisition"]


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    remote: bool = False


@dataclass(frozen=True, slots=True)
class PayRange:
    """A posted salary range; either end may be missing when the posting is open-ended."""

    min: Decimal | None
    max: Decimal | None
    currency: str
    interval: str = "year"


@dataclass(frozen=True, slots=True)
class Requisition:
    title: str
    description: str = ""
    department: str | None = None
    location: Location = field(default_factory=Location)
    min_years_experience: float | None = None
    direct_reports: int | None = None
    requested_level: str | None = None
    posted_range: PayRange | None = None
