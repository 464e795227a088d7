"""Both seed profile documents import completely, checked field by field."""

from __future__ import annotations

from catalogue.domain.document import parse_profile_document
from catalogue.domain.model import YearsRange


def test_clinical_project_management_header_focus_and_mappings(cpm_text):
    document = parse_profile_document(cpm_text)
    profile = document.profile
    assert document.level == "M1"
    assert profile.code == "CLINIC.CLINICALDC3A"
    assert profile.function_code == "CLINIC"
    assert profile.name == "Clinical Project Management"
    assert profile.description.startswith("Manages the people, budgets, timelines")
    assert profile.description.endswith("from initiation through close-out.")
    assert "\n" not in profile.description  # the three repeated paragraphs collapse to one
    assert profile.distinguishing == (
        "Distinct from Clinical Operations/Monitoring (site-facing CRA execution), Data "
        "Management (EDC build/data cleaning), and Regulatory Affairs (submission ownership)."
    )
    assert profile.differentials == ("pay", "skill")
    assert profile.aliases == ()
    assert [(s.code, s.source) for s in profile.soc_codes] == [("11-9121", "jfm-factory.resolve")]
    assert profile.sources == ()
    assert profile.tracks == ("M",)


def test_clinical_project_management_has_five_levels_with_five_duties_each(cpm_text):
    levels = parse_profile_document(cpm_text).profile.levels
    assert [lv.code for lv in levels] == ["M1", "M2", "M3", "M4", "M5"]
    assert [len(lv.responsibilities) for lv in levels] == [5, 5, 5, 5, 5]
    first = [lv.responsibilities[0] for lv in levels]
    assert first[0].startswith("Supervises a small team of Associate/Clinical Project Managers")
    assert first[1].startswith("Manages skilled Clinical Project Managers running full-scale")
    assert first[2].startswith("Leads a department of Clinical Project Managers")
    assert first[3].startswith("Manages multiple clinical project management sections")
    assert first[4].startswith("Directs clinical project management for a therapeutic-area")
    assert levels[4].responsibilities[4].startswith("Establishes the record-keeping, reporting")
    assert levels[0].responsibilities[4] == (
        "Trains and onboards junior clinical staff on CTMS/EDC (Medidata Rave, Oracle InForm) "
        "and standard operating procedures"
    )


def test_clinical_project_management_rubric_rows(cpm_text):
    levels = parse_profile_document(cpm_text).profile.levels
    m1, m2, m3, m4, m5 = (lv.rubric for lv in levels)
    assert m1.knowledge.startswith("Functional expert in clinical trial execution")
    assert m1.complexity.startswith("Addresses routine operational problems on a single study")
    assert m1.collaboration == (
        "Daily interaction with study staff and immediate peers to coordinate task execution."
    )
    assert m1.degree_years.endswith("typically PMP and/or SOCRA credentialed.")
    assert (
        m2.degree_years
        == "2-5 years in clinical team leadership or specialist CPM roles; PMP/SOCRA preferred."
    )
    assert m3.degree_years == "5-7+ years managing clinical professionals, trials, and budgets."
    assert (
        m4.collaboration
        == "Engages senior leaders and external partners on functional and program strategy."
    )
    assert m5.knowledge.startswith("Applies portfolio-level expertise")
    years = [lv.years for lv in levels]
    assert years == [
        YearsRange(),  # no years in the rubric; the box's field years stay text only
        YearsRange(2, 5),
        YearsRange(5, 7),
        YearsRange(8, 10),
        YearsRange(10, 12),
    ]


