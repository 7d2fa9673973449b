"""Tune and measure lazy dense embeddings (ClusterConfig.dense_band, dense_rescore) on ECB+ train.

    python benchmarks/dense_band.py --orders 3 --json

Clusters the ECB+ *train* topics (never the dev topics) together, in ``--orders`` seeded
feeding orders, with the shipped settings except the lazy-dense parameters of each grid point,
and prints each point's mean BCubed F1 and the share of articles whose text the dense model
read (articles embedded for their own decision plus first articles of stories embedded late,
over all articles). Vectors are computed once per text and reused across the grid points (the
share counts requests, so it is what the clusterer would have embedded). With
``--dense-candidates K`` it measures only "every decision" and the shipped band, with K nearest
centroids also scored.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from storyline.config import ClusterConfig, EmbedConfig, Settings
from storyline.embed.models import UseEmbedder, register_embedder
from storyline.evaluation.ecbplus import TRAIN_TOPICS
from storyline.evaluation.stories import evaluate_ecbplus

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
INF = float("inf")


class CountingCache:
    """USE vectors memoised by text; counts the texts asked for, those computed and their CPU.

    Also used by benchmarks/lead_chars.py."""

    name = "use"
    dim = 512

    def __init__(self) -> None:
        self.model = UseEmbedder()
        self.vectors: dict[str, np.ndarray] = {}
        self.requests = 0
        self.computed = 0
        self.cpu_s = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.requests += len(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            cpu = time.process_time()
            vectors = self.model.embed(todo)
            self.cpu_s += time.process_time() - cpu
            self.computed += len(todo)
            self.vectors.update(zip(todo, vectors, strict=True))
        return np.vstack([self.vectors[t] for t in texts])


def over_orders(
    cache: CountingCache, settings: Settings, orders: int, topics: Sequence[int]
) -> tuple[list[float], list[float]]:
    """BCubed F1 and the share of documents embedded, for each seeded feeding order."""
    f1s, shares = [], []
    for seed in range(orders):
        before = cache.requests
        result = evaluate_ecbplus(SHARED / "ecbplus", topics, settings=settings, seed=seed)
        f1s.append(result.bcubed.f1)
        shares.append((cache.requests - before) / result.n_docs)
    return f1s, shares


def measure(
    cache: CountingCache, cluster: ClusterConfig, orders: int, topics: Sequence[int]
) -> dict[str, Any]:
    settings = Settings(embed=EmbedConfig(model="counting-cache"), cluster=cluster)
    f1s, shares = over_orders(cache, settings, orders, topics)
    return {
        "dense_band": list(cluster.dense_band),
        "dense_rescore": cluster.dense_rescore,
        "dense_candidates": cluster.dense_candidates,
        "bcubed_f1": round(statistics.fmean(f1s), 4),
        "each": [round(f, 4) for f in f1s],
        "embedded_share": round(statistics.fmean(shares), 3),
    }


# (dense_band, dense_rescore) points: the first is the dense term on every decision (as before
# lazy embeddings); results are in ClusterConfig's comment.
GRID: tuple[tuple[tuple[float, float], int], ...] = (
    ((0.0, INF), 20),
    ((0.0, INF), 3),
    ((0.5, 1.5), 20),
    ((0.5, 1.5), 3),
    ((0.7, 1.3), 3),
    ((0.7, 1.5), 3),
    ((0.7, 1.7), 3),
    ((0.7, 2.0), 3),
    ((0.9, 1.7), 3),
    ((1.0, 2.0), 3),
    ((0.8, 1.2), 3),
    ((0.7, 1.5), 1),
    ((0.7, 1.5), 5),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--dense-candidates", type=int, default=0)
    args = parser.parse_args()
    cache = CountingCache()
    register_embedder("counting-cache", lambda config: cache)
    base = ClusterConfig(dense_candidates=args.dense_candidates)
    grid = (*GRID[:1], (base.dense_band, base.dense_rescore)) if args.dense_candidates else GRID
    rows = [
        measure(cache, replace(base, dense_band=band, dense_rescore=k), args.orders, TRAIN_TOPICS)
        for band, k in grid
    ]
    print(json.dumps(rows, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
