"""Deciding requisitions against the seed catalogue: profile, level, band, explanation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from leveler.domain.catalogue import Catalogue, Profile
from leveler.domain.engine import ENGINE_VERSION, LevelingIndex, build_index, decide
from leveler.domain.outcome import Outcome
from leveler.domain.requisition import Location, PayRange, Requisition
from leveler.evaluation.__main__ import DATA_DIR, DEFAULT_AT
from leveler.evaluation.dataset import load_examples
from leveling_common.events import DecisionData

CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"
RALEIGH = Location(city="Raleigh", region="NC", country="US")

SENIOR_CTM = Requisition(
    title="Senior Clinical Trial Manager",
    description=(
        "<ul><li>Manage a set of studies end-to-end from design through the clinical study "
        "report across multiple sites, accountable for budgets and timelines.</li>"
        "<li>Direct CRO and vendor performance and drive corrective-action plans.</li>"
        "<li>Own the study budget: forecasting, site contracts and payments.</li></ul>"
        "<p>5-7+ years managing clinical professionals.</p>"
    ),
    location=RALEIGH,
    direct_reports=6,
    posted_range=PayRange(Decimal(110_000), Decimal(150_000), "USD"),
)
DIRECTOR = Requisition(
    title="Director, Clinical Project Management",
    description=(
        "Direct clinical project management for the oncology portfolio through subordinate "
        "managers. Influence executives and sponsors on portfolio governance. Develop "
        "second-level managers. 15+ years in clinical development."
    ),
    location=Location(city="Boston", region="MA", country="US"),
)


def test_levels_a_senior_clinical_trial_manager_at_m3(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    outcome = decide(SENIOR_CTM, engine_index, at=decision_at)
    assert (outcome.profile_code, outcome.track, outcome.level) == (CTA, "M", "M3")
    assert outcome.status == "auto_approved"
    assert outcome.band is not None
    assert (outcome.band.zone, outcome.band.currency) == ("US-RDU", "USD")


def test_levels_a_portfolio_director_at_m5(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    outcome = decide(DIRECTOR, engine_index, at=decision_at)
    assert (outcome.profile_code, outcome.level) == (CPM, "M5")


def test_the_same_inputs_give_an_equal_outcome_even_from_a_rebuilt_index(
    engine_index: LevelingIndex, engine_catalogue: Catalogue, decision_at: datetime
) -> None:
    first = decide(SENIOR_CTM, engine_index, at=decision_at)
    again = decide(SENIOR_CTM, build_index(engine_catalogue), at=decision_at)
    assert first == again
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())


def test_the_explanation_names_every_signal_with_evidence(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    outcome = decide(SENIOR_CTM, engine_index, at=decision_at)
    names = [signal.signal for signal in outcome.explanation]
    assert names == [
        "profile_match",
        "track",
        "responsibilities",
        "rubric",
        "experience",
        "title_seniority",
        "scope",
    ]
    level_weights = [s.weight for s in outcome.explanation[2:]]
    assert abs(sum(level_weights) - 1.0) < 1e-3
    assert all(signal.evidence for signal in outcome.explanation)
    experience = outcome.explanation[4]
    assert "5-7+ years" in experience.evidence
    # Five years of leadership ends M2's range and starts M3's: no preference between them.
    assert experience.points_to is None
    assert "M2 typically 2-5 years; M3 typically 5-7 years" in experience.evidence
    assert outcome.explanation[2].points_to == "M3"


def test_confidence_is_rounded_and_alternatives_are_scored(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    outcome = decide(SENIOR_CTM, engine_index, at=decision_at)
    assert 0.0 <= outcome.confidence <= 1.0
    assert round(outcome.confidence, 4) == outcome.confidence
    assert [a.level for a in outcome.alternatives[:2]] == ["M2", "M4"]
    assert outcome.alternatives[-1].profile_code == CPM
    assert all(round(a.score, 4) == a.score for a in outcome.alternatives)


def test_flags_are_sorted_and_versions_are_stamped(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    denver = replace(SENIOR_CTM, location=Location(city="Denver", region="CO", country="US"))
    outcome = decide(
        replace(denver, posted_range=None, requested_level="M2"), engine_index, at=decision_at
    )
    assert outcome.flags == tuple(sorted(outcome.flags))
    assert outcome.flags == ("range_required_missing", "requested_level_differs")
    assert outcome.engine_version == ENGINE_VERSION
    assert outcome.catalogue_version == engine_index.catalogue_version


def test_to_dict_builds_the_decision_event_data(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    document = decide(SENIOR_CTM, engine_index, at=decision_at).to_dict()
    assert document["profile"] == {
        "code": CTA,
        "name": "Clinical Trials Administration \u2013 Management",
    }
    data = DecisionData.model_validate(
        {
            **json.loads(json.dumps(document)),
            "decision_id": "d-1",
            "requisition_key": "greenhouse:1",
            "decision_version": 1,
            "reason": "new",
            "decided_at": decision_at.isoformat(),
        }
    )
    assert data.level == "M3"
    assert data.band is not None
    assert data.band.min == Decimal(document["band"]["min"])  # type: ignore[index]


def test_an_unmatched_outcome_still_converts_to_event_data(
    engine_index: LevelingIndex, decision_at: datetime
) -> None:
    outcome = decide(
        Requisition(title="Line Cook", description="Prep and cook."), engine_index, at=decision_at
    )
    document = outcome.to_dict()
    assert (document["status"], document["profile"], document["band"]) == ("unmatched", None, None)
    DecisionData.model_validate(
        {
            **document,
            "decision_id": "d-2",
            "requisition_key": "greenhouse:2",
            "decision_version": 1,
            "reason": "new",
            "decided_at": decision_at,
        }
    )


def _with_professional_track(catalogue: Catalogue) -> Catalogue:
    """The seed project-management profile with a professional (P) ladder added."""
    cpm = next(p for p in catalogue.profiles if p.code == CPM)
    professional = tuple(
        level.model_copy(update={"code": f"P{level.rank}", "track": "P"}) for level in cpm.levels
    )
    both: Profile = cpm.model_copy(update={"levels": cpm.levels + professional})
    return replace(catalogue, profiles=(both,), band_sets=())


def _outcome(catalogue: Catalogue, description: str, at: datetime) -> Outcome:
    requisition = Requisition(
        title="Clinical Project Manager", description=description, location=RALEIGH
    )
    return decide(requisition, build_index(catalogue), at=at)


def test_the_management_track_is_chosen_when_the_job_leads_people(
    engine_catalogue: Catalogue, decision_at: datetime
) -> None:
    description = (
        "Manage a team of clinical project managers running full-scale trials; approve vendor "
        "invoices and report budget variance to the department manager."
    )
    outcome = _outcome(_with_professional_track(engine_catalogue), description, decision_at)
    assert (outcome.track, outcome.level) == ("M", "M2")


def test_another_track_is_chosen_when_the_job_leads_no_one(
    engine_catalogue: Catalogue, decision_at: datetime
) -> None:
    description = (
        "Run a full-scale clinical trial from initiation to close-out; approve vendor invoices "
        "and report budget and timeline variance to the department manager."
    )
    outcome = _outcome(_with_professional_track(engine_catalogue), description, decision_at)
    assert outcome.track == "P"
    assert "no_people_leadership" not in outcome.flags


def test_an_empty_catalogue_leaves_every_requisition_unmatched(decision_at: datetime) -> None:
    outcome = decide(SENIOR_CTM, build_index(Catalogue(version="empty")), at=decision_at)
    assert (outcome.status, outcome.flags) == ("unmatched", ("profile_unmatched",))
    assert outcome.catalogue_version == "empty"


def test_decisions_before_any_band_set_have_no_band(
    engine_index: LevelingIndex,
) -> None:
    outcome = decide(SENIOR_CTM, engine_index, at=datetime(2020, 1, 1, tzinfo=UTC))
    assert outcome.band is None
    assert "no_band" in outcome.flags


_OTHER_PROCESS = """
import json, sys
from pathlib import Path
from leveler.evaluation.__main__ import DEFAULT_AT, DATA_DIR
from leveler.evaluation.dataset import load_examples
from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.engine import build_index, decide
from leveling_common.snapshot import CatalogueSnapshot
snapshot = CatalogueSnapshot.model_validate_json((DATA_DIR / "seed_catalogue.json").read_text())
index = build_index(to_domain(snapshot))
examples = load_examples(DATA_DIR / "dev.jsonl")
outcomes = [decide(e.requisition, index, at=DEFAULT_AT).to_dict() for e in examples]
sys.stdout.write(json.dumps(outcomes))
"""


def test_outcomes_do_not_depend_on_the_process_hash_seed(engine_index: LevelingIndex) -> None:
    here = [
        decide(e.requisition, engine_index, at=DEFAULT_AT).to_dict()
        for e in load_examples(DATA_DIR / "dev.jsonl")
    ]
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(result.stdout) == json.loads(json.dumps(here))
