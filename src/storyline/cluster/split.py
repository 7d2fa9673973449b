"""When a story holds two stories: the split decision of the online clusterer (pure numpy).

The clusterer decides each article once, on arrival. Its costliest mistake is early: the first
article of a second event of the same kind (a second earthquake, the next launch of a product
line) joins the first event's story while that story is a few articles old, and the second
event's later articles follow it there. Refusing joins cannot undo that (a perfect refusal tops
out at 0.918 BCubed F1 on the ECB+ train topics); moving articles can (a perfect split of the
final stories reaches 0.948): ``benchmarks/story_split.py``.

So after a story grows, its members are clustered in two by average linkage over a pairwise
similarity (:func:`member_similarity`: the weighted mean of the cosines of their TF-IDF term
vectors, their name vectors and, where both have one, their sentence embeddings), and the story
is split (:func:`split_of`) when the two groups' mean similarity is under a threshold and well
under the similarity within each group, and each group has at least ``min_part`` members. The
group holding the story's first article keeps the story; the other becomes a new one. Ties
never depend on dict or set order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.cluster.members import SparseRow
from storyline.config import ClusterConfig

__all__ = [
    "SplitWeights",
    "bisect",
    "member_similarity",
    "split_of",
    "split_sizes",
]


@dataclass(frozen=True, slots=True)
class SplitWeights:
    lexical: float
    names: float
    dense: float
    dense_floor: float  # a dense cosine c counts as max(0, (c - floor) / (1 - floor))


def _cosines(rows: Sequence[SparseRow]) -> np.ndarray:
    """The rows' pairwise dot products (rows are unit length, so cosines).

    Only the keys two or more rows share can add to a pair, so the product runs over those
    columns, with ``einsum`` rather than BLAS: OpenBLAS would start a thread per core for it
    and keep them spinning (+4 ms of CPU per article in benchmarks/throughput.py, 2 cores).
    """
    n = len(rows)
    out = np.zeros((n, n), dtype=np.float64)
    if n == 0:
        return out
    sizes = np.fromiter((r.ids.size for r in rows), dtype=np.int64, count=n)
    row_of = np.repeat(np.arange(n), sizes)
    ids = np.concatenate([r.ids for r in rows])
    weights = np.concatenate([r.weights for r in rows])
    np.fill_diagonal(out, np.bincount(row_of, weights=weights * weights, minlength=n))
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    shared = counts[inverse] > 1
    if shared.any():
        columns, column_of = np.unique(inverse[shared], return_inverse=True)
        dense = np.zeros((n, columns.size), dtype=np.float64)
        dense[row_of[shared], column_of] = weights[shared]
        gram = np.einsum("ik,jk->ij", dense, dense)
        off = ~np.eye(n, dtype=bool)
        out[off] = gram[off]
    return out


def member_similarity(
    terms: Sequence[SparseRow],
    names: Sequence[SparseRow],
    embeddings: Sequence[np.ndarray | None],
    languages: Sequence[str | None],
    weights: SplitWeights,
) -> np.ndarray:
    """The members' pairwise similarity: weights renormalised over what a pair has (names
    only when both have names, the dense term only when both have an embedding, content
    words only within one language), as the clusterer's own score does."""
    n = len(terms)
    lexical, name_cos = _cosines(terms), _cosines(names)
    has_names = np.array([r.ids.size > 0 for r in names])
    lang = np.array([x or "" for x in languages], dtype=object)
    same = (lang[:, None] == lang[None, :]) | (lang[:, None] == "") | (lang[None, :] == "")
    total = weights.lexical * lexical * same
    weight = weights.lexical * same.astype(np.float64)
    both_names = has_names[:, None] & has_names[None, :]
    total += weights.names * name_cos * both_names
    weight += weights.names * both_names
    vectors = [e for e in embeddings if e is not None]
    if vectors and weights.dense > 0:
        present = np.array([e is not None for e in embeddings])
        matrix = np.zeros((n, vectors[0].shape[0]), dtype=np.float64)
        matrix[present] = np.vstack(vectors)
        floor = weights.dense_floor
        cosine = np.einsum("ik,jk->ij", matrix, matrix)  # not BLAS: see _cosines
        dense = np.clip((cosine - floor) / (1.0 - floor), 0.0, None)
        both = present[:, None] & present[None, :]
        total += weights.dense * dense * both
        weight += weights.dense * both
    return np.divide(total, weight, out=np.zeros_like(total), where=weight > 0)


