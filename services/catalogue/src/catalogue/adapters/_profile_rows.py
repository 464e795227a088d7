"""Reading and writing role profiles across their tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalogue.adapters import tables as t
from catalogue.domain.model import Level, RoleProfile, Rubric, Skill, SocCode, Source, YearsRange

__all__ = ["load_profiles", "write_profile"]

_BOX = (
    "name",
    "summary",
    "scope",
    "autonomy",
    "complexity",
    "impact",
    "decision_rights",
    "leadership",
    "typical_experience",
)
_CHILDREN: tuple[Table, ...] = (
    t.level_responsibilities,
    t.profile_levels,
    t.profile_skills,
    t.profile_sources,
    t.profile_aliases,
    t.profile_soc_codes,
)


async def _grouped(
    session: AsyncSession, table: Table, codes: Sequence[str]
) -> dict[str, list[Any]]:
    rows = await session.execute(
        select(table).where(table.c.profile_code.in_(codes)).order_by(*table.primary_key.columns)
    )
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.profile_code].append(row)
    return grouped


def _level(row: Any, responsibilities: list[str]) -> Level:
    return Level(
        code=row.code,
        years=YearsRange(row.years_low, row.years_high),
        rubric=Rubric(
            row.rubric_knowledge,
            row.rubric_complexity,
            row.rubric_collaboration,
            row.rubric_degree_years,
        ),
        responsibilities=tuple(responsibilities),
        **{name: getattr(row, name) for name in _BOX},
    )


async def load_profiles(session: AsyncSession, codes: Sequence[str]) -> list[RoleProfile]:
    """The profiles with these codes, in the given order, with all their parts."""
    if not codes:
        return []
    heads = {
        row.code: row
        for row in await session.execute(select(t.profiles).where(t.profiles.c.code.in_(codes)))
    }
    levels = await _grouped(session, t.profile_levels, codes)
    duties: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in (await _grouped(session, t.level_responsibilities, codes)).values():
        for item in row:
            duties[(item.profile_code, item.level_code)].append(item.text)
    skills = await _grouped(session, t.profile_skills, codes)
    sources = await _grouped(session, t.profile_sources, codes)
    aliases = await _grouped(session, t.profile_aliases, codes)
    socs = await _grouped(session, t.profile_soc_codes, codes)
    return [
        RoleProfile(
            code=head.code,
            name=head.name,
            function_code=head.function_code,
            description=head.description,
            distinguishing=head.distinguishing,
            aliases=tuple(r.alias for r in aliases[code]),
            skills=tuple(Skill(r.name, r.description) for r in skills[code]),
            soc_codes=tuple(SocCode(r.code, r.source) for r in socs[code]),
            sources=tuple(Source(r.title, r.url) for r in sources[code]),
            differentials=tuple(filter(None, head.differentials.split(","))),
            pay_factor=Decimal(head.pay_factor) if head.pay_factor else None,
            levels=tuple(_level(r, duties[(code, r.code)]) for r in levels[code]),
        )
        for code in codes
        if (head := heads.get(code)) is not None
    ]


def _level_row(code: str, level: Level) -> dict[str, Any]:
    return {
        "profile_code": code,
        "code": level.code,
        "track": level.track,
        "rank": level.rank,
        "years_low": level.years.low,
        "years_high": level.years.high,
        "rubric_knowledge": level.rubric.knowledge,
        "rubric_complexity": level.rubric.complexity,
        "rubric_collaboration": level.rubric.collaboration,
        "rubric_degree_years": level.rubric.degree_years,
        **{name: getattr(level, name) for name in _BOX},
    }


async def _insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(table), rows)


async def delete_profile_rows(session: AsyncSession, code: str) -> None:
    # Children first: SQLite enforces cascades only with foreign_keys on, so be explicit.
    for table in _CHILDREN:
        await session.execute(delete(table).where(table.c.profile_code == code))
    await session.execute(delete(t.profiles).where(t.profiles.c.code == code))


async def write_profile(session: AsyncSession, profile: RoleProfile) -> None:
    """Replace the stored profile with `profile`."""
    code = profile.code
    await delete_profile_rows(session, code)
    await _insert(
        session,
        t.profiles,
        [
            {
                "code": code,
                "name": profile.name,
                "function_code": profile.function_code,
                "description": profile.description,
                "distinguishing": profile.distinguishing,
                "differentials": ",".join(profile.differentials),
                "pay_factor": str(profile.pay_factor) if profile.pay_factor is not None else None,
            }
        ],
    )
    await _insert(session, t.profile_levels, [_level_row(code, lv) for lv in profile.levels])
    await _insert(
        session,
        t.level_responsibilities,
        [
            {"profile_code": code, "level_code": lv.code, "position": i, "text": text}
            for lv in profile.levels
            for i, text in enumerate(lv.responsibilities)
        ],
    )
    parts: list[tuple[Table, list[dict[str, Any]]]] = [
        (
            t.profile_skills,
            [{"name": s.name, "description": s.description} for s in profile.skills],
        ),
        (t.profile_sources, [{"title": s.title, "url": s.url} for s in profile.sources]),
        (t.profile_aliases, [{"alias": a} for a in profile.aliases]),
        (t.profile_soc_codes, [{"code": s.code, "source": s.source} for s in profile.soc_codes]),
    ]
    for table, rows in parts:
        await _insert(
            session, table, [{"profile_code": code, "position": i, **r} for i, r in enumerate(rows)]
        )
