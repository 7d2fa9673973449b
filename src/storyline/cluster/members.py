"""A story's recent members as compact arrays, for the clusterer's best-member similarities.

The clusterer compares an article with a story's centroid and with its best-matching recent
member (up to ``ClusterConfig.max_members``). Kept as one ``dict`` per member and compared one
member at a time, that comparison was most of the clusterer's cost (~50 members x ~20 candidate
stories per article) and of its memory (~100 bytes per stored weight). Here the members' sparse
vectors are over a shared :class:`Vocabulary` (int32 ids, float64 weights: 12 bytes per
weight); the compared ones are rows of two fixed-width padded matrices (each member by its
``ClusterConfig.member_terms`` heaviest terms) and of one float32 matrix of embeddings, each
row written once when its member joins, so a story's member similarities are a gather, a
product and a row sum: a few numpy calls, not 50 dict walks, and nothing rebuilt as it grows.

The query side is a dense scratch vector over the vocabulary (:class:`QueryVector`) holding the
article's weights while its candidates are scored, and zeroed afterwards. Results equal the
dict dot products up to float rounding (the order of the additions differs).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import numpy as np

__all__ = ["MemberWindow", "QueryVector", "SparseRow", "Vocabulary", "heaviest"]

_EMPTY_IDS = np.empty(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.empty(0, dtype=np.float64)


class Vocabulary:
    """Keys (terms, names) to dense int ids, assigned on first sight, never reused."""

    __slots__ = ("_ids", "_keys")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._keys: list[str] = []  # id -> key (the same string objects as in _ids)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, vec: Mapping[str, float], prefix: str = "") -> SparseRow:
        """``vec`` as a row over this vocabulary; new keys get new ids."""
        ids = self._ids
        out = np.empty(len(vec), dtype=np.int32)
        for i, key in enumerate(vec):
            full = prefix + key
            found = ids.get(full)
            if found is None:
                found = ids[full] = len(ids)
                self._keys.append(full)
            out[i] = found
        return SparseRow(out, np.fromiter(vec.values(), dtype=np.float64, count=len(vec)))

    def summarise(self, vec: Mapping[str, float], k: int, prefix: str = "") -> SparseRow:
        """The ``k`` largest entries of ``vec`` (ties by key) as a row: a small, array-backed
        stand-in for a retired story's vector (a few hundred bytes instead of a dict)."""
        top = sorted(vec.items(), key=lambda item: (-item[1], item[0]))[:k]
        return self.add(dict(top), prefix)

    def expand(self, row: SparseRow, prefix: str = "") -> dict[str, float]:
        """A row back as a ``{key: weight}`` dict (``prefix`` taken off the keys)."""
        cut = len(prefix)
        keys = self._keys
        pairs = zip(row.ids.tolist(), row.weights.tolist(), strict=True)
        return {keys[i][cut:]: float(w) for i, w in pairs}

    def lookup(self, vec: Mapping[str, float], prefix: str = "") -> SparseRow:
        """``vec`` as a row over this vocabulary; keys never seen are left out (they match
        no stored member)."""
        ids = self._ids
        pairs = [(ids[prefix + k], w) for k, w in vec.items() if prefix + k in ids]
        if not pairs:
            return SparseRow(_EMPTY_IDS, _EMPTY_WEIGHTS)
        keys, weights = zip(*pairs, strict=True)
        return SparseRow(np.array(keys, dtype=np.int32), np.array(weights, dtype=np.float64))


