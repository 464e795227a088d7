from dataclasses import replace

from notifier.domain.delivery import Channel, Status
from notifier.domain.digest import digest_id, plan_digest_entries, summarise_digest
from notifier.domain.planning import Routing, delivery_id, plan_deliveries, settle_against_newer

ROUTING = Routing()


def test_a_greenhouse_decision_gets_one_write_back_and_one_email_per_person(decision, t0):
    planned = plan_deliveries(decision(), ROUTING, now=t0)
    channels = [(d.channel, d.recipient.key, d.recipient.role) for d in planned]
    assert channels == [
        (Channel.GREENHOUSE, "job:greenhouse:4012001", "ats"),
        (Channel.EMAIL, "user:greenhouse:4080001", "recruiter"),
        (Channel.EMAIL, "email:elena.vasquez@meridianbio.example.com", "hiring_manager"),
    ]
    assert all(d.status is Status.PENDING and d.next_attempt_at == t0 for d in planned)


def test_planning_the_same_decision_twice_gives_the_same_delivery_ids(decision, t0):
    one = decision()
    first = [d.id for d in plan_deliveries(one, ROUTING, now=t0)]
    again = [d.id for d in plan_deliveries(one, ROUTING, now=t0)]
    assert first == again
    assert len(set(first)) == 3
    assert first[0] == delivery_id(one.decision_id, Channel.GREENHOUSE, "job:greenhouse:4012001")


def test_only_greenhouse_decisions_get_the_greenhouse_channel(decision, t0):
    ashby = decision(
        source_system="ashby",
        requisition_key="ashby:9f1",
        hiring_team={
            "recruiters": [{"external_user_id": "u-1", "name": "Ann", "email": "ann@x.example"}],
            "hiring_managers": [{"external_user_id": "u-2", "name": "Bo", "email": None}],
        },
    )
    planned = plan_deliveries(ashby, ROUTING, now=t0)
    # An Ashby user id cannot be looked up in Greenhouse, so only Ann can be emailed.
    assert [(d.channel, d.recipient.key) for d in planned] == [
        (Channel.EMAIL, "email:ann@x.example")
    ]


def test_a_person_who_is_both_recruiter_and_hiring_manager_gets_one_email(decision, t0):
    same = {"external_user_id": "7", "name": "Sam Lee", "email": "Sam.Lee@X.example"}
    both = decision(hiring_team={"recruiters": [same], "hiring_managers": [same]})
    emails = [d for d in plan_deliveries(both, ROUTING, now=t0) if d.channel is Channel.EMAIL]
    assert [(d.recipient.key, d.recipient.role) for d in emails] == [
        ("email:sam.lee@x.example", "recruiter")
    ]


def test_the_webhook_channel_is_planned_only_when_configured(decision, t0):
    routing = Routing(webhook_url="https://hooks.example.com/leveling")
    planned = plan_deliveries(decision(hiring_team=None), routing, now=t0)
    assert [(d.channel, d.recipient.key) for d in planned] == [
        (Channel.GREENHOUSE, "job:greenhouse:4012001"),
        (Channel.WEBHOOK, "url:https://hooks.example.com/leveling"),
    ]


def test_a_decision_older_than_one_already_recorded_is_born_superseded(decision, t0):
    old = plan_deliveries(decision(decision_version=1), ROUTING, now=t0)
    latest = {("greenhouse:4012001", Channel.GREENHOUSE): 2}
    settled = settle_against_newer(old, latest)
    assert [d.status for d in settled] == [Status.SUPERSEDED, Status.PENDING, Status.PENDING]
    newer = [replace(d, decision_version=3) for d in old]
    assert all(d.status is Status.PENDING for d in settle_against_newer(newer, latest))


_SAME_AS_BEFORE = {
    "level": "M3",
    "status": "auto_approved",
    "flags": [],
    "band": {
        "min": 120000,
        "mid": 140000,
        "max": 160000,
        "currency": "USD",
        "interval": "year",
        "zone": "New York City",
        "band_set_id": "bs-2025-07",
        "effective_from": "2025-07-01",
    },
}


def test_a_version_that_changes_neither_level_band_nor_flags_is_sent_nowhere(decision, t0):
    unchanged = decision(decision_version=2, reason="requisition_changed", previous=_SAME_AS_BEFORE)
    assert plan_deliveries(unchanged, ROUTING, now=t0) == []


def test_a_setting_sends_unchanged_versions_too(decision, t0):
    unchanged = decision(decision_version=2, reason="requisition_changed", previous=_SAME_AS_BEFORE)
    planned = plan_deliveries(unchanged, Routing(notify_unchanged=True), now=t0)
    assert [d.channel for d in planned] == [Channel.GREENHOUSE, Channel.EMAIL, Channel.EMAIL]


def test_a_changed_flag_or_an_override_is_news(decision, t0):
    flagged = decision(
        decision_version=2,
        reason="requisition_changed",
        previous=_SAME_AS_BEFORE,
        flags=["range_required_missing"],
    )
    overridden = decision(
        decision_version=2,
        reason="override",
        status="overridden",
        previous=_SAME_AS_BEFORE,
        overridden_by="priya.raman",
    )
    assert len(plan_deliveries(flagged, ROUTING, now=t0)) == 3
    assert len(plan_deliveries(overridden, ROUTING, now=t0)) == 3


def test_a_previous_version_of_unknown_flags_counts_as_changed(decision, t0):
    before = {key: value for key, value in _SAME_AS_BEFORE.items() if key != "flags"}
    older_event = decision(decision_version=2, reason="requisition_changed", previous=before)
    assert len(plan_deliveries(older_event, ROUTING, now=t0)) == 3


def test_a_band_relevel_writes_back_per_job_and_emails_through_the_digest(decision, t0):
    relevel = decision(decision_version=2, reason="band_changed")
    planned = plan_deliveries(relevel, ROUTING, now=t0)
    entries = plan_digest_entries(relevel, ROUTING, now=t0)
    assert [d.channel for d in planned] == [Channel.GREENHOUSE]
    assert [e.recipient.key for e in entries] == [
        "user:greenhouse:4080001",
        "email:elena.vasquez@meridianbio.example.com",
    ]
    assert all(e.band_set_id == "bs-2026-01" for e in entries)
    assert all(e.due_at == t0 + ROUTING.digest_quiet for e in entries)


def test_digest_parts_have_ids_of_their_own_per_recipient_and_publication():
    ids = {digest_id(bs, who, part) for bs in ("a", "b") for who in ("x", "y") for part in (1, 2)}
    assert len(ids) == 8


def test_a_digest_lists_each_job_old_to_new(decision):
    before = {**_SAME_AS_BEFORE, "level": "M2"}
    moved = decision(decision_version=2, reason="band_changed", previous=before)
    (line,) = summarise_digest((moved,)).lines
    assert line.level == "M2 → M3"
    assert line.band == "USD 120,000 \u2013 160,000 per year (New York City)"
    assert summarise_digest((moved,)).headline == (
        "New pay bands (bs-2026-01): 1 of your jobs moved"
    )
