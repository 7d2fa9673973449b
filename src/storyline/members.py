"""A story's recent members as compact arrays, for the clusterer's best-member similarities.

The clusterer compares an article with a story's centroid and with its best-matching recent
member (up to ``ClusterConfig.max_members``). Kept as one ``dict`` per member and compared one
member at a time, that comparison was most of the clusterer's cost (~50 members x ~20 candidate
stories per article) and of its memory (~100 bytes per stored weight). Here the members' sparse
vectors are rows of one small CSR block over a shared :class:`Vocabulary` (int32 ids, float64
weights: 12 bytes per weight) and their embeddings rows of one float32 matrix, so a story's
member similarities are a gather and a ``bincount``: one numpy call, not 50 dict walks.

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
    """The last ``size`` members of a story: two sparse blocks (terms, names) and embeddings.

    Kept rows serve story splits and merges (:meth:`rows`); the best-member comparisons
    (:meth:`best`, :meth:`best_embedding`) look at the last ``match`` of them only (default:
    all), and at each member's ``terms`` heaviest terms (0: all), rescaled to unit length, so
    that a comparison costs the same however long the story and its articles."""

    __slots__ = (
        "_emb",
        "_emb_rows",
        "_match_terms",
        "_names",
        "_rows",
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
        self._match_terms: list[SparseRow] = []  # the rows compared: heaviest terms only
        self._names: list[SparseRow] = []
        self._emb_rows: list[np.ndarray | None] = []
        self._rows: tuple[_Block, _Block] | None = None  # (terms, names), built on first use
        self._emb: np.ndarray | None = None
        self.added = 0  # members ever added: the next one's number

    def __len__(self) -> int:
        return len(self._terms)

    def add(self, terms: SparseRow, names: SparseRow, embedding: np.ndarray | None) -> None:
        """Append a member; the oldest leaves when there are more than ``size``."""
        self._terms.append(terms)
        self._match_terms.append(heaviest(terms, self.terms))
        self._names.append(names)
        self._emb_rows.append(embedding)
        self.added += 1
        if len(self._terms) > self.size:
            del self._terms[0], self._match_terms[0], self._names[0], self._emb_rows[0]
        self._rows = None
        self._emb = None

    def set_embedding(self, number: int, embedding: np.ndarray) -> None:
        """Give member ``number`` (0 = the first ever added) its embedding, if still kept."""
        row = number - (self.added - len(self._emb_rows))
        if 0 <= row < len(self._emb_rows):
            self._emb_rows[row] = embedding
            self._emb = None

    def rows(self) -> tuple[list[SparseRow], list[SparseRow], list[np.ndarray | None]]:
        """The kept members' term rows, name rows and embeddings, oldest first."""
        return list(self._terms), list(self._names), list(self._emb_rows)

    def best(self, query: np.ndarray) -> tuple[float, float]:
        """The best member's (terms, names) dot product with the query (0.0 without members)."""
        if not self._terms:
            return 0.0, 0.0
        if self._rows is None:
            cut = max(0, len(self._terms) - self.match)
            self._rows = (_Block(self._match_terms[cut:]), _Block(self._names[cut:]))
        terms, names = self._rows
        return terms.best(query), names.best(query)

    def best_embedding(self, vec: np.ndarray) -> float | None:
        """The best member's embedding dot product with ``vec`` (None: no member has one)."""
        if self._emb is None:
            recent = self._emb_rows[max(0, len(self._emb_rows) - self.match) :]
            rows = [e for e in recent if e is not None and e.shape == vec.shape]
            if not rows:
                return None
            self._emb = np.vstack(rows)
        return float(np.max(self._emb @ vec))


def heaviest(row: SparseRow, k: int) -> SparseRow:
    """The row's ``k`` largest weights (ties: the earlier entry), rescaled to unit length; the
    row itself when it has at most ``k`` (or ``k`` is 0)."""
    if not k or row.ids.size <= k:
        return row
    keep = np.sort(np.argsort(-row.weights, kind="stable")[:k])
    weights = row.weights[keep]
    return SparseRow(row.ids[keep], weights / math.sqrt(float(weights @ weights)))


class _Block:
    """Sparse rows concatenated (CSR without the pointer array: a row number per weight)."""

    __slots__ = ("ids", "n", "row_of", "weights")

    def __init__(self, rows: list[SparseRow]) -> None:
        self.n = len(rows)
        self.ids = np.concatenate([r.ids for r in rows])
        self.weights = np.concatenate([r.weights for r in rows])
        sizes = np.fromiter((r.ids.size for r in rows), dtype=np.int64, count=self.n)
        self.row_of = np.repeat(np.arange(self.n), sizes)

    def best(self, query: np.ndarray) -> float:
        if self.ids.size == 0:
            return 0.0
        dots = np.bincount(self.row_of, weights=self.weights * query[self.ids], minlength=self.n)
        return float(dots.max())
