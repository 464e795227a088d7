"""The answer to a batch import of profile documents: what changed, per profile code."""

from __future__ import annotations

from catalogue.domain.profile_diff import ProfileDiff
from catalogue.schemas._base import Model
from catalogue.service_layer.document_batch import BatchResult

__all__ = ["DocumentBatchOut", "ProfileChangesOut"]


class ProfileChangesOut(Model):
    change: str
    fields_changed: list[str]
    levels_added: list[str]
    levels_removed: list[str]
    levels_changed: list[str]
    responsibilities_changed: list[str]
    rubric_cells_changed: list[str]
    aliases_added: list[str]
    aliases_removed: list[str]

    @classmethod
    def of(cls, diff: ProfileDiff) -> ProfileChangesOut:
        return cls(
            change=diff.change,
            fields_changed=list(diff.fields_changed),
            levels_added=list(diff.levels_added),
            levels_removed=list(diff.levels_removed),
            levels_changed=list(diff.levels_changed),
            responsibilities_changed=list(diff.responsibilities_changed),
            rubric_cells_changed=list(diff.rubric_cells_changed),
            aliases_added=list(diff.aliases_added),
            aliases_removed=list(diff.aliases_removed),
        )


class DocumentBatchOut(Model):
    dry_run: bool
    applied: bool
    catalogue_version: str | None
    profiles: dict[str, ProfileChangesOut]

    @classmethod
    def of(cls, result: BatchResult) -> DocumentBatchOut:
        return cls(
            dry_run=result.dry_run,
            applied=result.applied,
            catalogue_version=result.catalogue_version,
            profiles={diff.code: ProfileChangesOut.of(diff) for diff in result.profiles},
        )
