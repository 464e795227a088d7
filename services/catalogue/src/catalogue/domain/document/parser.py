"""Parser for the plain-text role-profile document (the format of the seed profiles).

The document describes one role profile seen from one of its levels: a header
(`<name> — <level>`), the profile code, the focus description, responsibilities in one
block per level of the track (lowest first), the level-guidelines rubric table, skills,
provenance, the box of the header level, and the O*NET/SOC mapping. Parsing is strict:
anything else raises DocumentFormatError naming what was expected and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue.domain.document._cursor import Cursor
from catalogue.domain.document._sections import (
    LevelBox,
    parse_aliases,
    parse_level_box,
    parse_rubric_table,
    parse_skills,
    parse_soc_codes,
    parse_sources,
    split_responsibilities,
)
from catalogue.domain.document._values import (
    distinguishing_clause,
    parse_years,
    unique_paragraphs,
)
from catalogue.domain.exceptions import DocumentFormatError, InvalidData
from catalogue.domain.model import Level, RoleProfile, Rubric, YearsRange

__all__ = ["ProfileDocument", "parse_profile_document"]

_DASH = r"\s+[\u2014\u2013-]{1,2}\s+"
_HEADER = re.compile(r"^(?P<name>.+?)" + _DASH + r"(?P<level>[MPSE][1-9]\d?)$")
_CODE = re.compile(
    r"^(?P<profile>(?P<function>[A-Za-z0-9]+)(?:\.[A-Za-z0-9_-]+)+)\.(?P<level>[MPSE][1-9]\d?)$"
)
_FOCUS = re.compile(r"^Focus" + _DASH + r"(?P<name>.+)$")
_DIFFERENTIAL = re.compile(
    r"^Material (?P<what>[A-Za-z ]+?) differential vs the function baseline\.?$", re.IGNORECASE
)
_RESPONSIBILITIES = re.compile(r"^Responsibilities by level$", re.IGNORECASE)
_GUIDELINES = re.compile(r"^Level guidelines$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ProfileDocument:
    """A parsed document: the profile with every level, and the level it was written for."""

    profile: RoleProfile
    level: str


def parse_profile_document(text: str) -> ProfileDocument:
    cursor = Cursor(text)
    if cursor.at_end():
        raise cursor.fail("a header line '<profile name> — <level>', e.g. 'Clinical Data — M2'")
    header = cursor.expect(_HEADER, "a header line '<profile name> — <level>', e.g. 'X — M2'")
    name, level_code = header.group("name").strip(), header.group("level")
    code = cursor.expect(_CODE, f"the profile code line '<FUNCTION>.<PROFILE>.{level_code}'")
    if code.group("level") != level_code:
        raise DocumentFormatError(
            expected=f"a profile code ending in .{level_code} (the header's level)",
            line=cursor.line_number - 1,
            found=code.group(0),
        )
    description, differentials = _parse_focus(cursor, name)
    levels = _parse_levels(cursor)
    skills = parse_skills(cursor)
    sources = parse_sources(cursor)
    box = parse_level_box(cursor, level_code)
    aliases = parse_aliases(cursor)
    soc_codes = parse_soc_codes(cursor)
    if not cursor.at_end():
        raise cursor.fail("the end of the document after the O*NET / SOC mapping")
    levels = tuple(_with_box(level, box) if level.code == level_code else level for level in levels)
    if not any(level.code == level_code for level in levels):
        raise DocumentFormatError(
            expected=f"a row for the header's level {level_code} in the Level guidelines table",
            line=1,
            found=header.group(0),
        )
    try:
        profile = RoleProfile(
            code=code.group("profile"),
            name=name,
            function_code=code.group("function"),
            description=description,
            distinguishing=distinguishing_clause(description),
            aliases=aliases,
            skills=skills,
            soc_codes=soc_codes,
            sources=sources,
            differentials=differentials,
            levels=levels,
        )
    except InvalidData as exc:
        raise DocumentFormatError(expected="a consistent profile", line=1, found=str(exc)) from exc
    return ProfileDocument(profile=profile, level=level_code)


def _parse_focus(cursor: Cursor, name: str) -> tuple[str, tuple[str, ...]]:
    before = cursor.take_text_until(lambda line: bool(_FOCUS.match(line)))
    if not before:
        raise cursor.fail("the profile's focus description")
    focus = cursor.expect(_FOCUS, f"'Focus — {name}'")
    if focus.group("name").strip() != name:
        raise DocumentFormatError(
            expected=f"'Focus — {name}' (the header's profile name)",
            line=cursor.line_number - 1,
            found=focus.group(0),
        )
    after = cursor.take_text_until(lambda line: bool(_RESPONSIBILITIES.match(line)))
    differentials: list[str] = []
    paragraphs = list(before)
    for line in after:
        match = _DIFFERENTIAL.match(line)
        if match is None:
            paragraphs.append(line)
            continue
        words = re.split(r"\s*(?:and|,|&)\s*", match.group("what").strip().lower())
        differentials.extend(word for word in words if word and word not in differentials)
    unknown = set(differentials) - {"pay", "skill"}
    if unknown:
        raise cursor.fail(f"a differential of PAY and/or SKILL, not {sorted(unknown)}")
    return "\n\n".join(unique_paragraphs(paragraphs)), tuple(differentials)


def _parse_levels(cursor: Cursor) -> tuple[Level, ...]:
    cursor.expect(_RESPONSIBILITIES, "the 'Responsibilities by level' section")
    heading_line = cursor.line_number - 1
    cursor.take_text_until(lambda line: bool(_GUIDELINES.match(line)))
    groups = cursor.take_bullet_groups(lambda line: bool(_GUIDELINES.match(line)))
    if not groups:
        raise cursor.fail("responsibility bullets ('- ...'), one block per level")
    cursor.expect(_GUIDELINES, "the 'Level guidelines' section after the responsibilities")
    rows = parse_rubric_table(cursor)
    blocks = split_responsibilities(groups, len(rows), line=heading_line)
    return tuple(
        Level(
            code=code,
            years=_years(rubric),
            rubric=rubric,
            responsibilities=tuple(block),
        )
        for (code, rubric), block in zip(rows, blocks, strict=True)
    )


def _years(rubric: Rubric) -> YearsRange:
    return parse_years(rubric.degree_years) or YearsRange()


def _with_box(level: Level, box: LevelBox) -> Level:
    # The box's "typical experience" counts years in the field, the rubric's column years
    # of leadership: mixing the two bases on one ladder would misorder the levels, so the
    # numeric range stays the rubric's and the box's wording is kept as text.
    return Level(
        code=level.code,
        name=box.name,
        summary=box.summary,
        scope=box.fields.get("scope", ""),
        autonomy=box.fields.get("autonomy", ""),
        complexity=box.fields.get("complexity", ""),
        impact=box.fields.get("impact", ""),
        decision_rights=box.fields.get("decision_rights", ""),
        leadership=box.fields.get("leadership", ""),
        typical_experience=box.fields.get("typical_experience", ""),
        years=level.years,
        rubric=level.rubric,
        responsibilities=level.responsibilities,
    )
