"""Adding a function is adding a document: a profile for a function the engine has never
seen (commercial counsel, individual-contributor track) imported through the catalogue's
API, served in its snapshot, and postings for it levelled, with no code change; and the
company's own seniority words in titles, set through the same API, read by the engine.
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
from leveler.domain.engine import build_index, decide
from leveler.evaluation.__main__ import DEFAULT_AT
from leveler.evaluation.dataset import load_examples
from leveler.evaluation.metrics import evaluate
from leveling_common.snapshot import CatalogueSnapshot

UNSEEN = Path(__file__).resolve().parents[2] / "services" / "leveler" / "evaluation" / "unseen"
TOKEN = "system-test-admin-token"
# The new function has no band set yet; everything else about a decision must be settled.
ALLOWED_FLAGS = {"no_band", "posted_range_outside_band", "posted_range_not_comparable"}


async def _serve_snapshot_after_import(
    tmp_path: Path, monkeypatch, *, title_conventions: list[dict[str, object]] | None = None
) -> CatalogueSnapshot:
    monkeypatch.setenv("LEVELING_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    for name in [n for n in os.environ if n.startswith("CATALOGUE_") and "DATABASE" not in n]:
        monkeypatch.delenv(name)
    settings = CatalogueSettings()  # type: ignore[call-arg]
    assert await asyncio.to_thread(migrate, settings) == 0
    assert await run_seed(settings) == 0
    document = (UNSEEN / "profile-commercial-counsel.txt").read_bytes()
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://catalogue",
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as client,
    ):
        files = {"files": ("profile-commercial-counsel.txt", document, "text/plain")}
        imported = await client.post("/v1/import/profile-documents", files=files)
        assert imported.status_code == 200, imported.text
        if title_conventions is not None:
            put = await client.put("/v1/title-conventions", json={"items": title_conventions})
            assert put.status_code == 200, put.text
        served = await client.get("/v1/snapshot")
    assert served.status_code == 200
    return CatalogueSnapshot.model_validate(served.json())


async def test_a_function_the_engine_has_never_seen_is_levelled_from_its_document(
    tmp_path, monkeypatch
):
    snapshot = await _serve_snapshot_after_import(tmp_path, monkeypatch)
    assert "LEGAL.COMMCOUNSELP01" in {p.code for p in snapshot.profiles}

    examples = load_examples(UNSEEN / "postings.jsonl")
    report = evaluate(examples, build_index(to_domain(snapshot)), at=DEFAULT_AT)

    assert report["in_catalogue"] == 10
    assert report["profile_accuracy"] == 1.0
    assert report["track_accuracy"] == 1.0
    assert report["exact_level_accuracy"] >= 0.9
    assert report["within_one_accuracy"] == 1.0
    for row in report["rows"]:
        assert set(row["flags"]) <= ALLOWED_FLAGS, row["id"]


async def test_the_company_s_own_title_words_reach_the_engine_through_the_catalogue(
    tmp_path, monkeypatch
):
    # At this company "Senior" is the second rung of the ladder, not the usual third.
    conventions: list[dict[str, object]] = [{"track": "P", "phrase": "Senior", "rank": 2}]
    snapshot = await _serve_snapshot_after_import(
        tmp_path, monkeypatch, title_conventions=conventions
    )
    (example,) = [e for e in load_examples(UNSEEN / "postings.jsonl") if e.id == "legal-p2-b"]
    assert example.requisition.title == "Senior Contracts Attorney"

    outcome = decide(example.requisition, build_index(to_domain(snapshot)), at=DEFAULT_AT)
    (title,) = [s for s in outcome.explanation if s.signal == "title_seniority"]
    assert title.points_to == "P2"
    assert "rank 2 by the catalogue's title convention" in title.evidence
    assert outcome.level == "P2"
