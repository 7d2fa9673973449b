"""Fit the clusterer's main thresholds on ECB+ topics and write them where the defaults live.

``storyline tune ecbplus DIR --topics ...`` runs :func:`fit_cluster_params`: starting from the
shipped values, one coordinate pass over :data:`PARAM_GRIDS` (the join threshold, the split
threshold and ratio, the merge threshold), each value scored by the mean BCubed F1 of the
shipped clusterer (lazy embeddings, splits and merges, as ``storyline eval ecbplus`` runs it)
over ``orders`` seeded feeding orders of the chosen topics clustered together. A value replaces
the current one only when it beats it by more than ``tolerance`` (the spread of one order is
~0.02, of a 10-order mean ~0.002): noise does not move the defaults. The result, with every
grid score, the topics, the command and the date, is written to
``storyline/cluster/params.json``, which :class:`storyline.config.ClusterConfig` reads its
defaults from. Dev topics are refused unless asked for, and then never to be shipped.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from storyline.config import CLUSTER_PARAMS_PATH, ClusterConfig, Settings
from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import DEV_TOPICS, load_documents, to_article
from storyline.evaluation.metrics import bcubed
from storyline.evaluation.stories import _shuffled, run_system
from storyline.records import Article

__all__ = ["PARAM_GRIDS", "FittedParams", "fit_cluster_params", "write_params"]

#: The values tried for each fitted parameter, in the order they are fitted.
PARAM_GRIDS: Mapping[str, tuple[float, ...]] = {
    "threshold": (0.30, 0.35, 0.40),
    "split_threshold": (0.20, 0.25, 0.30),
    "split_ratio": (0.6, 0.7, 0.8),
    "absorb_threshold": (0.30, 0.35, 0.40),
}


@dataclass(frozen=True, slots=True)
class FittedParams:
    params: dict[str, float]
    meta: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"params": self.params, "meta": self.meta}


def fit_cluster_params(
    directory: Path,
    topics: Sequence[int],
    *,
    orders: int = 5,
    grids: Mapping[str, tuple[float, ...]] = PARAM_GRIDS,
    tolerance: float = 0.002,
    allow_dev: bool = False,
    command: str = "",
) -> FittedParams:
    """Fit the parameters named in ``grids`` on ECB+ ``topics`` (see the module docstring)."""
    dev = sorted(set(topics) & set(DEV_TOPICS))
    if dev and not allow_dev:
        raise ConfigError(
            f"refusing to tune on ECB+ dev topics {dev}: they measure the shipped defaults "
            "(pass --allow-dev to do it anyway, and do not ship the result)"
        )
    docs = list(load_documents(directory, topics))
    if not docs:
        raise ConfigError(f"no ECB+ documents for topics {sorted(set(topics))} under {directory}")
    articles = [to_article(d, i) for i, d in enumerate(docs)]
    gold = {a.id: d.subtopic for a, d in zip(articles, docs, strict=True)}
    config = ClusterConfig()
    scored: dict[str, dict[str, float]] = {}
    for name, values in grids.items():
        current = float(getattr(config, name))
        scores = {
            value: _mean_f1(articles, gold, _with(config, name, value), orders)
            for value in sorted({*values, current})
        }
        scored[name] = {f"{v:g}": round(f1, 4) for v, f1 in scores.items()}
        best = max(scores, key=lambda v: (scores[v], -abs(v - current)))
        if scores[best] > scores[current] + tolerance:
            config = _with(config, name, best)
    meta = {
        "data": "ECB+ (Cybulska & Vossen 2014), sub-topics as gold stories, whole articles",
        "topics": sorted(set(topics)),
        "dev_topics_used": dev,
        "orders": orders,
        "tolerance": tolerance,
        "grid_bcubed_f1": scored,
        "command": command,
        "date": dt.date.today().isoformat(),
    }
    return FittedParams({name: float(getattr(config, name)) for name in grids}, meta)


def _with(config: ClusterConfig, name: str, value: float) -> ClusterConfig:
    overrides: dict[str, Any] = {name: value}
    return replace(config, **overrides)


def _mean_f1(
    articles: list[Article], gold: dict[str, str], config: ClusterConfig, orders: int
) -> float:
    """Mean BCubed F1 over the seeded orders, clustered as ``storyline eval ecbplus`` does."""
    settings = Settings(cluster=config)
    return statistics.fmean(
        bcubed(gold, run_system(_shuffled(list(articles), seed), settings)).f1
        for seed in range(orders)
    )


def write_params(fitted: FittedParams, path: Path = CLUSTER_PARAMS_PATH) -> Path:
    path.write_text(json.dumps(fitted.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path
