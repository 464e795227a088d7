"""The engine on the catalogue the product really serves, not only on the evaluation fixture.

The engine is evaluated on a transcription of the seed documents
(services/leveler/evaluation/seed_catalogue.json). Here the catalogue service imports the
same documents with `catalogue migrate` + `catalogue seed`, serves its snapshot, and the
held-out split is scored against that snapshot.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx

from catalogue.config import Settings as CatalogueSettings
from catalogue.entrypoints.api import create_app
from catalogue.entrypoints.process import migrate, run_seed
from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.engine import build_index
from leveler.evaluation.__main__ import DEFAULT_AT
from leveler.evaluation.dataset import load_examples
from leveler.evaluation.metrics import evaluate
from leveling_common.snapshot import CatalogueSnapshot

EVALUATION = Path(__file__).resolve().parents[2] / "services" / "leveler" / "evaluation"
TOKEN = "system-test-admin-token"


async def test_the_held_out_bar_holds_on_the_catalogue_services_seed_snapshot(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    for name in [
        n for n in os.environ if n.startswith("CATALOGUE_") and n != "CATALOGUE_DATABASE_URL"
    ]:
        monkeypatch.delenv(name)
    settings = CatalogueSettings()  # type: ignore[call-arg]
    assert await asyncio.to_thread(migrate, settings) == 0
    assert await run_seed(settings) == 0

    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=transport,
            base_url="http://catalogue",
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as client,
    ):
        response = await client.get("/v1/snapshot")
    assert response.status_code == 200
    snapshot = CatalogueSnapshot.model_validate(response.json())

    index = build_index(to_domain(snapshot))
    report = evaluate(load_examples(EVALUATION / "test.jsonl"), index, at=DEFAULT_AT)
    assert report["exact_level_accuracy"] >= 0.9
    assert report["review_recall"] == 1.0
    # Whatever the engine gets wrong on the served catalogue, it must not auto-approve.
    wrong = [
        row
        for row in report["rows"]
        if row["expected"]["profile"] is not None
        and (row["predicted"]["profile"], row["predicted"]["level"])
        != (row["expected"]["profile"], row["expected"]["level"])
    ]
    assert len(wrong) <= 3
    assert all(row["status"] == "needs_review" for row in wrong)
