"""Section parsers of the profile document, each consuming its lines from the cursor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalogue.domain.document._cursor import Cursor
from catalogue.domain.document._values import parse_years
from catalogue.domain.exceptions import DocumentFormatError, InvalidData
from catalogue.domain.model import Rubric, Skill, SocCode, Source, YearsRange, level_rank

__all__ = [
    "LevelBox",
    "parse_aliases",
    "parse_level_box",
    "parse_rubric_table",
    "parse_skills",
    "parse_soc_codes",
    "parse_sources",
    "split_responsibilities",
]

_DASH = r"\s+[\u2014\u2013-]{1,2}\s+"
_TABLE_HEADER = (
    "level",
    "knowledge & application",
    "complexity & problem solving",
    "collaboration & interaction",
    "typical degree & years",
)
_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_SKILLS = re.compile(r"^Skills$", re.IGNORECASE)
_PROVENANCE = re.compile(r"^Provenance$", re.IGNORECASE)
_SOURCE_COUNT = re.compile(r"^(?P<count>\d+) sources?$", re.IGNORECASE)
_SOURCE = re.compile(r"^(?P<title>.+?)\s*\((?P<url>https?://[^\s()]+)\)$")
_LEVEL_BOX = re.compile(r"^Level" + _DASH + r"(?P<code>[MPSE][1-9]\d?)" + _DASH + r"(?P<name>.+)$")
_ADJACENT = re.compile(r"^Adjacent roles\b", re.IGNORECASE)
_ALIASES = re.compile(r"^Title aliases", re.IGNORECASE)
_NO_ALIASES = re.compile(r"^No title aliases recorded\b", re.IGNORECASE)
_MAPPINGS = re.compile(r"^Classification mappings", re.IGNORECASE)
_SOC_HEADING = re.compile(r"^O\*NET\s*/\s*SOC$", re.IGNORECASE)
_SOC = re.compile(r"^code=(?P<code>\d{2}-\d{4}(?:\.\d{2})?)\s*(?:source=(?P<source>\S.*))?$")
_BOX_KEYS = {
    "scope": "scope",
    "autonomy": "autonomy",
    "complexity": "complexity",
    "impact": "impact",
    "decision rights": "decision_rights",
    "leadership": "leadership",
    "typical experience": "typical_experience",
}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_rubric_table(cursor: Cursor) -> list[tuple[str, Rubric]]:
    """The 'Level guidelines' table: one row per level of the track, lowest first."""
    cursor.take_text_until(lambda line: line.startswith("|"))
    header = cursor.peek()
    if tuple(cell.lower() for cell in _cells(header)) != _TABLE_HEADER or not header.startswith(
        "|"
    ):
        raise cursor.fail("the table header '| Level | Knowledge & Application | ... |'")
    cursor.advance()
    cursor.expect(_SEPARATOR, "the table separator row '|---|---|...'")
    rows: list[tuple[str, Rubric]] = []
    while cursor.peek().startswith("|"):
        cells = _cells(cursor.peek())
        if len(cells) != len(_TABLE_HEADER):
            raise cursor.fail(f"a table row with {len(_TABLE_HEADER)} cells")
        code = cells[0]
        _check_next_level(cursor, code, rows)
        rows.append((code, Rubric(*cells[1:])))
        cursor.advance()
    if not rows:
        raise cursor.fail("at least one level row in the Level guidelines table")
    return rows


def _check_next_level(cursor: Cursor, code: str, rows: list[tuple[str, Rubric]]) -> None:
    try:
        rank = level_rank(code)
    except InvalidData as exc:
        raise cursor.fail("a level code such as M1 in the first cell") from exc
    if rows:
        previous = rows[-1][0]
        if code[0] != previous[0] or rank <= level_rank(previous):
            raise cursor.fail(f"a level above {previous} on the same track, lowest first")


def split_responsibilities(groups: list[list[str]], levels: int, *, line: int) -> list[list[str]]:
    """Blank-line-separated blocks when there are exactly one per level, else equal blocks."""
    if len(groups) == levels:
        return groups
    bullets = [bullet for group in groups for bullet in group]
    if len(bullets) % levels:
        raise DocumentFormatError(
            expected=(
                f"{levels} equal blocks of responsibilities, one per level of the Level "
                f"guidelines table"
            ),
            line=line,
            found=f"{len(bullets)} bullets",
        )
    size = len(bullets) // levels
    return [bullets[i : i + size] for i in range(0, len(bullets), size)]


def parse_skills(cursor: Cursor) -> tuple[Skill, ...]:
    """Bullets in pairs: the skill's name, then its description."""
    cursor.expect(_SKILLS, "the 'Skills' section")
    cursor.take_text_until(lambda line: bool(_PROVENANCE.match(line)))
    bullets = cursor.take_bullets(lambda line: bool(_PROVENANCE.match(line)))
    if not bullets:
        raise cursor.fail("skill bullets: '- <skill>' followed by '- <description>'")
    if len(bullets) % 2:
        raise cursor.fail(f"a description bullet after the skill {bullets[-1]!r}")
    return tuple(Skill(bullets[i], bullets[i + 1]) for i in range(0, len(bullets), 2))


