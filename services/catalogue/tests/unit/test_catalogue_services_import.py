"""Importing profile documents through the use cases (in-memory unit of work)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalogue.domain.exceptions import DocumentFormatError
from catalogue.domain.model import Level
from catalogue.service_layer import profiles
from leveling_common.events import PROFILE_CHANGED


async def test_importing_a_document_creates_the_profile_and_one_change_event(
    uow_factory, store, cpm_text
):
    result = await profiles.import_profile_document(uow_factory(), text=cpm_text)
    assert result.change == "created"
    assert result.catalogue_version is not None
    assert result.catalogue_version.startswith("cv-")
    assert set(store.profiles) == {"CLINIC.CLINICALDC3A"}
    assert store.functions["CLINIC"].name == "CLINIC"
    [pending] = store.outbox
    assert pending.event.type == PROFILE_CHANGED
    assert pending.key == "CLINIC.CLINICALDC3A"
    assert pending.event.data.change == "created"
    assert pending.event.data.catalogue_version == result.catalogue_version


async def test_importing_the_same_document_again_changes_nothing(uow_factory, store, cpm_text):
    await profiles.import_profile_document(uow_factory(), text=cpm_text)
    before = (dict(store.profiles), store.revision, len(store.outbox))
    again = await profiles.import_profile_document(uow_factory(), text=cpm_text)
    assert again.change == "unchanged"
    assert again.catalogue_version is None
    assert (dict(store.profiles), store.revision, len(store.outbox)) == before


async def test_a_malformed_document_leaves_the_catalogue_unchanged(uow_factory, store, cpm_text):
    await profiles.import_profile_document(uow_factory(), text=cpm_text)
    before = (dict(store.profiles), store.revision, len(store.outbox))
    broken = cpm_text.replace("Skills\n", "Talents\n").replace("Clinical Project Management", "X")
    with pytest.raises(DocumentFormatError):
        await profiles.import_profile_document(uow_factory(), text=broken)
    assert (dict(store.profiles), store.revision, len(store.outbox)) == before


async def test_a_re_import_keeps_other_levels_boxes_aliases_and_pay_factor(
    uow_factory, store, cpm_text
):
    await profiles.import_profile_document(uow_factory(), text=cpm_text)
    current = store.profiles["CLINIC.CLINICALDC3A"]
    m2 = replace(current.level("M2"), name="Manager II", scope="An established team")
    edited = replace(current.with_level(m2), aliases=("Clinical PM",))
    await profiles.replace_profile(uow_factory(), profile=edited)
    updated = cpm_text.replace(
        "Daily interaction with study staff", "Daily contact with study staff"
    )
    result = await profiles.import_profile_document(uow_factory(), text=updated)
    assert result.change == "updated"
    after = store.profiles["CLINIC.CLINICALDC3A"]
    assert after.level("M2").name == "Manager II"
    assert after.level("M2").scope == "An established team"
    assert after.aliases == ("Clinical PM",)
    assert after.level("M1").rubric.collaboration.startswith("Daily contact with study staff")


async def test_adding_a_level_through_the_api_use_case_emits_an_update(
    uow_factory, store, cta_text
):
    await profiles.import_profile_document(uow_factory(), text=cta_text)
    await profiles.put_level(
        uow_factory(), profile_code="CLINIC.CLINICAL90BC", level=Level("M5", name="Director")
    )
    assert store.profiles["CLINIC.CLINICAL90BC"].level("M5").name == "Director"
    assert [p.event.data.change for p in store.outbox] == ["created", "updated"]
