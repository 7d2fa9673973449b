"""The learned merge model's view of an (article, candidate story) pair (Miranda et al., 2018).

:class:`~storyline.cluster.StoryClusterer` scores each candidate story (a
:class:`~storyline.cluster.explain.Score`); these functions turn such scores into the model's
pair features (:data:`storyline.cluster.merge_model.FEATURES`, in that order) and rank candidates by
the model's probability. Pure: no clusterer state.
"""

from __future__ import annotations

import dataclasses
import math

from storyline.cluster.explain import Score
from storyline.cluster.merge_model import HEADLINE_TERMS, MergeModel

__all__ = ["candidate_features", "pair_features", "rank_learned"]


def pair_features(
    n_terms: int, score: Score, others_best: float | None, time_decay_days: float
) -> tuple[float, ...]:
    """The learned model's features of one pair; ``n_terms``: the article's distinct content
    words.

    ``score`` and ``margin`` are taken without the number bonus: the model has the number
    features themselves, and was fitted on scores without it.
    """
    decay = 0.0 if score.gap_days is None else 0.5 ** (score.gap_days / time_decay_days)
    base = score.score - score.evidence
    margin = base - (others_best if others_best is not None else 0.0)
    same = 1.0 if score.same_language else 0.0
    return (
        base,
        score.lexical * same,
        score.lexical_centroid * same,
        score.title,
        score.names,
        score.names_member,
        score.dense,
        0.0 if score.dense_present else 1.0,
        decay,
        math.log1p(n_terms),
        1.0 if n_terms < HEADLINE_TERMS else 0.0,
        math.log1p(score.shared_names),
        margin,
        *score.numbers,
    )


def candidate_features(
    n_terms: int, ranked: list[Score], time_decay_days: float
) -> list[tuple[float, ...]]:
    """The features of every ranked candidate (``ranked`` best first by score)."""
    out = []
    for i, sc in enumerate(ranked):
        other = ranked[1] if i == 0 and len(ranked) > 1 else (ranked[0] if i > 0 else None)
        others = None if other is None else other.score - other.evidence
        out.append(pair_features(n_terms, sc, others, time_decay_days))
    return out


def rank_learned(
    n_terms: int, ranked: list[Score], model: MergeModel, time_decay_days: float
) -> list[Score]:
    """The candidates by the model's probability (ties: higher score, then smaller id)."""
    features = candidate_features(n_terms, ranked, time_decay_days)
    scored = [
        dataclasses.replace(
            sc, probability=model.probability(x), contributions=tuple(model.contributions(x))
        )
        for sc, x in zip(ranked, features, strict=True)
    ]
    scored.sort(key=lambda sc: (-(sc.probability or 0.0), -sc.score, sc.story_id))
    return scored
