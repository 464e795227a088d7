"""What every ATS adapter returns, and the small parsers they share."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from leveling_common.events import PayRange, Person, RequisitionData

__all__ = [
    "PayloadError",
    "WebhookEvent",
    "WebhookKind",
    "as_mapping",
    "money",
    "pay_interval",
    "pay_range",
    "person",
    "requisition",
    "text",
]


class PayloadError(ValueError):
    """The vendor's body is JSON but not the shape its documentation promises."""


class WebhookKind(enum.Enum):
    PING = "ping"
    IGNORED = "ignored"
    REQUISITION = "requisition"


@dataclass(frozen=True)
class WebhookEvent:
    kind: WebhookKind
    action: str
    event_type: str | None = None
    data: RequisitionData | None = None


def as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PayloadError(f"{what} must be an object")
    return value


def text(value: Any) -> str | None:
    """A non-empty string, or None; numbers (ids) become their decimal text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        result = str(value).strip()
        return result or None
    return None


def money(value: Any) -> Decimal | None:
    """Amounts arrive as numbers or strings such as "10000.0"; anything else is no amount."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() and amount >= 0 else None


_INTERVALS = (("hour", "hour"), ("day", "day"), ("week", "week"), ("month", "month"))


def pay_interval(value: Any) -> str:
    """The pay interval a vendor's label names ("per-hour-wage", "MONTH_…"); a year if none."""
    lowered = str(value or "").lower()
    for marker, interval in _INTERVALS:
        if marker in lowered:
            return interval
    return "year"


def pay_range(minimum: Any, maximum: Any, currency: Any, interval: str = "year") -> PayRange | None:
    low, high, code = money(minimum), money(maximum), text(currency)
    if code is None or (low is None and high is None):
        return None
    try:
        return PayRange(min=low, max=high, currency=code.upper(), interval=interval)
    except ValidationError:
        return None


def person(user_id: Any, name: Any = None, email: Any = None) -> Person | None:
    """A hiring-team member needs an ATS user id or an email to be reachable at all."""
    external_id, address = text(user_id), text(email)
    if external_id is None and address is None:
        return None
    return Person(external_user_id=external_id, name=text(name), email=address)


def requisition(document: dict[str, Any]) -> RequisitionData:
    try:
        return RequisitionData.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise PayloadError(f"cannot build a requisition: {where}: {first['msg']}") from exc
