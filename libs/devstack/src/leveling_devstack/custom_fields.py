"""Job custom fields of the sandbox company and the validation of a Harvest job edit.

A job carries its custom fields keyed by immutable key, each `{name, type, value}`; an edit
(`PATCH /v1/jobs/{id}`) sends an array whose elements name a field by `id` or `name_key`
and give `value`, or `min_value`/`max_value`/`unit` for ranges, or `delete_value`. The
checks below reject what Greenhouse rejects: unknown fields, wrong shapes, a select value
that is not an option id, a range without a unit or with min above max.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from leveling_devstack.people import USERS, SandboxUser

__all__ = [
    "DEFAULT_JOB_FIELDS",
    "LEVELING_FIELD_KEYS",
    "FieldDefinition",
    "FieldError",
    "FieldOption",
    "JobEdit",
    "JobEditRejected",
    "empty_custom_fields",
    "greenhouse_number",
    "parse_job_edit",
]

_TEXT_ATTRIBUTES = (
    "name",
    "notes",
    "requisition_id",
    "team_and_responsibilities",
    "how_to_sell_this_job",
)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RANGE_TYPES = frozenset({"currency_range", "number_range"})
_MAX_SHORT_TEXT = 255
_MAX_LONG_TEXT = 20_000


@dataclass(frozen=True)
class FieldOption:
    id: int
    name: str


@dataclass(frozen=True)
class FieldDefinition:
    """A job custom field as the ATS administrator set it up."""

    id: int
    name_key: str
    name: str
    type: str
    options: tuple[FieldOption, ...] = ()
    api_only: bool = False

    def keyed(self, value: Any) -> dict[str, Any]:
        """The `{name, type, value}` entry of a job's `custom_fields` object."""
        return {"name": self.name, "type": self.type, "value": value}


def _select(*names: str, first_id: int) -> tuple[FieldOption, ...]:
    return tuple(FieldOption(first_id + i, n) for i, n in enumerate(names))


DEFAULT_JOB_FIELDS: tuple[FieldDefinition, ...] = (
    FieldDefinition(
        11001,
        "employment_type",
        "Employment Type",
        "single_select",
        _select("Full-time", "Part-time", "Contract", "Intern", first_id=21001),
    ),
    FieldDefinition(11002, "salary_range", "Salary Range", "currency_range"),
    FieldDefinition(11003, "budgeted", "Budgeted", "boolean"),
    FieldDefinition(11004, "target_start_date", "Target Start Date", "date"),
    FieldDefinition(
        11005,
        "work_arrangement",
        "Work Arrangement",
        "multi_select",
        _select("On-site", "Hybrid", "Remote", first_id=21101),
    ),
    FieldDefinition(11006, "team_size", "Team Size", "number_range"),
    FieldDefinition(11007, "signing_bonus", "Signing Bonus", "currency"),
    FieldDefinition(11008, "compensation_partner", "Compensation Partner", "user"),
    FieldDefinition(11009, "job_family_page", "Job Family Page", "url"),
    # API-only fields: written by the leveling integration, read-only in the ATS UI.
    FieldDefinition(11101, "level", "Level", "short_text", api_only=True),
    FieldDefinition(11102, "pay_band", "Pay Band", "currency_range", api_only=True),
    FieldDefinition(11103, "level_rationale", "Level Rationale", "long_text", api_only=True),
    FieldDefinition(11104, "role_profile", "Role Profile", "short_text", api_only=True),
    FieldDefinition(11105, "level_confidence", "Level Confidence", "number", api_only=True),
    FieldDefinition(11106, "leveling_status", "Leveling Status", "short_text", api_only=True),
    FieldDefinition(11107, "leveling_flags", "Leveling Flags", "long_text", api_only=True),
    FieldDefinition(
        11108, "leveling_decision_id", "Leveling Decision", "short_text", api_only=True
    ),
)
LEVELING_FIELD_KEYS = frozenset(d.name_key for d in DEFAULT_JOB_FIELDS if d.api_only)


