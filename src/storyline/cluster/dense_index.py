"""Exact nearest-centroid search over the clusterer's *active* stories (numpy only).

The inverted index of terms and names never finds a story that shares no salient word with an
article (German "Lissabon" vs English "Lisbon", or two headlines worded apart). This index
keeps one unit vector per active story (its embedding centroid) in a dense matrix and returns
the ``k`` most similar. Retired stories leave it, so its size, and a query's cost, follow the
active set, not the whole history. Rows are swapped out on removal; results are ordered by
similarity, ties by story id, so they never depend on insertion order.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CentroidIndex"]


class CentroidIndex:
    def __init__(self) -> None:
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def set(self, story_id: str, centroid: np.ndarray) -> None:
        """Add or update a story's centroid (any norm; stored unit-length)."""
        norm = float(np.linalg.norm(centroid))
        if norm == 0.0:
            self.remove(story_id)
            return
        vec = (centroid / norm).astype(np.float32)
        if self._matrix is None or self._matrix.shape[1] != vec.shape[0]:
            if self._ids:
                return  # another width than the stored vectors: not comparable
            self._matrix = np.zeros((64, vec.shape[0]), dtype=np.float32)
        row = self._rows.get(story_id)
        if row is None:
            row = len(self._ids)
            if row == self._matrix.shape[0]:
                self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
            self._ids.append(story_id)
            self._rows[story_id] = row
        self._matrix[row] = vec

    def remove(self, story_id: str) -> None:
        row = self._rows.pop(story_id, None)
        if row is None or self._matrix is None:
            return
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._rows[moved] = row
            self._matrix[row] = self._matrix[last]
        self._ids.pop()

    def top(self, vec: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` stories whose centroid is most similar to ``vec`` (unit length)."""
        n = len(self._ids)
        if n == 0 or k <= 0 or self._matrix is None or self._matrix.shape[1] != vec.shape[0]:
            return []
        sims = self._matrix[:n] @ vec.astype(np.float32)
        if n > k:
            # a margin over k so that ties at the cut are ordered by id, not by row
            part = np.argpartition(-sims, min(n - 1, 2 * k))[: min(n, 2 * k + 1)]
        else:
            part = np.arange(n)
        ranked = sorted(((self._ids[i], float(sims[i])) for i in part), key=lambda p: (-p[1], p[0]))
        return ranked[:k]
