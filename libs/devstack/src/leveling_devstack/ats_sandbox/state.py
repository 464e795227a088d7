"""Everything the ATS sandbox knows: jobs, users, write-backs, calls, faults, webhook settings.

One lock guards it all, because the HTTP server runs in its own thread while tests read
and change the state from theirs. Readers get copies, never the live objects.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from leveling_devstack.ats_sandbox.ashby import AshbyAccount
from leveling_devstack.ats_sandbox.lever import LeverAccount
from leveling_devstack.ats_sandbox.oauth import TokenIssuer
from leveling_devstack.custom_fields import DEFAULT_JOB_FIELDS, FieldDefinition, JobEdit
from leveling_devstack.people import INTEGRATION_USER, USERS, SandboxUser
from leveling_devstack.samples import handwritten_jobs

if TYPE_CHECKING:
    from leveling_devstack.smtp_sink import SmtpSink

__all__ = [
    "SANDBOX_API_KEY",
    "Admission",
    "CallRecord",
    "Faults",
    "SandboxState",
    "WebhookDelivery",
    "WebhookSettings",
    "WriteBack",
    "WriteResult",
]

SANDBOX_API_KEY = "sandbox-harvest-key"


def utc_now_iso() -> str:
    """Greenhouse's timestamp style: `2025-03-03T14:05:00.123Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class CallRecord:
    """One raw request to the Harvest API, whatever its outcome."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: str
    status: int
    received_at: str
    duration_ms: float


@dataclass(frozen=True)
class WriteBack:
    """One accepted job edit: a distinct effect (replays are not recorded again)."""

    job_id: int
    body: Any
    headers: dict[str, str]
    idempotency_key: str | None
    on_behalf_of: int
    changed_fields: list[str]
    received_at: str


@dataclass(frozen=True)
class WriteResult:
    status: int
    body: dict[str, Any]
    replayed: bool
    changed: bool


@dataclass(frozen=True)
class WebhookDelivery:
    event_id: str
    action: str
    job_id: int
    target: str
    status: int | None
    error: str | None
    sent_at: str


@dataclass
class WebhookSettings:
    """Emulated Greenhouse behaviour: a signed `job_updated` after an edit that changes a job."""

    emit_job_updated: bool = False
    target: str | None = None
    secret: str | None = None

    @property
    def active(self) -> bool:
        return self.emit_job_updated and bool(self.target) and bool(self.secret)


@dataclass
class Faults:
    down: bool = False
    fail_every: int = 0
    fail_status: int = 503
    rate_limit_next: int = 0
    retry_after_s: float = 1.0


@dataclass(frozen=True)
class Admission:
    """The gateway's verdict on one call, with the rate-limit headers to send either way."""

    allowed: bool
    limit: int
    remaining: int
    status: int = 200
    retry_after_s: int | None = None
    reason: str = ""


class JobNotFound(LookupError):
    pass


@dataclass
class _Window:
    started: float
    used: int = 0


@dataclass
class _Log:
    calls: list[CallRecord] = field(default_factory=list)
    writebacks: list[WriteBack] = field(default_factory=list)
    answers: dict[str, WriteResult] = field(default_factory=dict)
    webhooks: list[WebhookDelivery] = field(default_factory=list)
    attempts: int = 0


