"""Leveling engine throughput: index build time, decisions/s and µs/decision, one process.

Two catalogues:
- `seed`: the seed catalogue (services/leveler/evaluation/seed_catalogue.json), deciding
  every requisition of the labelled evaluation set (dev + test, short postings and the two
  long seed postings), plus the long seed postings on their own;
- `synthetic_500`: 500 generated profiles (five levels each, deterministic seed) deciding
  requisitions generated from their responsibilities;
- `synthetic_200_both_tracks`: 200 generated profiles, every other one on the
  individual-contributor track (P1-P5) and the rest on the management track (M1-M5), deciding
  postings for both tracks (IC postings state years of experience, manager postings a team).

Each figure is the best of several timed passes, as wall time and as process CPU time
(the CPU figure is the steadier one on a shared machine). `machine` records the load
average and the time of a fixed pure-Python workload (`sum(range(1000))`), so figures from
busy or slower machines can be put in proportion to each other.
Run:

    uv run --all-packages python bench/bench_engine.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from leveler.adapters.catalogue_snapshot import to_domain
from leveler.domain.catalogue import Band, BandSet, Catalogue, Level, Profile, Rubric, Skill
from leveler.domain.engine import ENGINE_VERSION, LevelingIndex, build_index, decide
from leveler.domain.requisition import Location, Requisition
from leveler.evaluation.dataset import load_examples
from leveling_common.snapshot import CatalogueSnapshot

DATA_DIR = Path(__file__).resolve().parents[1] / "services" / "leveler" / "evaluation"
AT = datetime(2026, 11, 1, tzinfo=UTC)
SEED = 20261101
SYNTHETIC_PROFILES = 500
BOTH_TRACKS_PROFILES = 200
SYNTHETIC_REQUISITIONS = 400
PASSES = 5
MIN_PASS_SECONDS = 0.5
_SENIORITY = {
    "M": ("Supervisor", "Manager", "Senior Manager", "Associate Director", "Director"),
    "P": ("Associate", "", "Senior", "Staff", "Principal"),
}
_YEARS = ("1+ years", "2-5 years", "5-7 years", "8-10+ years", "10-12+ years")
_YEAR_BOUNDS = ((0, 2), (2, 5), (5, 7), (8, 10), (10, 12))


def _seed_index() -> tuple[LevelingIndex, float]:
    text = (DATA_DIR / "seed_catalogue.json").read_text(encoding="utf-8")
    catalogue = to_domain(CatalogueSnapshot.model_validate_json(text))
    return _timed_build(catalogue)


def _timed_build(catalogue: Catalogue) -> tuple[LevelingIndex, float]:
    start = time.perf_counter()
    index = build_index(catalogue)
    return index, time.perf_counter() - start


def _words(rng: random.Random, count: int) -> list[str]:
    syllables = ["ca", "lo", "ri", "te", "nu", "sa", "mo", "pi", "ve", "dra", "ko", "lin", "tor"]
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, pool: Sequence[str], length: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(length)).capitalize() + "."


def _synthetic_profile(
    rng: random.Random, number: int, pool: Sequence[str], track: str = "M"
) -> Profile:
    levels = tuple(
        Level(
            code=f"{track}{rank}",
            track=track,
            rank=rank,
            years_min=float(_YEAR_BOUNDS[rank - 1][0]),
            years_max=float(_YEAR_BOUNDS[rank - 1][1]),
            rubric=Rubric(
                knowledge=_sentence(rng, pool, 18),
                complexity=_sentence(rng, pool, 18),
                collaboration=_sentence(rng, pool, 18),
            ),
            responsibilities=tuple(_sentence(rng, pool, 22) for _ in range(5)),
        )
        for rank in range(1, 6)
    )
    return Profile(
        code=f"SYN.P{number:04d}",
        name=" ".join(rng.sample(list(pool), 3)).title(),
        function_code=f"SYN{number % 20:02d}",
        description=_sentence(rng, pool, 45),
        skills=tuple(
            Skill(name=rng.choice(pool), description=_sentence(rng, pool, 9)) for _ in range(10)
        ),
        levels=levels,
    )


def _synthetic_catalogue(rng: random.Random, count: int, tracks: Sequence[str]) -> Catalogue:
    """`count` profiles, the n-th on track `tracks[n % len(tracks)]`, with bands for each."""
    pool = _words(rng, 6000)
    profiles = tuple(
        _synthetic_profile(rng, n, pool, tracks[n % len(tracks)]) for n in range(count)
    )
    seed = to_domain(
        CatalogueSnapshot.model_validate_json(
            (DATA_DIR / "seed_catalogue.json").read_text(encoding="utf-8")
        )
    )
    bands = tuple(
        Band(profile_code=None, function_code=f"SYN{f:02d}", level=f"{track}{rank}",
             zone=zone.code, min=Decimal(mid * 76 // 100), mid=Decimal(mid),
             max=Decimal(mid * 124 // 100), currency="USD")
        for f in range(20)
        for track in tracks
        for rank, mid in enumerate((90_000, 106_000, 125_000, 147_500, 174_000), start=1)
        for zone in seed.zones
    )  # fmt: skip
    band_set = BandSet(
        id="bs-synthetic",
        name="Synthetic",
        effective_from=datetime(2026, 1, 1, tzinfo=UTC),
        bands=bands,
    )
    return Catalogue(
        version=f"synthetic-{count}-{''.join(tracks)}",
        profiles=profiles,
        zones=seed.zones,
        band_sets=(band_set,),
        jurisdictions=seed.jurisdictions,
        default_zone=seed.default_zone,
    )


def _synthetic_requisitions(rng: random.Random, catalogue: Catalogue) -> list[Requisition]:
    requisitions = []
    for _ in range(SYNTHETIC_REQUISITIONS):
        profile = rng.choice(catalogue.profiles)
        level = rng.choice(profile.levels)
        bullets = rng.sample(list(level.responsibilities), 3)
        description = "\n".join(f"- {b}" for b in bullets)
        description += f"\nRequirements: {_YEARS[level.rank - 1]} of experience."
        if level.track == "M":
            description += f"\nManage a team of {2 + 3 * level.rank}."
        seniority = _SENIORITY[level.track][level.rank - 1]
        title = (
            f"{seniority} {profile.name}" if level.track == "P" else f"{profile.name} {seniority}"
        )
        location = Location(city="Boston", region="MA", country="US")
        requisitions.append(
            Requisition(title=title.strip(), description=description, location=location)
        )
    return requisitions


def _rate(index: LevelingIndex, requisitions: Sequence[Requisition]) -> dict[str, float]:
    """Best-of-passes decisions per second, by wall clock and by process CPU time."""

    def decide_all() -> None:
        for requisition in requisitions:
            decide(requisition, index, at=AT)

    decide_all()
    best_wall = best_cpu = float("inf")
    for _ in range(PASSES):
        wall, cpu, decisions = time.perf_counter(), time.process_time(), 0
        while time.perf_counter() - wall < MIN_PASS_SECONDS:
            decide_all()
            decisions += len(requisitions)
        best_wall = min(best_wall, (time.perf_counter() - wall) / decisions)
        best_cpu = min(best_cpu, (time.process_time() - cpu) / decisions)
    return {
        "requisitions": len(requisitions),
        "decisions_per_s_wall": round(1 / best_wall),
        "us_per_decision_wall": round(best_wall * 1e6, 1),
        "decisions_per_s_cpu": round(1 / best_cpu),
        "us_per_decision_cpu": round(best_cpu * 1e6, 1),
    }


def _machine() -> dict[str, object]:
    """How busy and how fast this machine was, so runs on different machines compare."""
    best = float("inf")
    for _ in range(PASSES):
        start = time.perf_counter()
        for _ in range(1000):
            sum(range(1000))
        best = min(best, (time.perf_counter() - start) / 1000)
    return {
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "calibration_us_sum_range_1000": round(best * 1e6, 2),
    }


def run() -> dict[str, object]:
    """Measure the engine on the seed and a synthetic 500-profile catalogue."""
    seed_index, seed_build = _seed_index()
    examples = [
        example
        for split in ("dev", "test")
        for example in load_examples(DATA_DIR / f"{split}.jsonl")
    ]
    long_postings = [e.requisition for e in examples if e.kind == "seed_posting"]
    rng = random.Random(SEED)
    synthetic = _synthetic_catalogue(rng, SYNTHETIC_PROFILES, ("M",))
    synthetic_index, synthetic_build = _timed_build(synthetic)
    synthetic_requisitions = _synthetic_requisitions(rng, synthetic)
    both = _synthetic_catalogue(rng, BOTH_TRACKS_PROFILES, ("P", "M"))
    both_index, both_build = _timed_build(both)
    return {
        "engine_version": ENGINE_VERSION,
        "python": sys.version.split()[0],
        "machine": _machine(),
        "seed": {
            "profiles": len(seed_index.profiles),
            "build_index_ms": round(seed_build * 1000, 2),
            "evaluation_set": _rate(seed_index, [e.requisition for e in examples]),
            "long_seed_postings": _rate(seed_index, long_postings),
        },
        "synthetic_500": {
            "profiles": len(synthetic_index.profiles),
            "build_index_ms": round(synthetic_build * 1000, 2),
            "generated_requisitions": _rate(synthetic_index, synthetic_requisitions),
        },
        "synthetic_200_both_tracks": {
            "profiles": len(both_index.profiles),
            "build_index_ms": round(both_build * 1000, 2),
            "generated_requisitions": _rate(both_index, _synthetic_requisitions(rng, both)),
        },
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(), indent=2) + "\n")
