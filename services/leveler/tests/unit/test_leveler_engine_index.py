"""Building the index: experience ranges, skipped profiles, the shared vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import bm25s
import numpy as np
import pytest

from leveler.domain.catalogue import Catalogue, Profile
from leveler.domain.engine import build_index
from leveler.domain.index import LevelingIndex
from leveler.domain.text_index import TextIndex


def _ranges(catalogue: Catalogue) -> list[tuple[int, int | None] | None]:
    track = build_index(catalogue).profiles[0].tracks["M"]
    return [entry.years for entry in track.levels]


def _with_years(
    small_catalogue: Callable[..., Catalogue], years: list[tuple[float | None, float | None]]
) -> Catalogue:
    base = small_catalogue()
    profile = base.profiles[0]
    levels = tuple(
        level.model_copy(update={"years_min": low, "years_max": high})
        for level, (low, high) in zip(profile.levels, years, strict=True)
    )
    return replace(base, profiles=(profile.model_copy(update={"levels": levels}),))


def test_experience_ranges_are_in_tenths_of_a_year_and_the_top_is_open(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    catalogue = _with_years(small_catalogue, [(None, None), (2, 5), (5, 7)])
    assert _ranges(catalogue) == [(0, 20), (20, 50), (50, None)]


def test_experience_ranges_never_step_down_along_the_track(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    catalogue = _with_years(small_catalogue, [(10, 12), (0, 2), (None, None)])
    assert _ranges(catalogue) == [(100, 120), (100, 120), (100, None)]


def test_a_track_without_years_has_no_experience_ranges(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    catalogue = _with_years(small_catalogue, [(None, None)] * 3)
    assert _ranges(catalogue) == [None, None, None]


def test_levels_are_ordered_by_rank_whatever_the_catalogue_order(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    base = small_catalogue()
    profile = base.profiles[0]
    shuffled = profile.model_copy(update={"levels": tuple(reversed(profile.levels))})
    index = build_index(replace(base, profiles=(shuffled,)))
    assert [e.level.code for e in index.profiles[0].tracks["M"].levels] == ["M1", "M2", "M3"]


def test_profiles_without_levels_are_left_out_and_reported(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    base = small_catalogue()
    empty = Profile(code="W.EMPTY", name="Empty", function_code="W")
    index = build_index(replace(base, profiles=(*base.profiles, empty)))
    assert [p.profile.code for p in index.profiles] == ["W.WIDGET"]
    assert index.problems == ("profile without levels: W.EMPTY",)


def test_lookup_keeps_known_tokens_sorted_by_id_with_their_counts(
    engine_index: LevelingIndex,
) -> None:
    ids, counts = engine_index.lookup({"clinic": 3, "zzzunknown": 9, "cra": 1})
    vocabulary = engine_index.vocabulary
    expected = sorted([(vocabulary["clinic"], 3.0), (vocabulary["cra"], 1.0)])
    assert ids.tolist() == [token_id for token_id, _ in expected]
    assert counts.tolist() == [count for _, count in expected]


def test_dense_and_sparse_text_indexes_score_alike() -> None:
    documents = [["alpha", "beta", "beta"], ["beta", "gamma"], [], ["alpha", "delta"]]
    vocabulary = {token: i for i, token in enumerate(["alpha", "beta", "delta", "gamma", "omega"])}
    dense = TextIndex(documents, vocabulary)
    sparse = TextIndex(documents, vocabulary)
    sparse._dense = None  # the form large catalogues use
    ids = np.array([0, 1, 4], dtype=np.int64)
    weights = np.array([2.0, 1.0, 5.0])
    assert np.allclose(dense.scores(ids), sparse.scores(ids))
    assert np.allclose(dense.scores(ids, weights), sparse.scores(ids, weights))
    assert dense.scores(ids)[2] == 0.0
    assert dense.scores(np.array([4], dtype=np.int64)).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_text_index_scores_as_bm25s_scores_the_same_documents() -> None:
    # "extra" is in a document but not the vocabulary: it can never be queried, yet it
    # still counts in its document's length, as it does for bm25s.
    documents = [["alpha", "beta", "extra", "beta"], [], ["gamma", "alpha"], ["beta"]]
    vocabulary = {"alpha": 3, "beta": 7, "gamma": 9, "omega": 11}
    reference = bm25s.BM25(dtype="float64")
    reference.index([doc or [""] for doc in documents], show_progress=False)
    index = TextIndex(documents, vocabulary)
    for query in (["alpha"], ["beta", "gamma"], ["alpha", "beta", "gamma"], ["omega"]):
        ids = np.array(sorted(vocabulary[token] for token in query), dtype=np.int64)
        known = [token for token in query if token in reference.vocab_dict]
        # bm25s takes no empty query; a query of no document's tokens scores zero.
        expected = reference.get_scores(known).tolist() if known else [0.0] * len(documents)
        assert index.scores(ids).tolist() == pytest.approx(expected)


def test_an_index_over_empty_documents_scores_zero() -> None:
    index = TextIndex([[], []], {"alpha": 0})
    assert index.scores(np.array([0], dtype=np.int64)).tolist() == [0.0, 0.0]


def test_a_profile_knows_the_roles_its_titles_name_not_every_title_word(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    base = small_catalogue()
    sales = base.profiles[0].model_copy(
        update={
            "name": "Account Executive (B2B Sales)",
            "aliases": ("Mid-Market Account Executive", "Sales Executive", "Director of Sales"),
        }
    )
    (entry,) = build_index(replace(base, profiles=(sales,))).profiles
    # "Mid-Market" names a segment: a Marketing Manager is not one of this profile's jobs.
    assert entry.title_roles == frozenset({"account", "sale"})


def test_a_profile_that_records_no_titles_knows_no_roles(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    (entry,) = build_index(small_catalogue()).profiles
    assert entry.profile.aliases == ()
    assert entry.title_roles == frozenset()
