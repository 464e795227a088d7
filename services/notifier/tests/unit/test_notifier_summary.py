from notifier.domain.links import Links
from notifier.domain.summary import rationale, summarise


def test_the_three_strongest_reasons_come_first_in_plain_words(decision):
    summary = summarise(decision())
    assert summary.reasons == (
        "Responsibilities: leads cross-functional study teams across multiple studies "
        "(points to M3)",
        "Experience: 7+ years of clinical project management (points to M3)",
        "People leadership: manages 4 direct reports (points to M3)",
    )


def test_the_band_reads_as_a_range_with_interval_and_zone(decision):
    summary = summarise(decision())
    assert summary.band == "USD 120,000 \u2013 160,000 per year (New York City)"
    assert summary.confidence == "82 %"
    assert summary.headline.startswith("Level M3 · Clinical Project Management")


def test_flags_are_explained_in_plain_words_and_unknown_ones_are_humanised(decision):
    summary = summarise(decision(flags=["posted_range_outside_band", "brand_new_flag"]))
    assert summary.flags == (
        "The posted pay range falls outside the band for this level and location.",
        "Brand new flag.",
    )


def test_a_review_status_is_called_out(decision):
    summary = summarise(decision(status="needs_review", boundary_with="M4"))
    assert summary.needs_review
    assert summary.status == "Needs review: please confirm the level"
    assert summary.close_call == "Close call between M3 and M4"


def test_a_new_version_says_what_changed_and_why(decision):
    previous = {
        "level": "M2",
        "status": "auto_approved",
        "band": {
            "min": 100000,
            "mid": 115000,
            "max": 130000,
            "currency": "USD",
            "interval": "year",
            "zone": "New York City",
            "band_set_id": "bs-2025-07",
            "effective_from": "2025-07-01",
        },
    }
    summary = summarise(decision(decision_version=2, reason="band_changed", previous=previous))
    assert summary.is_update
    assert summary.why_changed == "The pay bands were updated"
    assert summary.changes == (
        "Level: M2 → M3",
        "Band: USD 100,000 \u2013 130,000 per year (New York City) → "
        "USD 120,000 \u2013 160,000 per year (New York City)",
    )
    assert summary.headline.startswith("Updated level M3")


def test_an_override_names_who_and_why(decision):
    summary = summarise(
        decision(
            decision_version=3,
            status="overridden",
            reason="override",
            overridden_by="priya.raman",
            override_reason="Team lead of 6",
        )
    )
    assert summary.why_changed == 'Overridden by priya.raman: "Team lead of 6"'


def test_an_unmatched_decision_has_no_level_and_asks_for_manual_leveling(decision):
    summary = summarise(decision(status="unmatched", level=None, band=None, profile=None))
    assert summary.level is None
    assert summary.band is None
    assert summary.needs_review
    assert summary.headline == "No level recommended: Senior Clinical Project Manager"


def test_the_ats_rationale_carries_level_band_confidence_and_reasons(decision):
    text = rationale(summarise(decision(flags=["open_ended_range"])))
    lines = text.splitlines()
    assert lines[0] == "M3 · Clinical Project Management."
    assert "Recommended with high confidence (confidence 82 %)." in lines
    assert any(line.startswith("Why: 1) Responsibilities:") for line in lines)
    assert any("open-ended" in line for line in lines)


def test_why_lines_are_level_signals_not_the_profile_and_track_boilerplate(decision):
    explanation = [
        {"signal": "profile_match", "weight": 1.0, "points_to": "CPM", "evidence": "title 0.9"},
        {"signal": "track", "weight": 1.0, "points_to": "M", "evidence": "manages 4"},
        {"signal": "scope", "weight": 0.5, "points_to": "M4", "evidence": "portfolio"},
        {"signal": "experience", "weight": 0.25, "points_to": "M3", "evidence": "7+ years"},
        {"signal": "rubric", "weight": 0.1, "points_to": "M3", "evidence": "M3 guideline"},
    ]
    summary = summarise(decision(explanation=explanation))
    assert summary.reasons == (
        "Experience: 7+ years (points to M3)",
        "Level guidelines: M3 guideline (points to M3)",
        "Scope: portfolio (points to M4)",
    )


def test_an_unmatched_job_explains_the_profile_match_it_missed(decision):
    explanation = [
        {"signal": "profile_match", "weight": 1.0, "points_to": None, "evidence": "fits 0.20"},
    ]
    summary = summarise(
        decision(status="unmatched", level=None, band=None, profile=None, explanation=explanation)
    )
    assert summary.reasons == ("Profile match: fits 0.20",)


def test_links_lead_to_the_console_page_and_the_job_in_its_ats(decision):
    links = Links(
        console_url="https://leveling.example.com/",
        job_urls={"greenhouse": "https://app.greenhouse.io/sdash/{id}"},
    )
    summary = summarise(decision(external_id="40/12"), links)
    assert summary.decision_url == (
        "https://leveling.example.com/console/requisitions/greenhouse:40%2F12"
    )
    assert summary.job_url == "https://app.greenhouse.io/sdash/40%2F12"
    assert summary.ats_name == "Greenhouse"


def test_no_job_link_for_an_ats_without_a_url_setting(decision):
    links = Links(console_url="https://leveling.example.com", job_urls={})
    assert summarise(decision(), links).job_url is None
    assert summarise(decision()).decision_url is None
