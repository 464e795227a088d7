"""Sample Greenhouse jobs (`payload.job` objects) for demos and tests.

Two kinds: jobs built from the seed postings (`posting-*.txt`, read at run time from a
directory given by the caller) and a handful of hand-written jobs that exercise the
interesting paths: clear management levels, a UK job paid in GBP, a job outside the
catalogue, an open-ended posted range, a missing range where the law asks for one.
Every job has a stable id, so the ATS sandbox and the webhook sender agree on them.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from leveling_devstack._handwritten import HANDWRITTEN
from leveling_devstack._jobs import (
    BOSTON,
    CLINICAL_OPERATIONS,
    CLINICAL_QUALITY,
    Department,
    JobSpec,
    Office,
    greenhouse_job,
)
from leveling_devstack._posting import parse_posting
from leveling_devstack.custom_fields import greenhouse_number
from leveling_devstack.people import HIRING_MANAGERS, RECRUITERS, SandboxUser

__all__ = [
    "Department",
    "JobSpec",
    "Office",
    "greenhouse_job",
    "greenhouse_number",
    "handwritten_jobs",
    "posting_job",
    "posting_job_id",
    "sample_jobs",
    "seed_posting_jobs",
]


def posting_job_id(path: Path) -> int:
    """A stable job id for a seed posting, derived from its file name."""
    return 4_100_000 + zlib.crc32(path.stem.encode()) % 100_000


def posting_job(
    path: Path,
    *,
    job_id: int | None = None,
    office: Office = BOSTON,
    recruiter: SandboxUser = RECRUITERS[0],
    hiring_manager: SandboxUser = HIRING_MANAGERS[1],
) -> dict[str, Any]:
    """A job built from one seed posting file: its role, notes and the 💰 pay range."""
    posting = parse_posting(path.read_text(encoding="utf-8"))
    salary = None
    if posting.pay_min is not None and posting.pay_max is not None and posting.currency:
        salary = (
            greenhouse_number(posting.pay_min),
            greenhouse_number(posting.pay_max),
            posting.currency,
        )
    job_id = posting_job_id(path) if job_id is None else job_id
    is_quality = "quality" in posting.title.lower()
    spec = JobSpec(
        job_id=job_id,
        name=posting.title,
        requisition_id=f"REQ-{job_id % 10_000:04d}",
        notes_html=posting.notes_html,
        department=CLINICAL_QUALITY if is_quality else CLINICAL_OPERATIONS,
        office=office,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        salary=salary,
    )
    return greenhouse_job(spec)


def seed_posting_jobs(seeds_dir: Path) -> list[dict[str, Any]]:
    """One job per `posting-*.txt` in `seeds_dir`, ordered by file name."""
    paths = sorted(seeds_dir.glob("posting-*.txt"))
    jobs = [posting_job(path) for path in paths]
    ids = [job["id"] for job in jobs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"seed postings in {seeds_dir} map to clashing job ids: {ids}")
    return jobs


def handwritten_jobs() -> list[dict[str, Any]]:
    """The hand-written sample jobs (fresh dicts every call)."""
    return [greenhouse_job(spec) for spec in HANDWRITTEN]


def sample_jobs(seeds_dir: Path | None = None) -> list[dict[str, Any]]:
    """The hand-written jobs, then the seed-posting jobs when `seeds_dir` is given."""
    jobs = handwritten_jobs()
    if seeds_dir is not None:
        jobs.extend(seed_posting_jobs(seeds_dir))
    return jobs
