from typing import Any

import pytest

from leveling_devstack.ats_sandbox.state import (
    JobNotFound,
    SandboxState,
    WebhookSettings,
    WriteResult,
)
from leveling_devstack.custom_fields import JobEdit


def _job(state: SandboxState, job_id: int = 4012001) -> dict[str, Any]:
    job = state.job(job_id)
    assert job is not None
    return job


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _write(
    state: SandboxState, key: str | None, level: str = "M2", job_id: int = 4012001
) -> WriteResult:
    return state.write_back(
        job_id=job_id,
        edit=JobEdit(custom_fields={"level": level}),
        body={"custom_fields": [{"name_key": "level", "value": level}]},
        headers={"idempotency-key": key or ""},
        idempotency_key=key,
        on_behalf_of=4080000,
    )


def test_rate_limit_counts_down_then_answers_429_until_the_window_ends():
    clock = Clock()
    state = SandboxState(rate_limit=2, rate_window_s=10, clock=clock)

    first, second, third = state.admit(), state.admit(), state.admit()
    clock.now += 10
    fourth = state.admit()

    assert (first.allowed, first.limit, first.remaining) == (True, 2, 1)
    assert (second.allowed, second.remaining) == (True, 0)
    assert (third.allowed, third.status, third.retry_after_s) == (False, 429, 10)
    assert (fourth.allowed, fourth.remaining) == (True, 1)


def test_injected_faults_apply_in_order_down_then_forced_429_then_every_nth():
    state = SandboxState()
    state.set_down(True)
    assert state.admit().status == 503

    state.set_down(False)
    state.rate_limit_next(1, retry_after_s=0.2)
    forced = state.admit()
    assert (forced.status, forced.retry_after_s) == (429, 1)

    state.fail_every(3, status=500)
    statuses = [state.admit() for _ in range(6)]
    assert [a.allowed for a in statuses] == [True, True, False, True, True, False]
    assert statuses[2].status == 500


def test_fault_arguments_out_of_range_are_refused():
    state = SandboxState()
    with pytest.raises(ValueError, match="HTTP error status"):
        state.fail_every(2, status=200)
    with pytest.raises(ValueError, match=">= 0"):
        state.rate_limit_next(-1)


def test_a_repeated_idempotency_key_replays_the_first_answer_without_a_new_effect():
    state = SandboxState()

    first = _write(state, "delivery-1", "M2")
    again = _write(state, "delivery-1", "M4")

    assert not first.replayed
    assert again.replayed
    assert again.body == first.body
    assert _job(state)["custom_fields"]["level"]["value"] == "M2"
    assert len(state.writebacks()) == 1


def test_writes_without_a_key_each_count_and_report_what_changed():
    state = SandboxState()

    changed = _write(state, None, "M2")
    unchanged = _write(state, None, "M2")

    assert (changed.changed, unchanged.changed) == (True, False)
    assert [w.changed_fields for w in state.writebacks()] == [["level"], []]


def test_writing_to_an_unknown_job_is_refused():
    with pytest.raises(JobNotFound):
        _write(SandboxState(), "k", job_id=1)


def test_reset_restores_jobs_logs_faults_and_webhook_settings():
    state = SandboxState(webhooks=WebhookSettings(target="http://127.0.0.1:9/hook", secret="s"))
    _write(state, "k")
    state.put_job({"id": 1, "name": "Temporary"})
    state.set_down(True)
    state.configure_webhooks(emit_job_updated=True)

    state.reset()

    assert _job(state)["custom_fields"]["level"]["value"] is None
    assert state.job(1) is None
    assert state.writebacks() == []
    assert state.replay("k") is None
    assert state.faults()["down"] is False
    assert state.webhook_settings() == WebhookSettings(target="http://127.0.0.1:9/hook", secret="s")


def test_webhook_emulation_is_active_only_when_switched_on_with_target_and_secret():
    state = SandboxState()
    assert not state.webhook_settings().active

    state.configure_webhooks(emit_job_updated=True, target="http://127.0.0.1:9/hook")
    assert not state.webhook_settings().active

    state.configure_webhooks(secret="s")
    assert state.webhook_settings().active


def test_readers_get_copies_not_the_live_jobs():
    state = SandboxState()

    _job(state)["name"] = "changed"
    state.jobs()[0]["name"] = "changed"

    assert _job(state)["name"] == "Clinical Trial Manager"
