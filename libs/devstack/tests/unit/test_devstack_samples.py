from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from leveling_devstack._posting import parse_pay_line, parse_posting
from leveling_devstack.custom_fields import DEFAULT_JOB_FIELDS
from leveling_devstack.people import user_by_id
from leveling_devstack.samples import (
    handwritten_jobs,
    posting_job,
    posting_job_id,
    sample_jobs,
    seed_posting_jobs,
)


def _salary(job: dict[str, Any]) -> Any:
    return job["custom_fields"]["salary_range"]["value"]


def test_operations_manager_posting_becomes_a_job_with_its_95k_to_160k_usd_range(seeds_dir):
    job = posting_job(seeds_dir / "posting-clinical-operations-manager.txt")

    assert job["name"] == "Clinical Operations Manager"
    assert _salary(job) == {"min_value": "95000.0", "max_value": "160000.0", "unit": "USD"}
    assert float(_salary(job)["min_value"]) == 95_000
    assert float(_salary(job)["max_value"]) == 160_000


def test_quality_manager_posting_becomes_a_job_with_its_95k_to_150k_usd_range(seeds_dir):
    job = posting_job(seeds_dir / "posting-clinical-quality-manager.txt")

    assert job["name"] == "Clinical Quality Manager"
    assert (float(_salary(job)["min_value"]), float(_salary(job)["max_value"])) == (95_000, 150_000)
    assert _salary(job)["unit"] == "USD"


def test_posting_notes_hold_responsibilities_and_qualifications_but_not_the_career_path(
    seeds_dir,
):
    notes = posting_job(seeds_dir / "posting-clinical-operations-manager.txt")["notes"]

    assert "<h3>Primary Functions</h3><ul><li>Lead end-to-end operational management" in notes
    assert "<h3>Experience Requirements</h3><p>Typical Experience Range: 5\u201310+ years" in notes
    assert "<h3>Hard Skills (Technical)</h3>" in notes
    assert "Career Progression" not in notes
    assert "Director of Clinical Operations" not in notes
    assert "💰" not in notes


def test_seed_posting_jobs_have_distinct_ids_that_stay_the_same_between_runs(seeds_dir):
    first = [job["id"] for job in seed_posting_jobs(seeds_dir)]
    second = [job["id"] for job in seed_posting_jobs(seeds_dir)]

    assert first == second
    assert len(set(first)) == len(first) == 2
    assert first[0] == posting_job_id(seeds_dir / "posting-clinical-operations-manager.txt")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("💰 $95,000 - $160,000", (Decimal(95000), Decimal(160000), "USD")),
        ("💰 £58,000 \u2013 £72,000", (Decimal(58000), Decimal(72000), "GBP")),
        ("💰 €80k to €95.5k", (Decimal(80000), Decimal("95500.0"), "EUR")),
    ],
)
def test_pay_line_yields_min_max_and_currency(line, expected):
    assert parse_pay_line(line) == expected


def test_pay_line_without_a_range_is_refused():
    with pytest.raises(ValueError, match="no pay range"):
        parse_pay_line("💰 Competitive")


def test_posting_without_pay_line_has_no_range():
    posting = parse_posting("Key Responsibilities and Required Skills for Analyst\n- Analyse")

    assert (posting.title, posting.pay_min, posting.pay_max) == ("Analyst", None, None)
    assert posting.notes_html == "<ul><li>Analyse</li></ul>"


def test_posting_text_is_escaped_in_the_notes():
    posting = parse_posting("Role for X\nCore Responsibilities\n- Keep spend < 5% & report")

    assert "<li>Keep spend &lt; 5% &amp; report</li>" in posting.notes_html


def test_handwritten_jobs_cover_the_demo_cases_with_stable_ids():
    jobs = {job["id"]: job for job in handwritten_jobs()}

    assert sorted(jobs) == [4012001, 4012002, 4012003, 4012004, 4012005, 4012006]
    assert jobs[4012001]["offices"][0]["location"] == "Raleigh, NC, United States"
    assert jobs[4012002]["offices"][0]["location"] == "Boston, MA, United States"
    assert _salary(jobs[4012003])["unit"] == "GBP"
    assert "Software Engineer" in jobs[4012004]["name"]
    assert _salary(jobs[4012005]) == {"min_value": "110000.0", "max_value": None, "unit": "USD"}
    assert jobs[4012005]["offices"][0]["location"] == "New York, NY, United States"
    assert _salary(jobs[4012006]) is None


def test_every_sample_job_has_the_documented_greenhouse_shape(seeds_dir):
    keys = {d.name_key for d in DEFAULT_JOB_FIELDS}
    for job in sample_jobs(seeds_dir):
        assert isinstance(job["id"], int)
        assert job["status"] == "open"
        assert job["closed_at"] is None
        assert job["created_at"].endswith("Z")
        assert set(job["hiring_team"]) == {
            "hiring_managers",
            "recruiters",
            "sourcers",
            "coordinators",
        }
        for member in job["hiring_team"]["hiring_managers"] + job["hiring_team"]["recruiters"]:
            assert user_by_id(member["user_id"]) is not None
            assert member["employee_id"]
        assert set(job["custom_fields"]) == keys
        assert all(set(f) == {"name", "type", "value"} for f in job["custom_fields"].values())
        assert job["custom_fields"]["level"]["value"] is None
        assert job["openings"][0]["opening_id"]


def test_sample_jobs_are_fresh_copies_each_call():
    first = sample_jobs()
    first[0]["custom_fields"]["level"]["value"] = "M9"

    assert sample_jobs()[0]["custom_fields"]["level"]["value"] is None


def test_sample_jobs_without_seeds_are_the_handwritten_ones(tmp_path: Path):
    assert [j["id"] for j in sample_jobs()] == [j["id"] for j in handwritten_jobs()]
    assert seed_posting_jobs(tmp_path) == []
