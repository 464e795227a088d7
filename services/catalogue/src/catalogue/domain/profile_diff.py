"""What replacing one role profile by another changes, in the terms a comp analyst reviews."""

from __future__ import annotations

from dataclasses import dataclass, fields

from catalogue.domain.model import Level, RoleProfile, Rubric

__all__ = ["ProfileDiff", "diff_profile"]

_RUBRIC_CELLS = tuple(f.name for f in fields(Rubric))
_PROFILE_FIELDS = (
    "name",
    "function_code",
    "description",
    "distinguishing",
    "skills",
    "soc_codes",
    "sources",
    "differentials",
    "pay_factor",
)


@dataclass(frozen=True, slots=True)
class ProfileDiff:
    """The change of one profile: `added`, `changed`, `removed` or `unchanged`, and where.

    Rubric cells are named `<level>.<column>`; responsibilities by the level they belong to.
    """

    code: str
    change: str
    fields_changed: tuple[str, ...] = ()
    levels_added: tuple[str, ...] = ()
    levels_removed: tuple[str, ...] = ()
    levels_changed: tuple[str, ...] = ()
    responsibilities_changed: tuple[str, ...] = ()
    rubric_cells_changed: tuple[str, ...] = ()
    aliases_added: tuple[str, ...] = ()
    aliases_removed: tuple[str, ...] = ()


def diff_profile(before: RoleProfile | None, after: RoleProfile | None) -> ProfileDiff:
    if before is None and after is None:
        raise ValueError("a diff needs a profile before or after")
    if before is None or after is None:
        return _whole(before, after)
    if before == after:
        return ProfileDiff(code=after.code, change="unchanged")
    old_levels = {lv.code: lv for lv in before.levels}
    new_levels = {lv.code: lv for lv in after.levels}
    common = [code for code in new_levels if code in old_levels]
    return ProfileDiff(
        code=after.code,
        change="changed",
        fields_changed=tuple(
            name for name in _PROFILE_FIELDS if getattr(before, name) != getattr(after, name)
        ),
        levels_added=tuple(code for code in new_levels if code not in old_levels),
        levels_removed=tuple(code for code in old_levels if code not in new_levels),
        levels_changed=tuple(c for c in common if old_levels[c] != new_levels[c]),
        responsibilities_changed=tuple(
            c for c in common if old_levels[c].responsibilities != new_levels[c].responsibilities
        ),
        rubric_cells_changed=tuple(
            cell for c in common for cell in _rubric_changes(old_levels[c], new_levels[c])
        ),
        aliases_added=tuple(a for a in after.aliases if a not in before.aliases),
        aliases_removed=tuple(a for a in before.aliases if a not in after.aliases),
    )


def _whole(before: RoleProfile | None, after: RoleProfile | None) -> ProfileDiff:
    """A profile that appears or disappears: every level and alias it has comes or goes."""
    if after is not None:
        levels = tuple(lv.code for lv in after.levels)
        return ProfileDiff(
            code=after.code, change="added", levels_added=levels, aliases_added=after.aliases
        )
    assert before is not None
    levels = tuple(lv.code for lv in before.levels)
    return ProfileDiff(
        code=before.code, change="removed", levels_removed=levels, aliases_removed=before.aliases
    )


def _rubric_changes(old: Level, new: Level) -> list[str]:
    return [
        f"{new.code}.{cell}"
        for cell in _RUBRIC_CELLS
        if getattr(old.rubric, cell) != getattr(new.rubric, cell)
    ]
