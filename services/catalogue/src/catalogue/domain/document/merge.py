"""How an imported document combines with the profile already in the catalogue."""

from __future__ import annotations

from dataclasses import replace

from catalogue.domain.document.parser import ProfileDocument
from catalogue.domain.model import Level, RoleProfile

__all__ = ["merge_imported"]

_BOX_FIELDS = (
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


def merge_imported(existing: RoleProfile | None, document: ProfileDocument) -> RoleProfile:
    """The document replaces what it states; it keeps what only other sources know.

    A document describes every level's rubric and responsibilities but only its own level's
    box, so the boxes of other levels (from earlier documents) survive. Aliases added in the
    catalogue and the pay factor are not part of the format and are kept. Importing the same
    document twice therefore yields the same profile.
    """
    imported = document.profile
    if existing is None:
        return imported
    levels = tuple(
        level if level.code == document.level else _keep_box(level, existing)
        for level in imported.levels
    )
    aliases = tuple(dict.fromkeys((*imported.aliases, *existing.aliases)))
    return replace(imported, levels=levels, aliases=aliases, pay_factor=existing.pay_factor)


def _keep_box(level: Level, existing: RoleProfile) -> Level:
    if not existing.has_level(level.code):
        return level
    before = existing.level(level.code)
    kept = {name: getattr(before, name) for name in _BOX_FIELDS}
    years = level.years
    if years.low is None and years.high is None:
        years = before.years
    return replace(level, years=years, **kept)
