"""Coreference metrics as the CoNLL-2012 reference scorer computes them: MUC, B³, CEAF-e, CoNLL.

A clustering is a sequence of clusters, each a collection of hashable mention ids; the key is
the gold clustering and the response the system's. The semantics follow the reference
implementation (Pradhan et al., 2014, *Scoring coreference partitions of predicted mentions*;
``reference-coreference-scorers`` v8.01):

* **MUC** (Vilain et al., 1995) counts links: recall is
  ``Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1)`` where ``p(K)`` is the partition of key cluster ``K``
  by the response clusters (a key mention the response lacks is a part of its own); precision
  swaps key and response. Singleton clusters have no links and so weigh nothing.
* **B³** (Bagga & Baldwin, 1998) averages over mentions: recall is
  ``Σ_K Σ_R |K ∩ R|² / |K|`` divided by the number of key mentions; precision swaps the roles.
  Singletons count like any other cluster.
* **CEAF-e** (Luo, 2005) aligns key and response clusters one-to-one with the optimal
  (Kuhn-Munkres) assignment under ``φ4(K, R) = 2|K ∩ R| / (|K| + |R|)``; recall is the total
  similarity divided by the number of key clusters, precision by the number of response ones.
* **CoNLL F1** is the unweighted mean of the three F1 scores.

Every score here is a fraction in ``[0, 1]``; :meth:`CorefScores.to_dict` reports percentages
(0-100) as the reference scorer prints them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from storyline.evaluation.metrics import Scores

__all__ = [
    "CorefScores",
    "bcubed_coref",
    "ceafe",
    "clusters_from_mapping",
    "conll",
    "max_assignment",
    "muc",
]

Clustering = Sequence[Collection[Hashable]]
M = TypeVar("M", bound=Hashable)


def clusters_from_mapping(mapping: Mapping[M, Hashable]) -> list[frozenset[M]]:
    """``{mention: cluster id}`` to a list of clusters (sets of mentions), in first-seen order."""
    groups: dict[Hashable, set[M]] = defaultdict(set)
    for mention, cluster in mapping.items():
        groups[cluster].add(mention)
    return [frozenset(members) for members in groups.values()]


def _as_sets(clusters: Clustering) -> list[frozenset[Hashable]]:
    sets = [frozenset(c) for c in clusters if len(c)]
    seen: set[Hashable] = set()
    for cluster in sets:
        if seen & cluster:
            raise ValueError("a mention appears in more than one cluster of the same clustering")
        seen |= cluster
    return sets


def _index(clusters: Iterable[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


def _muc_recall(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> float:
    where = _index(response)
    numerator = denominator = 0
    for cluster in key:
        # parts: one per response cluster touched, plus one per mention the response lacks
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Clustering, response: Clustering) -> Scores:
    """MUC link-based precision, recall and F1 (fractions)."""
    k, r = _as_sets(key), _as_sets(response)
    return Scores.of(_muc_recall(r, k), _muc_recall(k, r))


def _b3_recall(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> float:
    where = _index(response)
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    score = 0.0
    for cluster in key:
        overlaps = Counter(where[m] for m in cluster if m in where)
        score += sum(n * n for n in overlaps.values()) / len(cluster)
    return score / total


def bcubed_coref(key: Clustering, response: Clustering) -> Scores:
    """B³ precision, recall and F1 over mentions, reference-scorer style (fractions)."""
    k, r = _as_sets(key), _as_sets(response)
    return Scores.of(_b3_recall(r, k), _b3_recall(k, r))


def _assign_square(cost: np.ndarray) -> np.ndarray:
    """Kuhn-Munkres (Hungarian, shortest augmenting paths with potentials) on a square matrix.

    Returns ``col_of_row``, minimising ``Σ cost[i, col_of_row[i]]``. O(n³), the inner scan
    vectorised with numpy.
    """
    n = cost.shape[0]
    u, v = np.zeros(n + 1), np.zeros(n + 1)
    row_of_col = np.zeros(n + 1, dtype=np.int64)  # 1-based rows; 0 = free; column 0 is virtual
    way = np.zeros(n + 1, dtype=np.int64)
    for row in range(1, n + 1):
        row_of_col[0], col = row, 0
        min_to = np.full(n + 1, np.inf)
        used = np.zeros(n + 1, dtype=bool)
        while row_of_col[col] != 0:
            used[col] = True
            i = row_of_col[col]
            free = ~used
            reduced = cost[i - 1] - u[i] - v[1:]
            candidates = np.concatenate(([np.inf], reduced))
            better = free & (candidates < min_to)
            min_to[better] = candidates[better]
            way[better] = col
            masked = np.where(free, min_to, np.inf)
            nxt = int(np.argmin(masked))
            delta = masked[nxt]
            u[row_of_col[used]] += delta
            v[used] -= delta
            min_to[free] -= delta
            col = nxt
        while col:
            prev = way[col]
            row_of_col[col] = row_of_col[prev]
            col = prev
    col_of_row = np.zeros(n, dtype=np.int64)
    for c in range(1, n + 1):
        col_of_row[row_of_col[c] - 1] = c - 1
    return col_of_row


def max_assignment(similarity: np.ndarray) -> float:
    """The largest total similarity of a one-to-one matching of rows to columns.

    Rectangular matrices are padded with zeros (an unmatched cluster adds nothing).
    """
    rows, cols = similarity.shape
    if rows == 0 or cols == 0:
        return 0.0
    n = max(rows, cols)
    padded = np.zeros((n, n))
    padded[:rows, :cols] = similarity
    col_of_row = _assign_square(padded.max() - padded)
    return float(padded[np.arange(n), col_of_row].sum())


def _components(
    key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]
) -> list[tuple[list[int], list[int]]]:
    """Groups of key and response clusters linked by shared mentions (union-find).

    φ4 is zero between clusters that share no mention, so the optimal assignment is the sum of
    the optimal assignments of these independent blocks: far smaller matrices to solve.
    """
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    where = _index(response)
    for i, cluster in enumerate(key):
        for mention in cluster:
            if mention in where:
                parent[find(len(key) + where[mention])] = find(i)
    blocks: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(key)):
        blocks[find(i)][0].append(i)
    for j in range(len(response)):
        blocks[find(len(key) + j)][1].append(j)
    return [b for b in blocks.values() if b[0] and b[1]]


def ceafe(key: Clustering, response: Clustering) -> Scores:
    """Entity-based CEAF with φ4 and the optimal one-to-one alignment (fractions)."""
    k, r = _as_sets(key), _as_sets(response)
    if not k or not r:
        return Scores.of(0.0, 0.0)
    total = 0.0
    for key_ids, response_ids in _components(k, r):
        phi = np.array(
            [
                [2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in response_ids]
                for i in key_ids
            ]
        )
        total += max_assignment(phi)
    return Scores.of(total / len(r), total / len(k))


@dataclass(frozen=True, slots=True)
class CorefScores:
    """MUC, B³ and CEAF-e (fractions) and their mean F1, the CoNLL score."""

    muc: Scores
    b3: Scores
    ceafe: Scores

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3

    def to_dict(self) -> dict[str, Any]:
        """Percentages (0-100, two decimals), as the CoNLL reference scorer reports them."""

        def pct(s: Scores) -> dict[str, float]:
            return {
                "precision": round(100 * s.precision, 2),
                "recall": round(100 * s.recall, 2),
                "f1": round(100 * s.f1, 2),
            }

        return {
            "muc": pct(self.muc),
            "b3": pct(self.b3),
            "ceafe": pct(self.ceafe),
            "conll_f1": round(100 * self.conll_f1, 2),
        }


def conll(key: Clustering, response: Clustering) -> CorefScores:
    """All three metrics of a response against a key."""
    return CorefScores(muc(key, response), bcubed_coref(key, response), ceafe(key, response))