def test_clinical_project_management_skills_and_level_box(cpm_text):
    profile = parse_profile_document(cpm_text).profile
    assert len(profile.skills) == 12
    assert profile.skills[0].name == "Good Clinical Practice (GCP)"
    assert profile.skills[0].description == (
        "Deep understanding of regulations and ethical guidelines governing the conduct of "
        "clinical trials."
    )
    assert [s.name for s in profile.skills][-3:] == [
        "Vendor Management",
        "21 CFR Part 11 Compliance",
        "Data Management",
    ]
    m1 = profile.level("M1")
    assert m1.name == "Manager (Team Lead)"
    assert m1.summary == (
        "Front-line people manager of a single team; owns delivery, coaching, and execution."
    )
    assert (m1.scope, m1.autonomy, m1.complexity) == (
        "A single team",
        "Manages within established goals",
        "Day-to-day delivery and people issues",
    )
    assert (m1.impact, m1.decision_rights, m1.leadership) == (
        "Team output and health",
        "Owns team execution, hiring input, performance",
        "Direct people management of one team",
    )
    assert m1.typical_experience == "3\u20136 yrs"
    assert profile.level("M2").name == ""  # only the document's own level has a box


def test_clinical_trials_administration_header_sources_and_mappings(cta_text):
    document = parse_profile_document(cta_text)
    profile = document.profile
    assert document.level == "M2"
    assert profile.code == "CLINIC.CLINICAL90BC"
    assert profile.name == "Clinical Trials Administration \u2013 Management"
    assert profile.differentials == ("pay",)
    assert profile.distinguishing.startswith("Unlike Clinical Monitoring (CRA site-facing data")
    assert [(s.code, s.source) for s in profile.soc_codes] == [("11-9111", "jfm-factory.resolve")]
    assert [s.title for s in profile.sources] == [
        "O*NET 11-9121.01",
        "My Next Move",
        "CareerOneStop",
        "ACRP Clinical Research Career Lattice",
        "SOCRA",
        "CCRPS",
        "ZipRecruiter",
        "MSD job posting",
    ]
    assert profile.sources[0].url == "https://www.onetonline.org/link/summary/11-9121.01"
    assert profile.sources[1].url == "https://www.mynextmove.org/profile/summary/11-9121.01"
    assert profile.sources[2].url is not None
    assert profile.sources[2].url.endswith("onetcode=11912101")
    assert all(s.url is None for s in profile.sources[3:])


def test_clinical_trials_administration_has_four_levels(cta_text):
    profile = parse_profile_document(cta_text).profile
    assert [lv.code for lv in profile.levels] == ["M1", "M2", "M3", "M4"]
    assert [len(lv.responsibilities) for lv in profile.levels] == [5, 5, 5, 5]
    m1, m2, m3, m4 = profile.levels
    assert m1.responsibilities[0].startswith("Supervises a unit of Clinical Trial Assistants")
    assert m2.responsibilities[0].startswith("Leads a skilled team of CRAs/CTAs")
    assert m3.responsibilities[0].startswith("Manages a study or set of studies end-to-end")
    assert m4.responsibilities[4].startswith("Engages senior leaders on clinical operations")
    assert m1.years == YearsRange()  # neither the rubric nor a box states years for M1
    assert m2.years == YearsRange(2, 5)  # the rubric wins over the box, which says 5 to 8
    assert m2.typical_experience == "5\u20138 yrs"
    assert m4.years == YearsRange(8, 10)
    assert m4.rubric.degree_years == (
        "8\u201310+ years with complex multi-study or divisional clinical operations leadership."
    )
    assert m2.name == "Manager II"
    assert m2.scope == "An established team or sub-function"
    assert m2.leadership == "Manages a team; sometimes manages leads"


def test_clinical_trials_administration_skills(cta_text):
    skills = parse_profile_document(cta_text).profile.skills
    assert len(skills) == 10
    assert skills[5].name == "Vendor/CRO governance"
    assert skills[6].description == (
        "Managing study and program budgets, ranging up to project budgets of $500MM at "
        "director level."
    )
    assert skills[-1].name == "Portfolio management"


def test_parsing_is_insensitive_to_windows_line_endings_and_a_byte_order_mark(cta_text):
    assert parse_profile_document("\ufeff" + cta_text.replace("\n", "\r\n")) == (
        parse_profile_document(cta_text)
    )
