import os
from pathlib import Path

import pytest

import leveling_devstack


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The product's seed documents (posting-*.txt), shared by every package.

    `LEVELING_SEEDS_DIR` names them explicitly; otherwise the copies bundled with the
    package, or the nearest `shared/seeds` or `seeds` directory above the tests.
    """
    explicit = os.environ.get("LEVELING_SEEDS_DIR")
    candidates = [Path(explicit)] if explicit else []
    candidates.append(Path(leveling_devstack.__file__).with_name("seed_postings"))
    for parent in Path(__file__).resolve().parents:
        candidates += [parent / "shared" / "seeds", parent / "seeds"]
    for candidate in candidates:
        if any(candidate.glob("posting-*.txt")):
            return candidate
    raise FileNotFoundError("no seeds directory with posting-*.txt; set LEVELING_SEEDS_DIR")
