"""Documents not in the profile format are refused, saying what was expected and where."""

from __future__ import annotations

import pytest

from catalogue.domain.document import parse_profile_document
from catalogue.domain.exceptions import DocumentFormatError


def _refusal(text: str) -> DocumentFormatError:
    with pytest.raises(DocumentFormatError) as caught:
        parse_profile_document(text)
    return caught.value


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_an_empty_document_is_refused_for_want_of_a_header():
    error = _refusal("   \n\n")
    assert error.found == "the end of the document"
    assert "header line" in error.expected


def test_a_plain_letter_is_refused_at_its_first_line():
    error = _refusal("Dear hiring manager,\nplease find attached...\n")
    assert error.line == 1
    assert error.found == "Dear hiring manager,"


def test_a_code_line_with_another_level_is_refused(cpm_text):
    error = _refusal(cpm_text.replace("CLINIC.CLINICALDC3A.M1", "CLINIC.CLINICALDC3A.M2", 1))
    assert error.line == 2
    assert "ending in .M1" in error.expected


def test_a_focus_naming_another_profile_is_refused(cpm_text):
    text = cpm_text.replace("Focus — Clinical Project Management", "Focus — Nursing")
    error = _refusal(text)
    assert error.line == _line_of(text, "Focus")
    assert "Focus — Clinical Project Management" in error.expected


def test_responsibilities_that_do_not_split_into_one_block_per_level_are_refused(cpm_text):
    lines = cpm_text.splitlines()
    duty = next(i for i, line in enumerate(lines) if line.startswith("- Trains and onboards"))
    text = "\n".join(lines[:duty] + lines[duty + 1 :])
    error = _refusal(text)
    assert "5 equal blocks of responsibilities" in error.expected
    assert error.found == "24 bullets"
    assert error.line == _line_of(text, "Responsibilities by level")


def test_a_stray_line_inside_the_responsibilities_is_refused_where_it_stands(cpm_text):
    text = cpm_text.replace("- Trains and onboards junior", "Trains and onboards junior")
    error = _refusal(text)
    assert error.line == _line_of(text, "Trains and onboards junior")
    assert "'Level guidelines' section" in error.expected


def test_a_renamed_rubric_column_is_refused_at_the_table_header(cta_text):
    text = cta_text.replace("| Typical Degree & Years |", "| Salary |")
    error = _refusal(text)
    assert error.line == _line_of(text, "| Level |")
    assert "table header" in error.expected


def test_levels_out_of_order_are_refused(cta_text):
    text = cta_text.replace("| M3 |", "| M9 |").replace("| M4 |", "| M3 |")
    error = _refusal(text)
    assert error.line == _line_of(text, "| M3 |")
    assert "above M9" in error.expected


def test_a_skill_without_its_description_is_refused(cta_text):
    description = "- Strategic oversight of multiple trials and programs aligned with corporate"
    text = cta_text.replace(description + " objectives.\n", "")
    error = _refusal(text)
    assert "description bullet after the skill 'Portfolio management'" in error.expected


def test_a_source_count_that_does_not_match_the_list_is_refused(cta_text):
    error = _refusal(cta_text.replace("8 sources", "9 sources"))
    assert "9 source bullets" in error.expected


def test_a_level_box_for_another_level_is_refused(cta_text):
    text = cta_text.replace("Level — M2 — Manager II", "Level — M3 — Senior Manager")
    error = _refusal(text)
    assert error.line == _line_of(text, "Level — M3")
    assert "header's level M2" in error.expected


def test_an_unknown_level_box_attribute_is_refused(cpm_text):
    error = _refusal(cpm_text.replace("- Autonomy\n", "- Budget\n"))
    assert error.found == "Budget"


def test_a_malformed_soc_mapping_is_refused(cpm_text):
    error = _refusal(cpm_text.replace("code=11-9121", "code=eleven"))
    assert "code=NN-NNNN" in error.expected


def test_text_after_the_mappings_is_refused(cpm_text):
    text = cpm_text.rstrip("\n") + "\nP.S. call me\n"
    error = _refusal(text)
    assert error.line == len(text.splitlines())
    assert error.found == "P.S. call me"


def test_a_truncated_document_says_it_reached_the_end(cpm_text):
    text = cpm_text.split("Skills\n")[0]
    error = _refusal(text)
    assert error.found == "the end of the document"
    assert "'Skills' section" in error.expected


def test_the_message_names_the_line_and_the_expectation(cpm_text):
    error = _refusal(cpm_text.replace("Level guidelines", "Level rubric"))
    assert str(error).startswith(f"line {error.line}: expected ")
