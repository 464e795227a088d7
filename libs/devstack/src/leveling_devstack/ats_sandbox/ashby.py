"""The Ashby subset the sandbox speaks, under `/ashby`: `customField.setValues` and
`user.info`, RPC over POST with the API key as the Basic user name.

Like Ashby, it answers a refused request (unknown job, unknown field, a value of the wrong
shape) with HTTP 200 and `{"success": false, "errors": [...]}`; only bad credentials get a
401. Jobs are known by id once registered (`AshbyAccount.add_job`, or
`POST /sandbox/ashby/jobs`).
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from fastapi import APIRouter, Request

from leveling_devstack.ats_sandbox.basic_auth import require_key
from leveling_devstack.ats_sandbox.problems import SandboxProblem
from leveling_devstack.people import SandboxUser

__all__ = [
    "ASHBY_FIELDS",
    "SANDBOX_ASHBY_API_KEY",
    "AshbyAccount",
    "AshbyWrite",
    "ashby_user_id",
    "router",
]

SANDBOX_ASHBY_API_KEY = "sandbox-ashby-key"
_NAMESPACE = uuid.UUID("0f4e2a6c-93b1-4d27-8e55-6a1c0b7d3e90")


@dataclass(frozen=True)
class _FieldIds:
    """The ids of the sandbox's job custom fields, by the notifier setting they go into."""

    level: str = str(uuid.uuid5(_NAMESPACE, "field:level"))
    pay_band: str = str(uuid.uuid5(_NAMESPACE, "field:pay_band"))
    rationale: str = str(uuid.uuid5(_NAMESPACE, "field:level_rationale"))


ASHBY_FIELDS = _FieldIds()
_FIELD_TYPES = {
    ASHBY_FIELDS.level: "String",
    ASHBY_FIELDS.pay_band: "CompensationRange",
    ASHBY_FIELDS.rationale: "LongText",
}
_RANGE_KEYS = {"type", "minValue", "maxValue", "currencyCode", "interval"}


def ashby_user_id(user: SandboxUser) -> str:
    """The uuid a sandbox user has in Ashby."""
    return str(uuid.uuid5(_NAMESPACE, f"user:{user.id}"))


@dataclass(frozen=True)
class AshbyWrite:
    """One applied `customField.setValues` (a replayed Idempotency-Key is not recorded)."""

    job_id: str
    values: dict[str, Any]
    idempotency_key: str | None


@dataclass
class _Books:
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    writes: list[AshbyWrite] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)


def _value_problem(field_id: str, value: Any) -> str | None:
    kind = _FIELD_TYPES.get(field_id)
    if kind is None:
        return f"unknown custom field {field_id}"
    if value is None:
        return None
    if kind in ("String", "LongText"):
        return None if isinstance(value, str) else f"{field_id} takes a string"
    if not isinstance(value, dict) or set(value) != _RANGE_KEYS:
        return f"{field_id} takes a compensation-range object"
    if value["type"] != "compensation-range" or value["minValue"] > value["maxValue"]:
        return f"{field_id}: not a valid compensation range"
    return None


class AshbyAccount:
    """One Ashby organisation: its users, its jobs' custom field values, the writes."""

    def __init__(
        self, users: Iterable[SandboxUser], *, api_keys: Iterable[str] = (SANDBOX_ASHBY_API_KEY,)
    ) -> None:
        self.users = {ashby_user_id(u): u for u in users}
        self.api_keys = frozenset(api_keys)
        self._lock = threading.Lock()
        self._books = _Books()

    def reset(self) -> None:
        with self._lock:
            self._books = _Books()

    def add_job(self, job_id: str) -> None:
        with self._lock:
            self._books.fields.setdefault(job_id, {})

    def job_fields(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._books.fields.get(job_id)
            return copy.deepcopy(found) if found is not None else None

    def writes(self) -> list[AshbyWrite]:
        with self._lock:
            return list(self._books.writes)

    def set_values(
        self, job_id: str, values: Mapping[str, Any], idempotency_key: str | None
    ) -> list[str]:
        """Apply all values or none; the errors Ashby would report, empty when applied."""
        with self._lock:
            job = self._books.fields.get(job_id)
            if job is None:
                return [f"job {job_id} not found"]
            errors = [p for f, v in values.items() if (p := _value_problem(f, v)) is not None]
            if errors or (idempotency_key and idempotency_key in self._books.seen_keys):
                return errors
            job.update(copy.deepcopy(dict(values)))
            self._books.writes.append(AshbyWrite(job_id, dict(values), idempotency_key))
            if idempotency_key:
                self._books.seen_keys.add(idempotency_key)
            return []


router = APIRouter(prefix="/ashby", tags=["ashby"])
inspection = APIRouter(prefix="/sandbox/ashby", tags=["sandbox"])


def _sandbox_account(request: Request) -> AshbyAccount:
    account: AshbyAccount = request.app.state.sandbox.ashby
    return account


def _account(request: Request) -> AshbyAccount:
    """The account, once the request's Basic credentials name one of its API keys."""
    account = _sandbox_account(request)
    require_key(request, account.api_keys, message="invalid API key")
    return account


def _refused(*errors: str) -> dict[str, Any]:
    return {"success": False, "errors": list(errors)}


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {}


@router.post("/customField.setValues")
async def set_values(request: Request) -> dict[str, Any]:
    account = _account(request)
    body = await _body(request)
    values = body.get("values")
    if body.get("objectType") != "Job" or not isinstance(values, list) or not values:
        return _refused("invalid_input: objectType Job and a non-empty values array")
    if not all(isinstance(v, dict) and isinstance(v.get("fieldId"), str) for v in values):
        return _refused("invalid_input: every value needs a fieldId")
    by_field = {v["fieldId"]: v.get("fieldValue") for v in values}
    errors = account.set_values(
        str(body.get("objectId")), by_field, request.headers.get("idempotency-key")
    )
    return _refused(*errors) if errors else {"success": True, "results": {"updated": True}}


@router.post("/user.info")
async def user_info(request: Request) -> dict[str, Any]:
    account = _account(request)
    user_id = str((await _body(request)).get("userId") or "")
    user = account.users.get(user_id)
    if user is None:
        return _refused(f"user {user_id} not found")
    return {
        "success": True,
        "results": {
            "id": user_id,
            "firstName": user.first_name,
            "lastName": user.last_name,
            "email": user.email,
            "globalRole": "Organization Admin" if user.role == "integration" else "Elevated Access",
            "isEnabled": True,
        },
    }


@inspection.post("/jobs/{job_id}", status_code=204)
def register_job(job_id: str, request: Request) -> None:
    _sandbox_account(request).add_job(job_id)


@inspection.get("/jobs/{job_id}")
def job_fields(job_id: str, request: Request) -> dict[str, Any]:
    found = _sandbox_account(request).job_fields(job_id)
    if found is None:
        raise SandboxProblem(404, f"no Ashby job {job_id}")
    return found


@inspection.get("/writes")
def list_writes(request: Request) -> list[dict[str, Any]]:
    return [asdict(w) for w in _sandbox_account(request).writes()]