def empty_custom_fields(definitions: Sequence[FieldDefinition]) -> dict[str, dict[str, Any]]:
    """Every defined field, empty (`value: null`), keyed as a job shows them."""
    return {d.name_key: d.keyed(None) for d in definitions}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class JobEditRejected(Exception):
    """The edit has the wrong shape; nothing of it was applied."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = tuple(errors)


@dataclass(frozen=True)
class JobEdit:
    """A validated edit: new keyed values (None clears a field) and job attributes."""

    custom_fields: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, str | None] = field(default_factory=dict)


class _Invalid(Exception):
    pass


def parse_job_edit(
    body: object,
    *,
    definitions: Sequence[FieldDefinition] = DEFAULT_JOB_FIELDS,
    users: Sequence[SandboxUser] = USERS,
) -> JobEdit:
    """Validate a `PATCH /v1/jobs/{id}` body; JobEditRejected lists every problem."""
    if not isinstance(body, dict):
        raise JobEditRejected([FieldError("body", "must be a JSON object")])
    errors = [
        FieldError(k, "is not a field of a job edit")
        for k in body
        if k != "custom_fields" and k not in _TEXT_ATTRIBUTES
    ]
    attributes = _attributes(body, errors)
    values = _custom_fields(body.get("custom_fields", []), definitions, users, errors)
    if errors:
        raise JobEditRejected(errors)
    return JobEdit(custom_fields=values, attributes=attributes)


def _attributes(body: dict[str, Any], errors: list[FieldError]) -> dict[str, str | None]:
    attributes: dict[str, str | None] = {}
    for key in _TEXT_ATTRIBUTES:
        if key not in body:
            continue
        value = body[key]
        if value is None and key == "requisition_id":
            attributes[key] = None
        elif isinstance(value, str) and (value.strip() or key != "name"):
            attributes[key] = value
        else:
            errors.append(FieldError(key, "must be a non-empty string"))
    return attributes


def _custom_fields(
    raw: object,
    definitions: Sequence[FieldDefinition],
    users: Sequence[SandboxUser],
    errors: list[FieldError],
) -> dict[str, Any]:
    if not isinstance(raw, list):
        errors.append(FieldError("custom_fields", "must be an array"))
        return {}
    by_id = {d.id: d for d in definitions}
    by_key = {d.name_key: d for d in definitions}
    user_map = {u.id: u for u in users}
    values: dict[str, Any] = {}
    for index, element in enumerate(raw):
        where = f"custom_fields[{index}]"
        try:
            definition = _identify(element, by_id, by_key)
            if definition.name_key in values:
                raise _Invalid(f"sets {definition.name_key!r} more than once")
            values[definition.name_key] = _value_of(element, definition, user_map)
        except _Invalid as exc:
            errors.append(FieldError(where, str(exc)))
    return values


def _identify(
    element: object, by_id: Mapping[int, FieldDefinition], by_key: Mapping[str, FieldDefinition]
) -> FieldDefinition:
    if not isinstance(element, dict):
        raise _Invalid("must be an object")
    if ("id" in element) == ("name_key" in element):
        raise _Invalid("must have exactly one of 'id' and 'name_key'")
    if "id" in element:
        field_id = element["id"]
        if not isinstance(field_id, int) or isinstance(field_id, bool) or field_id not in by_id:
            raise _Invalid(f"no job custom field has id {field_id!r}")
        return by_id[field_id]
    definition = by_key.get(element["name_key"]) if isinstance(element["name_key"], str) else None
    if definition is None:
        raise _Invalid(f"no job custom field has name_key {element['name_key']!r}")
    return definition


def _value_keys(field_type: str) -> frozenset[str]:
    if field_type == "currency_range":
        return frozenset({"min_value", "max_value", "unit"})
    if field_type == "number_range":
        return frozenset({"min_value", "max_value"})
    if field_type == "currency":
        return frozenset({"value", "unit"})
    return frozenset({"value"})


def _value_of(
    element: dict[str, Any], definition: FieldDefinition, users: Mapping[int, SandboxUser]
) -> Any:
    given = set(element) - {"id", "name_key"}
    if "delete_value" in given:
        if given != {"delete_value"} or element["delete_value"] not in (True, "true"):
            raise _Invalid("'delete_value' must be true and come alone")
        return None
    expected = _value_keys(definition.type)
    if given != expected:
        missing, unexpected = sorted(expected - given), sorted(given - expected)
        raise _Invalid(
            f"a {definition.type} field takes {sorted(expected)}"
            + (f"; missing {missing}" if missing else "")
            + (f"; unexpected {unexpected}" if unexpected else "")
        )
    if definition.type in _RANGE_TYPES:
        return _range(element, with_unit=definition.type == "currency_range")
    if definition.type == "currency":
        return {
            "amount": greenhouse_number(_decimal(element["value"])),
            "unit": _unit(element["unit"]),
        }
    return _CONVERTERS[definition.type](element["value"], definition, users)


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _Invalid(f"{raw!r} is not a number")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise _Invalid(f"{raw!r} is not a number") from None
    if not number.is_finite():
        raise _Invalid(f"{raw!r} is not a finite number")
    return number


def greenhouse_number(value: Decimal | int | str) -> str:
    """A number the way Greenhouse serialises custom-field amounts: "95000.0"."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{number:.1f}"
    return format(number.normalize(), "f")


