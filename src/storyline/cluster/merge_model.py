"""The learned merge model: should an article join a candidate story? (Miranda et al., 2018)

The clusterer describes each (article, candidate story) pair by a few similarity features
(:data:`FEATURES`); a logistic regression over the standardised features gives the probability
that the story is the article's, and the article joins the most probable candidate when that
probability reaches the model's threshold. The weights are fitted offline by
``storyline tune ecbplus`` (:mod:`storyline.evaluation.tune`) and shipped as
``model.json`` beside this module, with the data, topics, command and date that
produced them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import ConfigError

__all__ = [
    "DEFAULT_MODEL_PATH",
    "FEATURES",
    "MergeModel",
    "fit_logistic",
    "load_merge_model",
]

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.json")

#: The pair features, in the order of the model's weights. The story's size is not one: with
#: it the model learned "big stories attract wrong articles" from the replays and fragmented
#: stories (ECB+ train BCubed F1 0.83 with it, 0.887 without, same threshold grid).
FEATURES: tuple[str, ...] = (
    "score",  # the weighted combined similarity (with its time decay), as in "weighted" mode
    "lexical",  # TF-IDF cosine of content words, max of centroid and best member
    "lexical_centroid",
    "title",  # TF-IDF cosine of the article's title words with the story's title words
    "names",  # TF-IDF cosine of names, max of centroid and best member
    "names_member",
    "dense",  # sentence-embedding cosine above the floor, rescaled (0 when absent)
    "dense_absent",
    "time_decay",  # 0.5 ** (gap / time_decay_days); 0 when either side is undated
    "log_article_terms",
    "headline_only",  # the article has fewer than HEADLINE_TERMS distinct content words
    "log_shared_names",
    "margin",  # score minus the best score among the other candidates (score if alone)
    "numbers_shared",  # share of the article's numbers (2+ digits) that the story mentions
    "year_conflict",  # 1 when both mention years and none is shared
)
HEADLINE_TERMS = 30


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class MergeModel:
    """A logistic regression over standardised pair features, with its decision threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    features: tuple[str, ...] = FEATURES
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.weights) == len(self.mean) == len(self.scale) == n):
            raise ConfigError("merge model: weights, mean and scale must match the features")
        if self.features != FEATURES:
            raise ConfigError(f"merge model features {self.features} differ from {FEATURES}")
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"merge model threshold must be in (0, 1), got {self.threshold}")

    def logit(self, x: tuple[float, ...]) -> float:
        z = self.bias
        for w, m, s, v in zip(self.weights, self.mean, self.scale, x, strict=True):
            z += w * (v - m) / s
        return z

    def probability(self, x: tuple[float, ...]) -> float:
        return _sigmoid(self.logit(x))

    def contributions(self, x: tuple[float, ...], k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` features that moved the logit most (signed, vs the training mean)."""
        parts = [
            (name, w * (v - m) / s)
            for name, w, m, s, v in zip(
                self.features, self.weights, self.mean, self.scale, x, strict=True
            )
        ]
        parts.sort(key=lambda p: (-abs(p[1]), p[0]))
        return parts[:k]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic_regression",
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MergeModel:
        try:
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                mean=tuple(float(m) for m in data["mean"]),
                scale=tuple(float(s) for s in data["scale"]),
                threshold=float(data["threshold"]),
                features=tuple(data["features"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"not a merge model file: {exc}") from exc


@lru_cache(maxsize=4)
def load_merge_model(path: str | None = None) -> MergeModel:
    """The model in ``path`` (the shipped ``cluster/model.json`` when None)."""
    source = Path(path) if path else DEFAULT_MODEL_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the merge model {source}: {exc}") from exc
    return MergeModel.from_dict(data)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """L2-regularised logistic regression by Newton's method on standardised features.

    Returns (weights, bias, mean, scale); constant features get scale 1 and, by the penalty,
    weight 0. Deterministic: no random initialisation.
    """
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not penalised
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        grad = z.T @ (p - y) + penalty * beta
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return beta[:-1], float(beta[-1]), mean, scale
