"""BM25 text indexes over a catalogue's documents, queried with shared token ids."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import bm25s
import numpy as np
import numpy.typing as npt

__all__ = ["TextIndex"]

# Up to this many (token, document) cells an index keeps its weights as a dense matrix,
# which scores a query with one row gather; larger indexes stay sparse (CSR by token).
_DENSE_CELLS = 2_000_000
_UNQUERIED = -1


class TextIndex:
    """BM25 over a set of documents, queried with the index's shared token ids.

    bm25s computes the per-token, per-document BM25 weights once. The index keeps the
    shared ids of the tokens its documents contain (sorted), so a requisition's tokens are
    looked up in the vocabulary once per decision and mapped to each index's rows with one
    vectorised search.
    """

    __slots__ = ("_data", "_dense", "_docs", "_ids", "_indptr", "_size")

    def __init__(self, documents: Sequence[list[str]], vocabulary: dict[str, int]) -> None:
        self._size = len(documents)
        self._ids = np.zeros(0, dtype=np.int64)
        self._indptr = np.zeros(1, dtype=np.int64)
        self._docs = np.zeros(0, dtype=np.int64)
        self._data = np.zeros(0, dtype=np.float64)
        self._dense: npt.NDArray[np.float64] | None = None
        # An all-empty corpus has nothing to score against: every query scores zero.
        if any(documents):
            self._load(documents, vocabulary)

    def _load(self, documents: Sequence[list[str]], vocabulary: dict[str, int]) -> None:
        # A token the vocabulary lacks, and the filler of an empty document, can never be
        # queried but still counts in its document's length, so each becomes one id that
        # no query uses (below every shared id).
        shared = [
            [vocabulary.get(token, _UNQUERIED) for token in doc] or [_UNQUERIED]
            for doc in documents
        ]
        lengths = [len(doc) for doc in shared]
        ids, local = np.unique(
            np.fromiter(chain.from_iterable(shared), np.int64), return_inverse=True
        )
        # bm25s numbers its columns by the local ids it is given: these are the shared ids'
        # ranks, so its columns come out in shared-id order, the order `scores` searches.
        local_docs = [part.tolist() for part in np.split(local, np.cumsum(lengths)[:-1])]
        retriever = bm25s.BM25(dtype="float64")
        retriever.index(
            (local_docs, {local_id: local_id for local_id in range(ids.size)}), show_progress=False
        )
        indptr = np.asarray(retriever.scores["indptr"], dtype=np.int64)
        first = int(ids[0] == _UNQUERIED)
        start = int(indptr[first])
        self._ids = ids[first:]
        self._indptr = indptr[first:] - start
        self._docs = np.asarray(retriever.scores["indices"], dtype=np.int64)[start:]
        self._data = np.asarray(retriever.scores["data"], dtype=np.float64)[start:]
        if self._ids.size * self._size <= _DENSE_CELLS:
            dense = np.zeros((self._ids.size, self._size), dtype=np.float64)
            row_of = np.repeat(np.arange(self._ids.size), np.diff(self._indptr))
            dense[row_of, self._docs] = self._data
            self._dense = dense

    @classmethod
    def side_by_side(cls, first: TextIndex, second: TextIndex) -> TextIndex:
        """One dense index scoring both indexes' documents at once (first's columns first).

        Each keeps its own BM25 weights; only the lookup is shared, so a query costs one
        search and one gather instead of two.
        """
        merged = cls([], {})
        merged._size = first._size + second._size
        merged._ids = np.union1d(first._ids, second._ids)
        dense = np.zeros((merged._ids.size, merged._size), dtype=np.float64)
        for part, offset in ((first, 0), (second, first._size)):
            rows = np.searchsorted(merged._ids, part._ids)
            row_of = np.repeat(rows, np.diff(part._indptr))
            dense[row_of, part._docs + offset] = part._data
        merged._dense = dense
        return merged

    def scores(
        self,
        token_ids: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        """BM25 score of every document for a query given as sorted shared token ids.

        With `weights` (one per id, e.g. how often the query uses the token) each token's
        contribution is multiplied by its weight; without, every token counts once.
        """
        known = self._ids
        if token_ids.size == 0 or known.size == 0:
            return np.zeros(self._size, dtype=np.float64)
        where = np.searchsorted(known, token_ids)
        # An id past the last known one clips to that one, which differs from it.
        hit = known.take(where, mode="clip") == token_ids
        rows = where[hit]
        factors = weights[hit] if weights is not None else None
        if self._dense is not None:
            block = self._dense[rows]
            result: npt.NDArray[np.float64] = (
                block.sum(axis=0) if factors is None else factors @ block
            )
            return result
        return self._sparse_scores(rows, factors)

    def _sparse_scores(
        self, rows: npt.NDArray[np.int64], factors: npt.NDArray[np.float64] | None
    ) -> npt.NDArray[np.float64]:
        starts = self._indptr[rows]
        lengths = self._indptr[rows + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(self._size, dtype=np.float64)
        # Positions of every (token, document) weight of the query's tokens, gathered at once.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = offsets + np.arange(total, dtype=np.int64)
        data = self._data[positions]
        if factors is not None:
            data = data * np.repeat(factors, lengths)
        sums = np.bincount(self._docs[positions], weights=data, minlength=self._size)
        return np.asarray(sums, dtype=np.float64)