def bisect(sim: np.ndarray) -> np.ndarray:
    """Average-linkage agglomerative clustering down to two groups: the mask of the group
    holding member 0. Merges the most similar pair of groups first (ties: lowest indices)."""
    n = sim.shape[0]
    groups: list[list[int]] = [[i] for i in range(n)]
    link = np.array(sim, dtype=np.float64)
    np.fill_diagonal(link, -np.inf)
    while len(groups) > 2:
        i, j = divmod(int(np.argmax(link)), link.shape[0])
        i, j = min(i, j), max(i, j)
        ni, nj = len(groups[i]), len(groups[j])
        merged = (ni * link[i] + nj * link[j]) / (ni + nj)
        link[i], link[:, i] = merged, merged
        link[i, i] = -np.inf
        link = np.delete(np.delete(link, j, axis=0), j, axis=1)
        groups[i] += groups.pop(j)
    mask = np.zeros(n, dtype=bool)
    mask[next(g for g in groups if 0 in g)] = True
    return mask


def split_of(
    sim: np.ndarray, threshold: float, ratio: float, min_part: int, *, peel: int = 1
) -> tuple[np.ndarray, float] | None:
    """The members to move out (a mask; member 0 always stays) and the two groups' mean
    similarity, when the story should split: that mean is under ``threshold`` and under
    ``ratio`` times the mean similarity within the less coherent group. None: no split.

    Average linkage often ends with a lone outlier against the rest (a story of 22 and 1):
    then up to ``peel`` times the outliers (a group under ``min_part``, without member 0)
    stay with member 0 and the rest is bisected again. ECB+ train topics (mixed, 10 seeded
    orders, BCubed F1, with story merges as shipped): peel 0 0.9029, 1 0.9048 (5 orders: 1
    and 3 equal; without merges 0 0.8794, 1 0.8815)."""
    if sim.shape[0] < 2 * min_part:
        return None
    move = _bisect_peeling(sim, min_part, peel)
    if move is None:
        return None
    keep = ~move
    between = float(sim[np.ix_(keep, move)].mean())
    if between >= threshold or between >= ratio * min(_within(sim, keep), _within(sim, move)):
        return None
    return move, between


def _bisect_peeling(sim: np.ndarray, min_part: int, peel: int) -> np.ndarray | None:
    """The mask of the members the bisection moves out, peeling outliers (see split_of);
    None when no two groups of ``min_part`` members each are found."""
    rest = np.arange(sim.shape[0])  # the members still bisected, member 0 first
    for _ in range(peel + 1):
        keep = bisect(sim[np.ix_(rest, rest)])
        small = keep if keep.sum() < (~keep).sum() else ~keep
        if int(small.sum()) >= min_part:
            move = np.zeros(sim.shape[0], dtype=bool)
            move[rest[~keep]] = True
            return move
        if small[0]:  # the outlier is member 0 itself: nothing to peel
            return None
        rest = rest[~small]
        if rest.size < 2 * min_part:
            return None
    return None


def _within(sim: np.ndarray, mask: np.ndarray) -> float:
    """The mean similarity of a group's distinct members (1.0 for a single member)."""
    block = sim[np.ix_(mask, mask)]
    k = block.shape[0]
    return 1.0 if k < 2 else float((block.sum() - np.trace(block)) / (k * (k - 1)))


def split_sizes(config: ClusterConfig) -> frozenset[int]:
    """The story sizes at which a split is tried: split_min_size times split_growth ** k,
    rounded, up to split_max_size (4, 6, 9, 14, 20, 30 by default)."""
    sizes, size = set(), float(config.split_min_size)
    while round(size) <= config.split_max_size:
        sizes.add(round(size))
        size *= config.split_growth
    return frozenset(sizes)