def parse_sources(cursor: Cursor) -> tuple[Source, ...]:
    cursor.expect(_PROVENANCE, "the 'Provenance' section")
    intro = cursor.take_text_until(lambda line: bool(_LEVEL_BOX.match(line)))
    counts = [int(m.group("count")) for line in intro if (m := _SOURCE_COUNT.match(line))]
    bullets = cursor.take_bullets(lambda line: bool(_LEVEL_BOX.match(line)))
    if counts and counts[-1] != len(bullets):
        raise cursor.fail(f"{counts[-1]} source bullets as announced (found {len(bullets)})")
    sources = []
    for bullet in bullets:
        match = _SOURCE.match(bullet)
        sources.append(Source(match["title"], match["url"]) if match else Source(bullet))
    return tuple(sources)


@dataclass(frozen=True, slots=True)
class LevelBox:
    """The box describing the document's own level."""

    code: str
    name: str
    summary: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> YearsRange | None:
        return parse_years(self.fields.get("typical_experience", ""))


def _end_of_box(line: str) -> bool:
    return any(p.match(line) for p in (_ADJACENT, _ALIASES, _MAPPINGS))


def parse_level_box(cursor: Cursor, level_code: str) -> LevelBox:
    box = cursor.expect(_LEVEL_BOX, f"the level box 'Level — {level_code} — <level name>'")
    if box.group("code") != level_code:
        raise DocumentFormatError(
            expected=f"the level box of the header's level {level_code}",
            line=cursor.line_number - 1,
            found=box.group(0),
        )
    summary = " ".join(cursor.take_text_until(_end_of_box))
    bullets = cursor.take_bullets(_end_of_box)
    fields: dict[str, str] = {}
    for index in range(0, len(bullets), 2):
        key = _BOX_KEYS.get(bullets[index].lower())
        if key is None or index + 1 >= len(bullets):
            raise DocumentFormatError(
                expected=f"a level-box attribute ({', '.join(_BOX_KEYS)}) followed by its value",
                line=cursor.line_number - 1,
                found=bullets[index],
            )
        fields[key] = bullets[index + 1]
    return LevelBox(box.group("code"), box.group("name").strip(), summary, fields)


def parse_aliases(cursor: Cursor) -> tuple[str, ...]:
    if _ADJACENT.match(cursor.peek()):
        cursor.advance()
        cursor.take_while(lambda line: not _ALIASES.match(line) and not _MAPPINGS.match(line))
    if not _ALIASES.match(cursor.peek()):
        return ()
    cursor.advance()
    cursor.take_while(lambda line: bool(_NO_ALIASES.match(line)))
    return tuple(dict.fromkeys(cursor.take_bullets(lambda line: bool(_MAPPINGS.match(line)))))


def parse_soc_codes(cursor: Cursor) -> tuple[SocCode, ...]:
    if not _MAPPINGS.match(cursor.peek()):
        return ()
    cursor.advance()
    codes: list[SocCode] = []
    while _SOC_HEADING.match(cursor.peek()):
        cursor.advance()
        for bullet in cursor.take_bullets(lambda line: bool(_SOC_HEADING.match(line))):
            match = _SOC.match(bullet)
            if match is None:
                raise DocumentFormatError(
                    expected="a mapping bullet '- code=NN-NNNN[.NN]source=<system>'",
                    line=cursor.line_number - 1,
                    found=bullet,
                )
            codes.append(SocCode(match["code"], (match["source"] or "").strip()))
    return tuple(codes)
