"""The hand-written sample jobs: one per path through leveling worth showing."""

from __future__ import annotations

from leveling_devstack._jobs import (
    BOSTON,
    CLINICAL_OPERATIONS,
    CLINICAL_PROJECT_MANAGEMENT,
    CLINICAL_RESEARCH,
    DENVER,
    ENGINEERING,
    LONDON,
    NEW_YORK,
    RALEIGH,
    SAN_FRANCISCO,
    JobSpec,
)
from leveling_devstack.people import HIRING_MANAGERS, RECRUITERS, SOURCERS

__all__ = ["HANDWRITTEN"]


def _notes(summary: str, responsibilities: list[str], qualifications: list[str]) -> str:
    def items(lines: list[str]) -> str:
        return "".join(f"<li>{line}</li>" for line in lines)

    return (
        f"<p>{summary}</p>"
        f"<h3>Responsibilities</h3><ul>{items(responsibilities)}</ul>"
        f"<h3>Qualifications</h3><ul>{items(qualifications)}</ul>"
    )


CLINICAL_TRIAL_MANAGER = JobSpec(
    job_id=4012001,
    name="Clinical Trial Manager",
    requisition_id="REQ-2201",
    notes_html=_notes(
        "Lead the day-to-day delivery of a Phase II oncology study across 14 US sites, "
        "with a small team of CRAs and Clinical Trial Assistants.",
        [
            "Lead a team of 2 CRAs and 2 CTAs through start-up, conduct and close-out of a "
            "single full-scale trial",
            "Own the study timeline, site budgets and vendor schedules; report variance to "
            "the Associate Director",
            "Act as the operational point of contact for sites, the CRO and lab vendors",
            "Coordinate cross-functional work with data management, biostatistics and "
            "medical writing",
            "Keep the eTMF inspection-ready and drive GCP compliance across assigned sites",
        ],
        [
            "3&ndash;5 years of clinical trial management experience, including 2+ years "
            "leading study teams",
            "Working knowledge of ICH-GCP, CTMS and EDC (Medidata Rave)",
            "Bachelor&rsquo;s degree in life sciences or nursing; SOCRA or ACRP preferred",
        ],
    ),
    department=CLINICAL_OPERATIONS,
    office=RALEIGH,
    recruiter=RECRUITERS[0],
    hiring_manager=HIRING_MANAGERS[0],
    salary=("88000.0", "118000.0", "USD"),
    sourcers=SOURCERS,
)

DIRECTOR_CPM = JobSpec(
    job_id=4012002,
    name="Director, Clinical Project Management",
    requisition_id="REQ-2202",
    notes_html=_notes(
        "Direct clinical project management for our immunology portfolio through a team "
        "of senior managers, accountable for delivery across every program in the "
        "therapeutic area.",
        [
            "Lead 4 Senior Managers of Clinical Project Management and, through them, 25+ "
            "Clinical Project Managers",
            "Define the operating model, metrics and resource-allocation strategy for the "
            "portfolio&rsquo;s clinical delivery",
            "Own the portfolio clinical delivery budget (~$60M) and its forecasting",
            "Influence executives and major partners on portfolio governance and high-stakes "
            "risk decisions",
            "Build the second-level management bench through mentoring and succession planning",
        ],
        [
            "12+ years in clinical development, including 5+ years managing managers",
            "Track record delivering multi-program portfolios (Phase I&ndash;IV) with CRO partners",
            "Advanced degree in life sciences, PharmD or MBA preferred",
        ],
    ),
    department=CLINICAL_PROJECT_MANAGEMENT,
    office=BOSTON,
    recruiter=RECRUITERS[1],
    hiring_manager=HIRING_MANAGERS[1],
    salary=("205000.0", "265000.0", "USD"),
)

