"""Fixtures for the catalogue's unit tests: the seed documents and an in-memory unit of work."""

from __future__ import annotations

import pytest

from catalogue.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from catalogue.seed import PROFILE_DOCUMENTS, profile_document


@pytest.fixture
def cpm_text() -> str:
    return profile_document(PROFILE_DOCUMENTS[0])


@pytest.fixture
def cta_text() -> str:
    return profile_document(PROFILE_DOCUMENTS[1])


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def uow_factory(store: InMemoryStore):
    """Each call is a fresh unit of work over one shared store, like sessions over one DB."""
    return lambda: InMemoryUnitOfWork(store)
