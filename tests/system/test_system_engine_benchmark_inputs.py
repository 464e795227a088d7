"""The engine benchmark's generated catalogue and postings are still valid engine input.

`make bench` is not part of the test run, so a change to the catalogue's values could leave
the benchmark broken unseen until someone measures. This builds its synthetic catalogue,
small, on both tracks, and decides its generated postings: nothing is timed here.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

from leveler.domain.engine import build_index, decide

BENCH_ENGINE = Path(__file__).resolve().parents[2] / "bench" / "bench_engine.py"


def _bench_engine() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_engine", BENCH_ENGINE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_catalogue_builds_and_its_postings_are_decided() -> None:
    bench = _bench_engine()
    rng = random.Random(bench.SEED)
    catalogue = bench._synthetic_catalogue(rng, 6, ("M", "P"))
    assert {profile.tracks() for profile in catalogue.profiles} == {("M",), ("P",)}
    index = build_index(catalogue)
    postings = bench._synthetic_requisitions(rng, catalogue)[:20]
    for posting in postings:
        outcome = decide(posting, index, at=bench.AT)
        assert outcome.level is not None, posting.title
        assert outcome.profile_name is not None
        assert outcome.profile_name in posting.title