class SparseRow:
    """One sparse vector: parallel arrays of vocabulary ids and weights."""

    __slots__ = ("ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids = ids
        self.weights = weights


class QueryVector:
    """A dense scratch vector over a vocabulary that holds one query's weights at a time."""

    __slots__ = ("_dense",)

    def __init__(self) -> None:
        self._dense = np.zeros(1024, dtype=np.float64)

    @contextmanager
    def holding(self, rows: tuple[SparseRow, ...], vocabulary_size: int) -> Iterator[np.ndarray]:
        """The scratch vector with ``rows`` written in (rows with disjoint ids), zeroed after."""
        if vocabulary_size > self._dense.size:
            self._dense = np.zeros(max(vocabulary_size, 2 * self._dense.size), dtype=np.float64)
        for row in rows:
            self._dense[row.ids] = row.weights
        try:
            yield self._dense
        finally:
            for row in rows:
                self._dense[row.ids] = 0.0


class MemberWindow:
    """The last ``size`` members of a story: their sparse rows (terms, names) and embeddings.

    Kept rows serve story splits and merges (:meth:`rows`); the best-member comparisons
    (:meth:`best`, :meth:`best_embedding`) look at the last ``match`` of them only (default:
    all), and at each member's ``terms`` heaviest terms (0: all), rescaled to unit length.
    Those are held in fixed-width rings (:class:`_Ring`, :class:`_EmbeddingRing`) written one
    row per new member, so that a comparison costs the same however long the story and its
    articles, and nothing is rebuilt as the story grows."""

    __slots__ = (
        "_emb_rows",
        "_embeddings",
        "_names",
        "_ring",
        "_terms",
        "added",
        "match",
        "size",
        "terms",
    )

    def __init__(self, size: int, match: int | None = None, terms: int = 0) -> None:
        self.size = size
        self.match = size if match is None else min(match, size)
        self.terms = terms
        self._terms: list[SparseRow] = []
        self._names: list[SparseRow] = []
        self._emb_rows: list[np.ndarray | None] = []
        self._ring = (_Ring(self.match), _Ring(self.match))  # compared: terms, names
        self._embeddings = _EmbeddingRing(self.match)
        self.added = 0  # members ever added: the next one's number

    def __len__(self) -> int:
        return len(self._terms)

    def add(self, terms: SparseRow, names: SparseRow, embedding: np.ndarray | None) -> None:
        """Append a member; the oldest leaves when there are more than ``size``."""
        self._terms.append(terms)
        self._names.append(names)
        self._emb_rows.append(embedding)
        if len(self._terms) > self.size:
            del self._terms[0], self._names[0], self._emb_rows[0]
        slot = self.added % self.match
        self._ring[0].put(slot, heaviest(terms, self.terms))
        self._ring[1].put(slot, names)
        self._embeddings.put(slot, embedding)
        self.added += 1

    def set_embedding(self, number: int, embedding: np.ndarray) -> None:
        """Give member ``number`` (0 = the first ever added) its embedding, if still kept."""
        row = number - (self.added - len(self._emb_rows))
        if 0 <= row < len(self._emb_rows):
            self._emb_rows[row] = embedding
        if 0 <= number < self.added and self.added - number <= self.match:  # still compared
            self._embeddings.put(number % self.match, embedding)

    def rows(self) -> tuple[list[SparseRow], list[SparseRow], list[np.ndarray | None]]:
        """The kept members' term rows, name rows and embeddings, oldest first."""
        return list(self._terms), list(self._names), list(self._emb_rows)

    def best(self, query: np.ndarray) -> tuple[float, float]:
        """The best member's (terms, names) dot product with the query (0.0 without members)."""
        terms, names = self._ring
        return terms.best(query), names.best(query)

    def best_embedding(self, vec: np.ndarray) -> float | None:
        """The best member's embedding dot product with ``vec`` (None: no compared member has
        one of its width)."""
        return self._embeddings.best(vec)


def heaviest(row: SparseRow, k: int) -> SparseRow:
    """The row's ``k`` largest weights (ties: the earlier entry), rescaled to unit length; the
    row itself when it has at most ``k`` (or ``k`` is 0)."""
    if not k or row.ids.size <= k:
        return row
    keep = np.sort(np.argsort(-row.weights, kind="stable")[:k])
    weights = row.weights[keep]
    norm = math.sqrt(float(weights @ weights))
    return SparseRow(row.ids[keep], weights / norm if norm > 0.0 else weights)


class _Ring:
    """Up to ``capacity`` sparse rows as two padded matrices (ids, weights; padding: id 0 with
    weight 0.0), grown in rows and width as needed; a row is written to its slot in place."""

    __slots__ = ("capacity", "ids", "n", "weights")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.n = 0  # slots in use (0..n-1)
        self.ids = np.zeros((0, 0), dtype=np.int32)
        self.weights = np.zeros((0, 0), dtype=np.float64)

    def put(self, slot: int, row: SparseRow) -> None:
        rows, width = self.ids.shape
        if slot >= rows or row.ids.size > width:
            self._grow(max(slot + 1, min(self.capacity, max(4, 2 * rows))), row.ids.size)
        k = row.ids.size
        self.ids[slot, :k] = row.ids
        self.ids[slot, k:] = 0
        self.weights[slot, :k] = row.weights
        self.weights[slot, k:] = 0.0
        self.n = max(self.n, slot + 1)

    def _grow(self, rows: int, width: int) -> None:
        old_rows, old_width = self.ids.shape
        width = max(old_width, width, 8)
        ids = np.zeros((max(rows, old_rows), width), dtype=np.int32)
        weights = np.zeros((max(rows, old_rows), width), dtype=np.float64)
        ids[:old_rows, :old_width] = self.ids
        weights[:old_rows, :old_width] = self.weights
        self.ids, self.weights = ids, weights

    def best(self, query: np.ndarray) -> float:
        if self.n == 0:
            return 0.0
        n = self.n
        products = query.take(self.ids[:n])  # the same products and row sums, fewer copies
        products *= self.weights[:n]
        return float(np.add.reduce(products, axis=1).max())


class _EmbeddingRing:
    """Up to ``capacity`` embeddings of one width as matrix rows; ``present`` marks the rows
    that hold one (a member without an embedding, or of another width, is left out)."""

    __slots__ = ("capacity", "matrix", "n", "present")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.matrix: np.ndarray | None = None
        self.present = np.zeros(0, dtype=bool)
        self.n = 0

    def put(self, slot: int, embedding: np.ndarray | None) -> None:
        if slot >= self.present.size:
            rows = min(self.capacity, max(4, 2 * self.present.size, slot + 1))
            present = np.zeros(rows, dtype=bool)
            present[: self.present.size] = self.present
            self.present = present
        matrix = self.matrix
        if matrix is None and embedding is not None and embedding.ndim == 1:
            matrix = np.zeros((0, embedding.shape[0]), dtype=np.float32)
        if matrix is not None and slot >= matrix.shape[0]:
            grown = np.zeros((self.present.size, matrix.shape[1]), dtype=np.float32)
            grown[: matrix.shape[0]] = matrix
            matrix = grown
        self.matrix = matrix
        usable = False
        if matrix is not None and embedding is not None and embedding.shape == matrix.shape[1:]:
            matrix[slot] = embedding
            usable = True
        self.present[slot] = usable
        self.n = max(self.n, slot + 1)

    def best(self, vec: np.ndarray) -> float | None:
        matrix = self.matrix
        if matrix is None or vec.shape != (matrix.shape[1],):
            return None
        present = self.present[: self.n]
        if not present.any():
            return None
        return float(np.max((matrix[: self.n] @ vec)[present]))
