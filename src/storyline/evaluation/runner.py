"""Run the online clusterer over a gold data set and score it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from storyline.evaluation.metrics import Scores, bcubed, pairwise
from storyline.records import Article

__all__ = ["ClusteringResult", "cluster_online", "score_clustering"]


@dataclass(frozen=True, slots=True)
class ClusteringResult:
    n_docs: int
    n_gold: int
    n_pred: int
    bcubed: Scores
    pairwise: Scores
    topic_bcubed_f1: float | None
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "bcubed": self.bcubed.to_dict(),
            "pairwise": self.pairwise.to_dict(),
            "topic_bcubed_f1": None
            if self.topic_bcubed_f1 is None
            else round(self.topic_bcubed_f1, 4),
            "seconds": round(self.seconds, 2),
        }


def cluster_online(articles: Sequence[Article], clusterer: Any) -> dict[str, str]:
    """Feed the articles in the given order; return article id -> story id, the stories as
    they stand after the last article (a story that split has moved some of its articles)."""
    assigned: dict[str, str] = {}
    pop_moves = getattr(clusterer, "pop_moves", None)
    for article in articles:
        story_id = clusterer.predict_one(article)
        clusterer.learn_one(replace(article, story_id=story_id))
        assigned[article.id] = story_id
        for move in pop_moves() if pop_moves is not None else ():
            assigned[move.article_id] = move.story_id
    return assigned


def score_clustering(
    gold: dict[str, str],
    predict: Callable[[], dict[str, str]],
    topic_of: dict[str, str] | None = None,
) -> ClusteringResult:
    """Time ``predict()`` and score its clustering against ``gold`` (item -> gold cluster)."""
    started = time.perf_counter()
    pred = predict()
    seconds = time.perf_counter() - started
    topic_f1 = None
    if topic_of is not None:
        topic_f1 = bcubed({i: topic_of[i] for i in gold}, pred).f1
    return ClusteringResult(
        n_docs=len(gold),
        n_gold=len(set(gold.values())),
        n_pred=len(set(pred.values())),
        bcubed=bcubed(gold, pred),
        pairwise=pairwise(gold, pred),
        topic_bcubed_f1=topic_f1,
        seconds=seconds,
    )
