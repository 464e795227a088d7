"""Regenerate architectures/catalogue.json: five functions' job architecture, through the
catalogue's own code, as the `CatalogueSnapshot` the leveler decides from.

    uv run --all-packages python services/leveler/evaluation/build_architecture_catalogue.py

and each held-out set's catalogue (the five functions and the four documents of holdout/,
or of holdout2/):

    uv run --all-packages python services/leveler/evaluation/build_architecture_catalogue.py \
        --documents services/leveler/evaluation/architectures services/leveler/evaluation/holdout \
        --out services/leveler/evaluation/holdout/catalogue.json

The profile documents in architectures/ are imported with the catalogue's document import
(the path `catalogue import` and `POST /v1/profiles/import` take), so the snapshot holds
exactly what a comp team's import would hold. Zones and pay-transparency jurisdictions are
the bundled seed's. Bands are illustrative, derived by the catalogue's pay model per
function and track: an anchor range at the middle level (below), a step of 1.15 per level,
the zone differentials of the seed. Nothing here is read by the engine's code: adding a
function is adding a document.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from catalogue.adapters.memory import InMemoryUnitOfWork
from catalogue.domain.pay_model import PayModel, derive_bands
from catalogue.seed import pay_model, seed_content
from catalogue.service_layer import pay, profiles, zones
from catalogue.service_layer.exchange import import_catalogue
from catalogue.service_layer.ports import ProfileFilter
from catalogue.service_layer.snapshot import build_snapshot

HERE = Path(__file__).resolve().parent / "architectures"
GENERATED_AT = datetime(2026, 1, 1, tzinfo=UTC)
BAND_SET_ID = "architectures-2026-illustrative"

# (function, track) → the middle level and its illustrative USD range in "US other states".
ANCHORS: dict[tuple[str, str], tuple[str, int, int]] = {
    ("DATA", "P"): ("P3", 135_000, 175_000),
    ("ENG", "M"): ("M2", 175_000, 235_000),
    ("SALES", "P"): ("P3", 95_000, 135_000),
    ("SALES", "M"): ("M2", 140_000, 190_000),
    ("PEOPLE", "P"): ("P3", 105_000, 140_000),
    ("SUPPLY", "P"): ("P3", 80_000, 110_000),
    ("SUPPLY", "M"): ("M3", 120_000, 160_000),
    # The held-out functions (holdout/), imported beside the five above.
    ("FIN", "P"): ("P3", 110_000, 145_000),
    ("MKTG", "M"): ("M2", 150_000, 200_000),
    ("CX", "P"): ("P3", 90_000, 125_000),
    ("CX", "M"): ("M2", 135_000, 180_000),
    # The second held-out set's functions (holdout2/): product management on both tracks,
    # accounting management beside FP&A's function, talent acquisition beside HR partners'.
    ("PRODUCT", "P"): ("P3", 140_000, 185_000),
    ("PRODUCT", "M"): ("M2", 185_000, 245_000),
    ("FIN", "M"): ("M2", 140_000, 190_000),
}
LEVEL_STEP = Decimal("1.15")


def _models(levels_by_function_track: dict[tuple[str, str], set[str]]) -> list[PayModel]:
    seed_model, _ = pay_model()
    models = []
    for (function, track), levels in sorted(levels_by_function_track.items()):
        anchor_level, low, high = ANCHORS[(function, track)]
        models.append(
            PayModel(
                function_code=function,
                levels=tuple(sorted(levels)),
                anchor_level=anchor_level,
                anchor_ranges=((Decimal(low), Decimal(high)),),
                level_step=LEVEL_STEP,
                round_to=seed_model.round_to,
                interval=seed_model.interval,
                currency_by_country=seed_model.currency_by_country,
                usd_to=seed_model.usd_to,
            )
        )
    return models


async def build(documents: list[Path]) -> str:
    uow = InMemoryUnitOfWork()
    content, _ = seed_content()
    await import_catalogue(uow, content=content)
    for path in documents:
        await profiles.import_profile_document(uow, text=path.read_text(encoding="utf-8"))
    page = await profiles.list_profiles(uow, where=ProfileFilter(), limit=10_000, offset=0)
    levels: dict[tuple[str, str], set[str]] = {}
    for profile in page.items:
        for level in profile.levels:
            levels.setdefault((profile.function_code, level.track), set()).add(level.code)
    zone_list, _ = await zones.list_zones(uow)
    bands = [
        band
        for model in _models(levels)
        for band in derive_bands(model, profiles=page.items, zones=zone_list)
    ]
    await pay.create_draft(
        uow,
        band_set_id=BAND_SET_ID,
        name="Illustrative bands for the evaluation architectures",
        effective_from=GENERATED_AT,
        bands=bands,
    )
    await pay.publish(uow, band_set_id=BAND_SET_ID, now=GENERATED_AT)
    snapshot = await build_snapshot(uow.repo, now=GENERATED_AT)
    return snapshot.model_dump_json(indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--documents", type=Path, nargs="+", default=[HERE], help="folders of profile-*.txt"
    )
    parser.add_argument("--out", type=Path, default=HERE / "catalogue.json")
    args = parser.parse_args()
    documents = sorted(path for folder in args.documents for path in folder.glob("profile-*.txt"))
    args.out.write_text(asyncio.run(build(documents)), encoding="utf-8")
    sys.stdout.write(f"{args.out}: {len(documents)} profile documents\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
