"""Batch import of profile documents through the use case (in-memory unit of work)."""

from __future__ import annotations

import pytest

from catalogue.domain.exceptions import BatchDocumentError
from catalogue.service_layer.document_batch import NamedDocument, import_profile_documents
from leveling_common.events import PROFILE_CHANGED

CPM = "CLINIC.CLINICALDC3A"
CTA = "CLINIC.CLINICAL90BC"


def _batch(cpm_text: str, cta_text: str) -> list[NamedDocument]:
    return [NamedDocument("cpm.txt", cpm_text), NamedDocument("cta.txt", cta_text)]


def _state(store):
    return dict(store.profiles), store.revision, len(store.outbox)


async def test_a_batch_creates_every_profile_in_one_change_with_one_event_each(
    uow_factory, store, cpm_text, cta_text
):
    result = await import_profile_documents(
        uow_factory(), _batch(cpm_text, cta_text), dry_run=False
    )
    assert result.applied
    assert result.catalogue_version is not None
    assert [(d.code, d.change) for d in result.profiles] == [(CPM, "added"), (CTA, "added")]
    assert result.profiles[0].levels_added == ("M1", "M2", "M3", "M4", "M5")
    assert set(store.profiles) == {CPM, CTA}
    assert store.revision == 1
    assert [(e.key, e.event.type, e.event.data.change) for e in store.outbox] == [
        (CPM, PROFILE_CHANGED, "created"),
        (CTA, PROFILE_CHANGED, "created"),
    ]


async def test_a_dry_run_reports_the_changes_and_writes_nothing(
    uow_factory, store, cpm_text, cta_text
):
    before = _state(store)
    result = await import_profile_documents(uow_factory(), _batch(cpm_text, cta_text), dry_run=True)
    assert (result.dry_run, result.applied, result.catalogue_version) == (True, False, None)
    assert [d.change for d in result.profiles] == ["added", "added"]
    assert _state(store) == before


async def test_re_importing_the_same_batch_changes_nothing_and_emits_nothing(
    uow_factory, store, cpm_text, cta_text
):
    await import_profile_documents(uow_factory(), _batch(cpm_text, cta_text), dry_run=False)
    before = _state(store)
    again = await import_profile_documents(uow_factory(), _batch(cpm_text, cta_text), dry_run=False)
    assert not again.applied
    assert [d.change for d in again.profiles] == ["unchanged", "unchanged"]
    assert _state(store) == before


async def test_the_changes_name_responsibilities_and_rubric_cells_by_level(
    uow_factory, store, cpm_text
):
    await import_profile_documents(uow_factory(), [NamedDocument("a", cpm_text)], dry_run=False)
    edited = cpm_text.replace("Evaluates trends across trials", "Reviews trends across trials")
    edited = edited.replace("second-level management and clinical strategy work.", "more.")
    result = await import_profile_documents(
        uow_factory(), [NamedDocument("a", edited)], dry_run=True
    )
    [diff] = result.profiles
    assert diff.change == "changed"
    assert diff.responsibilities_changed == ("M3",)
    assert diff.rubric_cells_changed == ("M5.degree_years",)
    assert diff.levels_changed == ("M3", "M5")
    assert diff.levels_added == diff.levels_removed == ()


async def test_one_bad_document_refuses_the_batch_naming_file_and_line(
    uow_factory, store, cpm_text, cta_text
):
    broken = cta_text.replace("Level guidelines", "Guidelines")
    with pytest.raises(BatchDocumentError) as refused:
        await import_profile_documents(uow_factory(), _batch(cpm_text, broken), dry_run=False)
    assert refused.value.file == "cta.txt"
    assert refused.value.line == 30
    assert str(refused.value).startswith("cta.txt: line 30: expected the 'Level guidelines'")
    assert store.profiles == {}
    assert store.outbox == []


async def test_two_documents_for_the_same_profile_level_are_refused(uow_factory, store, cpm_text):
    batch = [NamedDocument("one.txt", cpm_text), NamedDocument("two.txt", cpm_text)]
    with pytest.raises(BatchDocumentError, match=r"^two.txt: .* also described by one.txt"):
        await import_profile_documents(uow_factory(), batch, dry_run=False)
    assert store.profiles == {}


async def test_prune_removes_profiles_of_the_batch_functions_it_does_not_describe(
    uow_factory, store, cpm_text, cta_text
):
    await import_profile_documents(uow_factory(), _batch(cpm_text, cta_text), dry_run=False)
    result = await import_profile_documents(
        uow_factory(), [NamedDocument("cpm.txt", cpm_text)], dry_run=False, prune=True
    )
    assert [(d.code, d.change) for d in result.profiles] == [(CPM, "unchanged"), (CTA, "removed")]
    assert result.profiles[1].levels_removed == ("M1", "M2", "M3", "M4")
    assert set(store.profiles) == {CPM}
    assert store.outbox[-1].event.data.change == "deleted"
