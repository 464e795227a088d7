"""The seed's pay structure gives the leveler exactly the bands the seed used to store.

`seed_bands_2025.json` is the snapshot's bands as they were when the seed stored one
explicit band per profile, level and zone (before pay structures); the structure must
resolve to the same amounts, currencies and intervals, band for band.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalogue.adapters.memory import InMemoryStore, InMemoryUnitOfWork
from catalogue.seed import seed
from catalogue.service_layer.snapshot import build_snapshot

BEFORE = Path(__file__).with_name("seed_bands_2025.json")
SEED_SET = "seed-2025-illustrative"


def _rows(bands: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (
            b["function_code"],
            b["profile_code"],
            b["level"],
            b["zone"],
            Decimal(str(b["min"])),
            Decimal(str(b["mid"])),
            Decimal(str(b["max"])),
            b["currency"],
            b["interval"],
        )
        for b in bands
    }


async def test_the_snapshot_bands_of_the_seed_are_identical_to_the_stored_ones_before():
    store = InMemoryStore()
    await seed(lambda: InMemoryUnitOfWork(store))
    snapshot = await build_snapshot(InMemoryUnitOfWork(store).repo)
    [band_set] = snapshot.band_sets
    now = [b.model_dump() for b in band_set.bands]
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    assert len(now) == len(before) == 168
    assert _rows(now) == _rows(before)


async def test_the_seed_stores_baselines_and_differentials_and_overrides_only_other_currencies():
    store = InMemoryStore()
    await seed(lambda: InMemoryUnitOfWork(store))
    stored = store.band_sets[SEED_SET]
    assert [b.level for b in stored.baselines] == ["M1", "M2", "M3", "M4", "M5"]
    assert {b.currency for b in stored.baselines} == {"USD"}
    assert stored.differential("US-NYC") == Decimal(120)
    assert stored.round_to == Decimal(500)
    assert {b.currency for b in stored.bands} == {"GBP", "EUR"}