def _unit(raw: object) -> str:
    if not isinstance(raw, str) or not _CURRENCY.match(raw):
        raise _Invalid(f"unit {raw!r} is not an ISO 4217 currency code")
    return raw


def _range(element: dict[str, Any], *, with_unit: bool) -> dict[str, str]:
    low, high = _decimal(element["min_value"]), _decimal(element["max_value"])
    if low < 0 or high < low:
        raise _Invalid("min_value must be >= 0 and <= max_value")
    value = {"min_value": greenhouse_number(low), "max_value": greenhouse_number(high)}
    if with_unit:
        value["unit"] = _unit(element["unit"])
    return value


def _text(limit: int) -> Callable[[object, FieldDefinition, Mapping[int, SandboxUser]], Any]:
    def convert(raw: object, _d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> str:
        if not isinstance(raw, str) or len(raw) > limit:
            raise _Invalid(f"must be a string of at most {limit} characters")
        return raw

    return convert


def _boolean(raw: object, _d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> bool:
    if not isinstance(raw, bool):
        raise _Invalid("must be true or false")
    return raw


def _number(raw: object, _d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> float | int:
    number = _decimal(raw)
    return int(number) if number == number.to_integral_value() else float(number)


def _option(raw: object, definition: FieldDefinition) -> str:
    option = next((o for o in definition.options if o.id == raw and type(raw) is int), None)
    if option is None:
        raise _Invalid(f"{raw!r} is not the id of an option of {definition.name_key!r}")
    return option.name


def _single_select(raw: object, d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> str:
    return _option(raw, d)


def _multi_select(raw: object, d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> list[str]:
    if not isinstance(raw, list):
        raise _Invalid("must be an array of option ids")
    return [_option(item, d) for item in raw]


def _date(raw: object, _d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> str:
    if isinstance(raw, str) and _DATE.match(raw):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(raw).isoformat()
    raise _Invalid(f"{raw!r} is not a date (YYYY-MM-DD)")


def _url(raw: object, _d: FieldDefinition, _u: Mapping[int, SandboxUser]) -> str:
    parts = urlsplit(raw) if isinstance(raw, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Invalid(f"{raw!r} is not an http(s) URL")
    return str(raw)


def _user(raw: object, _d: FieldDefinition, users: Mapping[int, SandboxUser]) -> dict[str, Any]:
    user = users.get(raw) if type(raw) is int else None
    if user is None:
        raise _Invalid(f"{raw!r} is not the id of a user")
    return {"user_id": user.id, "name": user.name, "email": user.email}


_CONVERTERS: dict[str, Callable[[object, FieldDefinition, Mapping[int, SandboxUser]], Any]] = {
    "short_text": _text(_MAX_SHORT_TEXT),
    "long_text": _text(_MAX_LONG_TEXT),
    "boolean": _boolean,
    "number": _number,
    "single_select": _single_select,
    "multi_select": _multi_select,
    "date": _date,
    "url": _url,
    "user": _user,
}
