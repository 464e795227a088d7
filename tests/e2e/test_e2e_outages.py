"""Outages and crashes: nothing lost, nothing doubled."""

from __future__ import annotations

import signal
import threading
import time

import pytest

pytestmark = pytest.mark.e2e

RECIPIENTS = 2


def _assert_exactly_once(driver, jobs) -> None:
    for job in jobs:
        assert [d["decision_version"] for d in driver.decisions(job)] == [1], job["id"]
        writebacks = driver.writebacks(job["id"])
        assert len(writebacks) == 1, job["id"]
        mail = driver.mail_for(job)
        # One email per recipient. A process killed after the mail server accepted an email
        # but before its outcome was stored sends it again once its lease lapses: SMTP has
        # no idempotency key, so the repeat carries the first copy's Message-ID (DESIGN
        # section 3), which mail readers use to drop it. Nothing else may be doubled.
        assert len({m["message_id"] for m in mail}) == RECIPIENTS, job["id"]
        for message_id in {m["message_id"] for m in mail}:
            copies = [m for m in mail if m["message_id"] == message_id]
            assert len({tuple(m["to"]) for m in copies}) == 1, job["id"]
            assert len({m["subject"] for m in copies}) == 1, job["id"]


def _all_delivered(driver, jobs) -> bool:
    return all(
        driver.writebacks(job["id"]) and len(driver.mail_for(job)) >= RECIPIENTS for job in jobs
    )


def test_with_the_catalogue_down_decisions_resume_afterwards_with_nothing_lost(
    driver, wait, stack, outage_seconds
):
    stack.stop_process("catalogue")
    # A restarted worker has no snapshot yet: it must wait, not decide without one.
    stack.kill("leveler")
    stack.start_service("leveler")
    stack.wait_ready("leveler")
    jobs = [driver.new_job(i % 3) for i in range(6)]
    for job in jobs:
        driver.send(job)
    time.sleep(outage_seconds)
    assert all(driver.decision(job) is None for job in jobs)

    stack.start_service("catalogue")
    stack.wait_ready("catalogue")
    wait(lambda: all(driver.decision(job) for job in jobs), seconds=60, what="decisions")
    wait(lambda: _all_delivered(driver, jobs), seconds=60, what="deliveries")
    _assert_exactly_once(driver, jobs)


def test_with_smtp_and_the_ats_down_deliveries_complete_after_recovery_none_twice(
    driver, wait, outage_seconds
):
    driver.faults(down=True, smtp_down=True)
    jobs = [driver.new_job(i % 3) for i in range(6)]
    for job in jobs:
        driver.send(job)
    wait(lambda: all(driver.decision(job) for job in jobs), what="decisions")
    time.sleep(outage_seconds)
    assert all(not driver.writebacks(job["id"]) for job in jobs)
    assert all(not driver.mail_for(job) for job in jobs)

    driver.faults(down=False, smtp_down=False)
    wait(lambda: _all_delivered(driver, jobs), seconds=120, what="deliveries after recovery")
    _assert_exactly_once(driver, jobs)


def test_sigkill_of_each_worker_during_a_stream_loses_and_doubles_nothing(
    driver, wait, stack, new_driver
):
    jobs = [driver.new_job(i % 3) for i in range(60)]
    sent = threading.Event()
    errors: list[BaseException] = []

    def stream() -> None:
        try:
            for job in jobs:
                driver_for_thread.send_like_an_ats(job)
                time.sleep(0.05)
            sent.set()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    driver_for_thread = new_driver()
    sender = threading.Thread(target=stream)
    sender.start()
    try:
        for service in ("leveler", "notifier"):
            time.sleep(0.8)
            stack.kill(service, signal.SIGKILL)
            stack.start_service(service)
            stack.wait_ready(service)
        sender.join(timeout=120)
        assert not errors
        assert sent.is_set()
    finally:
        driver_for_thread.close()
    wait(lambda: all(driver.decision(job) for job in jobs), seconds=90, what="decisions")
    wait(lambda: _all_delivered(driver, jobs), seconds=120, what="deliveries")
    _assert_exactly_once(driver, jobs)