CPM_TEAM_LEAD_LONDON = JobSpec(
    job_id=4012003,
    name="Clinical Project Manager \u2013 Team Lead",
    requisition_id="REQ-UK-0419",
    notes_html=_notes(
        "Supervise a small team of Associate Clinical Project Managers on a single "
        "cardiovascular trial run from our London office (budget £4.2M).",
        [
            "Supervise 3 Associate CPMs and a study coordinator, allocating daily tasks "
            "against the study timeline",
            "Track milestones, vendor invoices and budget consumption in the CTMS",
            "Run study team meetings and keep trial master file documents filed on time",
            "Escalate protocol deviations and risks to the trial lead",
            "Train junior staff on CTMS/EDC and our SOPs",
        ],
        [
            "4+ years in clinical project coordination or CPM roles, some team leadership",
            "Knowledge of UK/EU clinical trial regulation (MHRA, EU CTR) and ICH-GCP",
            "PMP or PRINCE2 a plus",
        ],
    ),
    department=CLINICAL_PROJECT_MANAGEMENT,
    office=LONDON,
    recruiter=RECRUITERS[2],
    hiring_manager=HIRING_MANAGERS[3],
    salary=("58000.0", "72000.0", "GBP"),
)

SENIOR_SOFTWARE_ENGINEER = JobSpec(
    job_id=4012004,
    name="Senior Software Engineer, Data Platform",
    requisition_id="REQ-3107",
    notes_html=_notes(
        "Build the data platform behind our clinical analytics: streaming ingestion, "
        "warehouse models and the APIs scientists query.",
        [
            "Design and operate Kafka-based ingestion pipelines and their schemas",
            "Build Python and SQL services on AWS with strong test coverage",
            "Review code and mentor engineers; no people management",
            "Partner with data scientists on query performance (p95 &lt; 200 ms)",
        ],
        [
            "6+ years of software engineering, 3+ on data-intensive systems",
            "Python, SQL, Kafka, Terraform; Kubernetes a plus",
        ],
    ),
    department=ENGINEERING,
    office=SAN_FRANCISCO,
    recruiter=RECRUITERS[1],
    hiring_manager=HIRING_MANAGERS[4],
    salary=("172000.0", "228000.0", "USD"),
    extra_fields={"work_arrangement": ["Hybrid"]},
)

CLINICAL_RESEARCH_MANAGER_NYC = JobSpec(
    job_id=4012005,
    name="Clinical Research Manager",
    requisition_id="REQ-2214",
    notes_html=_notes(
        "Manage the clinical research team running our investigator-initiated studies "
        "at partner hospitals in New York City.",
        [
            "Manage a team of 5 Clinical Research Coordinators across 3 partner sites",
            "Own study start-up, IRB submissions and enrollment tracking for 4 concurrent studies",
            "Manage study budgets and site payments; report monthly to the department head",
            "Ensure GCP compliance and inspection readiness; lead CAPAs after audits",
        ],
        [
            "5+ years of clinical research experience, 2+ years supervising coordinators",
            "CCRP or CCRC certification preferred",
        ],
    ),
    department=CLINICAL_RESEARCH,
    office=NEW_YORK,
    recruiter=RECRUITERS[0],
    hiring_manager=HIRING_MANAGERS[2],
    # Open-ended: a minimum only, which New York City's pay-transparency law does not allow.
    salary=("110000.0", None, "USD"),
)

CTA_MANAGER_DENVER = JobSpec(
    job_id=4012006,
    name="Clinical Trials Administration Manager",
    requisition_id="REQ-2230",
    notes_html=_notes(
        "Lead a skilled team of CRAs and CTAs through the day-to-day delivery of two "
        "Phase III studies from start-up to close-out.",
        [
            "Lead 6 CRAs and CTAs; coach them on monitoring practice and CTMS/eTMF use",
            "Coordinate vendor activities, monitoring schedules and site-level budgets",
            "Manage study risks through the risk register and align data management and "
            "safety on resolution",
            "Verify GCP compliance across assigned sites",
        ],
        [
            "5+ years in clinical operations with 2+ years leading CRAs or CTAs",
            "Bachelor&rsquo;s degree in a life science; ACRP-CP a plus",
        ],
    ),
    department=CLINICAL_OPERATIONS,
    office=DENVER,
    recruiter=RECRUITERS[2],
    hiring_manager=HIRING_MANAGERS[0],
    # No posted range although Colorado requires one.
    salary=None,
)

HANDWRITTEN: tuple[JobSpec, ...] = (
    CLINICAL_TRIAL_MANAGER,
    DIRECTOR_CPM,
    CPM_TEAM_LEAD_LONDON,
    SENIOR_SOFTWARE_ENGINEER,
    CLINICAL_RESEARCH_MANAGER_NYC,
    CTA_MANAGER_DENVER,
)