class SandboxState:
    """The sandbox's data. Pass it to `create_app()`; keep a reference to inspect or steer."""

    def __init__(
        self,
        *,
        jobs: Iterable[Mapping[str, Any]] | None = None,
        users: Sequence[SandboxUser] = USERS,
        fields: Sequence[FieldDefinition] = DEFAULT_JOB_FIELDS,
        api_keys: Iterable[str] = (SANDBOX_API_KEY,),
        rate_limit: int = 50,
        rate_window_s: float = 10.0,
        webhooks: WebhookSettings | None = None,
        mail: SmtpSink | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        initial = handwritten_jobs() if jobs is None else [dict(j) for j in jobs]
        self._initial_jobs = {int(j["id"]): copy.deepcopy(j) for j in initial}
        self._initial_webhooks = replace(webhooks) if webhooks else WebhookSettings()
        self.users = tuple(users)
        self.fields = tuple(fields)
        self.api_keys = frozenset(api_keys)
        self.rate_limit = rate_limit
        self.rate_window_s = rate_window_s
        self.mail = mail
        self.on_behalf_of_default = INTEGRATION_USER.id
        self.tokens = TokenIssuer(clock=clock)
        self.ashby = AshbyAccount(self.users)
        self.lever = LeverAccount(self.users)
        self._clock = clock
        self._lock = threading.RLock()
        self._jobs = copy.deepcopy(self._initial_jobs)
        self._webhooks = replace(self._initial_webhooks)
        self._faults = Faults()
        self._window = _Window(started=clock())
        self._log = _Log()

    # -- reset ---------------------------------------------------------------------------
    def reset(self, *, include_mail: bool = False) -> None:
        """Back to the state at construction (jobs, logs, faults, webhook settings)."""
        with self._lock:
            self._jobs = copy.deepcopy(self._initial_jobs)
            self._webhooks = replace(self._initial_webhooks)
            self._faults = Faults()
            self._window = _Window(started=self._clock())
            self._log = _Log()
        self.tokens.reset()
        self.ashby.reset()
        self.lever.reset()
        if include_mail and self.mail is not None:
            self.mail.reset()

    # -- jobs and users ----------------------------------------------------------------
    def jobs(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(list(self._jobs.values()))

    def job(self, job_id: int) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return copy.deepcopy(job) if job is not None else None

    def put_job(self, job: Mapping[str, Any]) -> None:
        """Add or replace a job (until the next reset)."""
        with self._lock:
            self._jobs[int(job["id"])] = copy.deepcopy(dict(job))

    def user(self, user_id: int) -> SandboxUser | None:
        return next((u for u in self.users if u.id == user_id), None)

    def accepts_key(self, key: str) -> bool:
        return key in self.api_keys

    # -- write-backs ---------------------------------------------------------------------
    def replay(self, idempotency_key: str | None) -> WriteResult | None:
        """The first answer given to this Idempotency-Key, if any."""
        if idempotency_key is None:
            return None
        with self._lock:
            answer = self._log.answers.get(idempotency_key)
        return replace(answer, replayed=True) if answer is not None else None

    def write_back(
        self,
        *,
        job_id: int,
        edit: JobEdit,
        body: Any,
        headers: Mapping[str, str],
        idempotency_key: str | None,
        on_behalf_of: int,
    ) -> WriteResult:
        """Apply an edit once per Idempotency-Key; JobNotFound for an unknown job."""
        with self._lock:
            earlier = self.replay(idempotency_key)
            if earlier is not None:
                return earlier
            job = self._jobs.get(job_id)
            if job is None:
                raise JobNotFound(job_id)
            changed = self._apply(job, edit)
            self._log.writebacks.append(
                WriteBack(
                    job_id=job_id,
                    body=copy.deepcopy(body),
                    headers=dict(headers),
                    idempotency_key=idempotency_key,
                    on_behalf_of=on_behalf_of,
                    changed_fields=changed,
                    received_at=utc_now_iso(),
                )
            )
            result = WriteResult(200, copy.deepcopy(job), replayed=False, changed=bool(changed))
            if idempotency_key is not None:
                self._log.answers[idempotency_key] = result
            return result

    def _apply(self, job: dict[str, Any], edit: JobEdit) -> list[str]:
        by_key = {d.name_key: d for d in self.fields}
        custom = job.setdefault("custom_fields", {})
        changed: list[str] = []
        for key, value in edit.custom_fields.items():
            before = (custom.get(key) or {}).get("value")
            custom[key] = by_key[key].keyed(value)
            if before != value:
                changed.append(key)
        for key, text in edit.attributes.items():
            if job.get(key) != text:
                job[key] = text
                changed.append(key)
        if changed:
            job["updated_at"] = utc_now_iso()
        return changed

    def writebacks(self, job_id: int | None = None) -> list[WriteBack]:
        with self._lock:
            return [w for w in self._log.writebacks if job_id is None or w.job_id == job_id]

    # -- calls, faults, rate limits ------------------------------------------------------
    def record_call(self, call: CallRecord) -> None:
        with self._lock:
            self._log.calls.append(call)

    def calls(self) -> list[CallRecord]:
        with self._lock:
            return list(self._log.calls)

    def set_down(self, down: bool) -> None:
        """While down, every Harvest call gets 503."""
        with self._lock:
            self._faults.down = down

    def fail_every(self, n: int, status: int = 503) -> None:
        """Every n-th Harvest call gets `status`; 0 turns it off."""
        if n < 0 or not 400 <= status < 600:
            raise ValueError("n must be >= 0 and status an HTTP error status")
        with self._lock:
            self._faults.fail_every, self._faults.fail_status = n, status
            self._log.attempts = 0

    def rate_limit_next(self, k: int, retry_after_s: float = 1.0) -> None:
        """The next k Harvest calls get 429 with `Retry-After`."""
        if k < 0 or retry_after_s < 0:
            raise ValueError("k and retry_after_s must be >= 0")
        with self._lock:
            self._faults.rate_limit_next, self._faults.retry_after_s = k, retry_after_s

    def clear_faults(self) -> None:
        with self._lock:
            self._faults = Faults()

    def faults(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._faults)

    def admit(self) -> Admission:
        """Decide one Harvest call: injected faults first, then the real rate limit."""
        with self._lock:
            now = self._clock()
            if now - self._window.started >= self.rate_window_s:
                self._window = _Window(started=now)
            remaining = max(0, self.rate_limit - self._window.used - 1)
            verdict = Admission(allowed=True, limit=self.rate_limit, remaining=remaining)
            faults = self._faults
            if faults.down:
                return replace(verdict, allowed=False, status=503, reason="down")
            if faults.rate_limit_next > 0:
                faults.rate_limit_next -= 1
                wait = math.ceil(faults.retry_after_s)
                return replace(verdict, allowed=False, status=429, retry_after_s=wait)
            self._log.attempts += 1
            if faults.fail_every and self._log.attempts % faults.fail_every == 0:
                return replace(verdict, allowed=False, status=faults.fail_status, reason="fault")
            if self._window.used >= self.rate_limit:
                wait = math.ceil(self.rate_window_s - (now - self._window.started))
                return replace(verdict, allowed=False, status=429, retry_after_s=max(1, wait))
            self._window.used += 1
            return verdict

    # -- webhook emulation ---------------------------------------------------------------
    def configure_webhooks(
        self,
        *,
        emit_job_updated: bool | None = None,
        target: str | None = None,
        secret: str | None = None,
    ) -> WebhookSettings:
        """Change the given settings only; returns the settings now in force."""
        with self._lock:
            if emit_job_updated is not None:
                self._webhooks.emit_job_updated = emit_job_updated
            if target is not None:
                self._webhooks.target = target
            if secret is not None:
                self._webhooks.secret = secret
            return replace(self._webhooks)

    def webhook_settings(self) -> WebhookSettings:
        with self._lock:
            return replace(self._webhooks)

    def record_webhook(self, delivery: WebhookDelivery) -> None:
        with self._lock:
            self._log.webhooks.append(delivery)

    def webhooks(self) -> list[WebhookDelivery]:
        with self._lock:
            return list(self._log.webhooks)
