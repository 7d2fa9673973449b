"""Fit the learned merge model (:mod:`storyline.cluster.merge_model`) on ECB+ topics.

The classic recipe (Miranda et al., EMNLP 2018): replay the online clustering over the chosen
topics in several seeded orders and, at each article, record every candidate story's pair
features with the label "the story's majority gold sub-topic is the article's". The articles
are replayed twice: whole (title and text) and headline-only (the title alone, a separate
stream), so that the model also sees the headline regime of feeds and of the UCI set without
ever training on UCI. Round 1 replays with the weighted clusterer; round 2 (DAgger-style)
replays with the round-1 model so that the model also sees the stories it makes itself.
The decision threshold is the one with the best mean BCubed F1 of replays on the same topics.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster import StoryClusterer
from storyline.cluster.merge_model import DEFAULT_MODEL_PATH, FEATURES, MergeModel, fit_logistic
from storyline.config import ClusterConfig, Settings
from storyline.embed import get_embedder
from storyline.errors import ConfigError
from storyline.evaluation.ecbplus import DEV_TOPICS, load_documents, to_article
from storyline.evaluation.metrics import bcubed
from storyline.evaluation.stories import _with_embeddings
from storyline.records import Article, article_id_for

__all__ = ["TuneSettings", "tune_ecbplus", "write_model"]

_THRESHOLDS = tuple(round(0.25 + 0.05 * i, 2) for i in range(8))  # 0.25 .. 0.60


@dataclass(frozen=True, slots=True)
class TuneSettings:
    orders: int = 3  # seeded feeding orders per stream
    l2: float = 1.0
    rounds: int = 1  # 2 (DAgger) measured no better on train: 0.874 vs 0.879


Stream = list[tuple[Article, str]]  # (article, gold), in corpus order


def _headline(article: Article) -> Article:
    title = article.title or ""
    aid = article_id_for(f"{article.raw_id}#headline")
    return replace(
        article, id=aid, raw_id=f"{article.raw_id}#headline", text=title, raw_text=title, url=None
    )


def load_streams(directory: Path, topics: Iterable[int], settings: Settings) -> list[Stream]:
    """The whole-article stream and the headline-only stream, embedded with the shipped model."""
    docs = list(load_documents(directory, topics))
    whole = [to_article(d, i) for i, d in enumerate(docs)]
    golds = [d.subtopic for d in docs]
    embedder = get_embedder(settings.embed)
    lead = settings.embed.lead_chars
    streams = []
    for articles in (whole, [_headline(a) for a in whole]):
        embedded = _with_embeddings(articles, embedder, lead)
        streams.append(list(zip(embedded, golds, strict=True)))
    return streams


def _order(stream: Stream, seed: int) -> Stream:
    rng = np.random.default_rng(seed)
    return [stream[i] for i in rng.permutation(len(stream))]


def replay(
    stream: Stream, config: ClusterConfig, model: MergeModel | None, *, record: bool = False
) -> tuple[float, list[tuple[float, ...]], list[int]]:
    """Cluster ``stream`` online; return its BCubed F1 and, if ``record``, the labelled pairs."""
    clusterer = StoryClusterer(config, model=model)
    majority: dict[str, Counter[str]] = {}
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    pred: dict[str, str] = {}
    for article, gold in stream:
        if record:
            for story_id, x in clusterer.candidate_pairs(article):
                top = majority[story_id].most_common(1)[0][0]
                xs.append(x)
                ys.append(int(top == gold))
        story_id = clusterer.predict_one(article)
        clusterer.learn_one(replace(article, story_id=story_id))
        majority.setdefault(story_id, Counter())[gold] += 1
        pred[article.id] = story_id
    f1 = bcubed({a.id: g for a, g in stream}, pred).f1
    return f1, xs, ys


def _with_threshold(model: MergeModel, threshold: float) -> MergeModel:
    return replace(model, threshold=threshold)


def _choose_threshold(orders: Sequence[Stream], base: MergeModel) -> tuple[float, dict[str, float]]:
    config = ClusterConfig(merge_model="learned")
    grid: dict[str, float] = {}
    for threshold in _THRESHOLDS:
        model = _with_threshold(base, threshold)
        scores = [replay(s, config, model)[0] for s in orders]
        grid[f"{threshold:.2f}"] = round(float(np.mean(scores)), 4)
    best = max(_THRESHOLDS, key=lambda t: (grid[f"{t:.2f}"], -abs(t - 0.5)))
    return best, grid


def _fit(xs: list[tuple[float, ...]], ys: list[int], l2: float, meta: dict[str, Any]) -> MergeModel:
    weights, bias, mean, scale = fit_logistic(np.asarray(xs, float), np.asarray(ys, float), l2)
    return MergeModel(
        weights=tuple(float(w) for w in weights),
        bias=bias,
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        threshold=0.5,
        meta=meta,
    )


def tune_ecbplus(
    directory: Path,
    topics: Sequence[int],
    *,
    tune: TuneSettings | None = None,
    allow_dev: bool = False,
    command: str = "",
) -> MergeModel:
    """Fit the merge model on ECB+ ``topics`` (never dev topics unless ``allow_dev``)."""
    tune = tune or TuneSettings()
    dev = sorted(set(topics) & set(DEV_TOPICS))
    if dev and not allow_dev:
        raise ConfigError(
            f"refusing to tune on ECB+ dev topics {dev}: they measure the shipped defaults "
            "(pass --allow-dev to do it anyway, and do not ship the result)"
        )
    streams = load_streams(directory, topics, Settings())
    orders = [_order(s, seed) for s in streams for seed in range(tune.orders)]
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    model: MergeModel | None = None
    for _ in range(tune.rounds):
        config = ClusterConfig(merge_model="learned" if model else "weighted")
        for stream in orders:
            _, x, y = replay(stream, config, model, record=True)
            xs += x
            ys += y
        fitted = _fit(xs, ys, tune.l2, {})
        threshold, grid = _choose_threshold(orders, fitted)
        model = _with_threshold(fitted, threshold)
    assert model is not None
    meta = {
        "data": "ECB+ (Cybulska & Vossen 2014), sub-topics as gold stories; whole articles "
        "and headline-only (title alone) streams",
        "topics": sorted(set(topics)),
        "dev_topics_used": dev,
        "orders_per_stream": tune.orders,
        "rounds": tune.rounds,
        "l2": tune.l2,
        "pairs": len(ys),
        "positives": int(sum(ys)),
        "threshold_grid_bcubed_f1": grid,
        "command": command,
        "date": dt.date.today().isoformat(),
        "features": list(FEATURES),
    }
    return replace(model, meta=meta)


def write_model(model: MergeModel, path: Path = DEFAULT_MODEL_PATH) -> Path:
    path.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path
