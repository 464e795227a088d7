"""Concurrent publications on PostgreSQL cannot leave two sets in force at one instant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from catalogue.domain.exceptions import Conflict
from catalogue.seed import seed
from catalogue.service_layer import pay

pytestmark = pytest.mark.integration


@pytest.fixture
def migrated_postgres_url(postgres_url, run_migrations) -> str:
    return str(run_migrations(postgres_url))


async def test_racing_publications_keep_the_history_strictly_ordered(
    migrated_postgres_url, make_catalogue
):
    catalogue = make_catalogue(migrated_postgres_url)
    await seed(catalogue.uow)
    current = (await pay.get_band_set(catalogue.uow(), band_set_id="seed-2025-illustrative"))[0]
    later = datetime(2026, 2, 1, tzinfo=UTC)
    earlier = datetime(2026, 1, 1, tzinfo=UTC)
    drafts = [
        (await pay.create_draft(catalogue.uow(), name=n, effective_from=t, bands=current.bands)).id
        for n, t in (("later", later), ("earlier", earlier))
    ]
    for _ in range(3):  # different interleavings on each round
        outcomes = await asyncio.gather(
            *(pay.publish(catalogue.uow(), band_set_id=d) for d in drafts), return_exceptions=True
        )
        assert all(not isinstance(o, BaseException) or isinstance(o, Conflict) for o in outcomes)
    published = sorted(
        (b for b, _ in await pay.list_band_sets(catalogue.uow()) if b.is_published),
        key=lambda b: b.published_at or b.effective_from,
    )
    starts = [b.effective_from for b in published]
    assert starts == sorted(set(starts))
    assert published[-1].id == drafts[0]
