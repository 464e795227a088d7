"""The Lever subset the sandbox speaks, under `/lever/v1`: requisitions (list, get, update),
postings (list) and users (get), with Basic auth (the API key as user name) and Lever's
cursor paging (`hasNext`, `next`).

A requisition update replaces the requisition's writable fields, as Lever's `PUT` does, and
moves its `updatedAt`; every applied update is kept for tests to read.
"""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from fastapi import APIRouter, Request

from leveling_devstack.ats_sandbox.basic_auth import require_key
from leveling_devstack.ats_sandbox.problems import SandboxProblem
from leveling_devstack.people import SandboxUser

__all__ = [
    "SANDBOX_LEVER_API_KEY",
    "LeverAccount",
    "LeverUpdate",
    "inspection",
    "lever_user_id",
    "router",
]

SANDBOX_LEVER_API_KEY = "sandbox-lever-key"
_NAMESPACE = uuid.UUID("5c1f8b2e-7d44-4a0b-9b61-2e8d4f6a0c13")
_PAGE = 50
# What a client may set with PUT; the rest (id, timestamps, hire counts) is Lever's own.
WRITABLE = (
    "requisitionCode",
    "name",
    "status",
    "headcountTotal",
    "location",
    "team",
    "department",
    "hiringManager",
    "owner",
    "compensationBand",
    "employmentStatus",
    "customFields",
)


def lever_user_id(user: SandboxUser) -> str:
    """The uuid a sandbox user has in Lever."""
    return str(uuid.uuid5(_NAMESPACE, f"user:{user.id}"))


@dataclass(frozen=True)
class LeverUpdate:
    """One applied `PUT /requisitions/{id}`."""

    requisition_id: str
    body: dict[str, Any]
    idempotency_key: str | None


@dataclass
class _Books:
    requisitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    postings: dict[str, dict[str, Any]] = field(default_factory=dict)
    updates: list[LeverUpdate] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)


def _now_ms() -> int:
    return int(time.time() * 1000)


class LeverAccount:
    """One Lever account: its users, requisitions and postings, and the updates made."""

    def __init__(
        self, users: Iterable[SandboxUser], *, api_keys: Iterable[str] = (SANDBOX_LEVER_API_KEY,)
    ) -> None:
        self.users = {lever_user_id(u): u for u in users}
        self.api_keys = frozenset(api_keys)
        self._lock = threading.Lock()
        self._books = _Books()

    def reset(self) -> None:
        with self._lock:
            self._books = _Books()

    def put_requisition(self, row: Mapping[str, Any]) -> None:
        with self._lock:
            stored = copy.deepcopy(dict(row))
            stored.setdefault("createdAt", _now_ms())
            stored.setdefault("updatedAt", stored["createdAt"])
            self._books.requisitions[str(row["id"])] = stored

    def put_posting(self, posting: Mapping[str, Any]) -> None:
        with self._lock:
            self._books.postings[str(posting["id"])] = copy.deepcopy(dict(posting))

    def requisition(self, requisition_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._books.requisitions.get(requisition_id)
            return copy.deepcopy(found) if found is not None else None

    def updates(self) -> list[LeverUpdate]:
        with self._lock:
            return list(self._books.updates)

    def page(self, kind: str, offset: int) -> tuple[list[dict[str, Any]], int | None]:
        with self._lock:
            rows = list(getattr(self._books, kind).values())
        chunk = copy.deepcopy(rows[offset : offset + _PAGE])
        return chunk, offset + _PAGE if offset + _PAGE < len(rows) else None

    def update(
        self, requisition_id: str, body: Mapping[str, Any], idempotency_key: str | None
    ) -> dict[str, Any] | None:
        """Replace the writable fields once per Idempotency-Key; None for an unknown id."""
        with self._lock:
            row = self._books.requisitions.get(requisition_id)
            if row is None:
                return None
            if idempotency_key and idempotency_key in self._books.seen_keys:
                return copy.deepcopy(row)
            for name in WRITABLE:
                row.pop(name, None)
                if name in body:
                    row[name] = copy.deepcopy(body[name])
            row["updatedAt"] = max(_now_ms(), int(row.get("updatedAt") or 0) + 1)
            self._books.updates.append(LeverUpdate(requisition_id, dict(body), idempotency_key))
            if idempotency_key:
                self._books.seen_keys.add(idempotency_key)
            return copy.deepcopy(row)


router = APIRouter(prefix="/lever/v1", tags=["lever"])
inspection = APIRouter(prefix="/sandbox/lever", tags=["sandbox"])


def _sandbox_account(request: Request) -> LeverAccount:
    account: LeverAccount = request.app.state.sandbox.lever
    return account


def _account(request: Request) -> LeverAccount:
    """The account, once the request's Basic credentials name one of its API keys."""
    account = _sandbox_account(request)
    require_key(request, account.api_keys, message="Invalid API key")
    return account


def _listing(account: LeverAccount, kind: str, offset: str | None) -> dict[str, Any]:
    start = int(offset) if offset and offset.isdigit() else 0
    rows, following = account.page(kind, start)
    body: dict[str, Any] = {"data": rows, "hasNext": following is not None}
    if following is not None:
        body["next"] = str(following)
    return body


@router.get("/requisitions")
def list_requisitions(request: Request, offset: str | None = None) -> dict[str, Any]:
    return _listing(_account(request), "requisitions", offset)


@router.get("/requisitions/{requisition_id}")
def get_requisition(requisition_id: str, request: Request) -> dict[str, Any]:
    found = _account(request).requisition(requisition_id)
    if found is None:
        raise SandboxProblem(404, f"requisition {requisition_id} not found")
    return {"data": found}


@router.put("/requisitions/{requisition_id}")
async def update_requisition(requisition_id: str, request: Request) -> dict[str, Any]:
    account = _account(request)
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("customFields", {}), dict):
        raise SandboxProblem(400, "a requisition object with customFields as an object")
    missing = [name for name in ("requisitionCode", "name", "headcountTotal") if name not in body]
    if missing:
        raise SandboxProblem(400, f"required fields missing: {', '.join(missing)}")
    updated = account.update(requisition_id, body, request.headers.get("idempotency-key"))
    if updated is None:
        raise SandboxProblem(404, f"requisition {requisition_id} not found")
    return {"data": updated}


@router.get("/postings")
def list_postings(request: Request, offset: str | None = None) -> dict[str, Any]:
    return _listing(_account(request), "postings", offset)


@router.get("/users/{user_id}")
def get_user(user_id: str, request: Request) -> dict[str, Any]:
    user = _account(request).users.get(user_id)
    if user is None:
        raise SandboxProblem(404, f"user {user_id} not found")
    return {
        "data": {
            "id": user_id,
            "name": user.name,
            "username": user.email.partition("@")[0],
            "email": user.email,
            "accessRole": "super admin" if user.role == "integration" else "team member",
            "deactivatedAt": None,
        }
    }


@inspection.post("/requisitions", status_code=204)
async def add_requisition(request: Request) -> None:
    _sandbox_account(request).put_requisition(await request.json())


@inspection.post("/postings", status_code=204)
async def add_posting(request: Request) -> None:
    _sandbox_account(request).put_posting(await request.json())


@inspection.get("/updates")
def list_updates(request: Request) -> list[dict[str, Any]]:
    return [asdict(u) for u in _sandbox_account(request).updates()]
