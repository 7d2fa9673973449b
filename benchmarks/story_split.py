"""What splitting a story in two after the fact would gain on the ECB+ *train* topics.

    python benchmarks/story_split.py --orders 3 --json

The online clusterer decides each article once, when it arrives, and keeps that decision. On
the ECB+ train topics most lost precision is one early decision per topic: the first article
of a topic's second event joins the first event's story, and that event's later articles
follow it there (``benchmarks/ecb_errors.py``). Refusing such joins cannot fix it: a perfect
refusal, from the gold labels, tops out at 0.918 (``ClusterConfig.small_story_margin``), and
a refusal driven by the story's own members (the article lands in the smaller half of a
two-way split of the story and that half is far from the rest) scored below the shipped
clusterer (0.816-0.846 against 0.848 over 3 orders, measured 2026-12-02 with the prototype of
this script). What is left is to *move* articles: split a story whose members form two groups.

This script measures that on the ECB+ train topics only (``--orders`` seeded feeding orders,
lazy dense embeddings as shipped), stories scored as they stand after the last article:

* ``no_split``: the shipped clusterer with ``split_threshold`` 0 (no splits);
* ``shipped``: the shipped clusterer, which splits stories online as they grow
  (``ClusterConfig.split_threshold``, storyline.cluster.split);
* ``oracle_split``: the ``no_split`` stories, each keeping its majority event and giving each
  other event's articles a story of their own (from the gold labels): the ceiling of any split;
* ``post_hoc_split``: the ``no_split`` stories, each story of at least ``--min-size`` articles
  cut in two by average-linkage clustering of its members and split when the two halves' mean
  similarity is under ``tau`` and the smaller half has at least 2 articles (the prototype of
  the online split, measured on final stories only). A member pair's similarity is the
  weighted mean of the cosines of sublinear TF-IDF vectors of content words and of names (the
  clusterer's tokenisation, document frequencies over the topics clustered) and of the
  rescaled sentence-embedding cosine of their titles and leads (``dense_floor`` as shipped),
  with the weights given by ``--weights lexical,names,dense``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.clusterer import StoryClusterer, article_feature_text
from storyline.cluster.split import bisect
from storyline.config import ClusterConfig, Settings
from storyline.embed.models import article_embedding_text, get_embedder
from storyline.evaluation.ecbplus import TRAIN_TOPICS, load_documents, to_article
from storyline.evaluation.metrics import bcubed
from storyline.evaluation.runner import cluster_online
from storyline.records import Article
from storyline.text.features import l2_normalise, name_keys, sublinear_tf, terms

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _tfidf_matrix(token_lists: list[list[str]]) -> np.ndarray:
    """Rows of L2-normalised sublinear TF-IDF (smoothed idf over these documents)."""
    df = Counter(k for tokens in token_lists for k in set(tokens))
    n = len(token_lists)
    keys = {k: i for i, k in enumerate(sorted(df))}
    out = np.zeros((n, len(keys)), dtype=np.float32)
    for row, tokens in enumerate(token_lists):
        tf = sublinear_tf(tokens)
        vec = l2_normalise({k: w * math.log((n + 1) / (df[k] + 1)) for k, w in tf.items()})
        for key, weight in vec.items():
            out[row, keys[key]] = weight
    return out


def similarity(articles: list[Article], weights: tuple[float, float, float]) -> np.ndarray:
    """The member-pair similarity matrix described in the module docstring."""
    texts = [article_feature_text(a) for a in articles]
    lexical = _tfidf_matrix([terms(t) for t in texts])
    names = _tfidf_matrix([name_keys(t) for t in texts])
    settings = Settings()
    vectors = get_embedder(settings.embed).embed(
        [article_embedding_text(a, settings.embed.lead_chars) for a in articles]
    )
    floor = settings.cluster.dense_floor
    dense = np.clip((vectors @ vectors.T - floor) / (1.0 - floor), 0.0, None)
    w_lex, w_names, w_dense = weights
    total = w_lex * (lexical @ lexical.T) + w_names * (names @ names.T) + w_dense * dense
    return np.asarray(total / (w_lex + w_names + w_dense), dtype=np.float64)


def split_stories(
    pred: dict[str, str], sim: np.ndarray, row: dict[str, int], tau: float, min_size: int
) -> dict[str, str]:
    out = dict(pred)
    for story, members in _stories(pred).items():
        if len(members) < min_size:
            continue
        rows = [row[a] for a in members]
        block = sim[np.ix_(rows, rows)]
        mask = bisect(block)
        if min(mask.sum(), (~mask).sum()) < 2 or block[np.ix_(mask, ~mask)].mean() >= tau:
            continue
        smaller = mask if mask.sum() <= (~mask).sum() else ~mask
        for article, moved in zip(members, smaller, strict=True):
            if moved:
                out[article] = story + "/split"
    return out


def oracle_split(pred: dict[str, str], gold: dict[str, str]) -> dict[str, str]:
    out = dict(pred)
    for story, members in _stories(pred).items():
        majority = Counter(gold[a] for a in members).most_common(1)[0][0]
        for article in members:
            if gold[article] != majority:
                out[article] = f"{story}/{gold[article]}"
    return out


def _stories(pred: dict[str, str]) -> dict[str, list[str]]:
    stories: dict[str, list[str]] = {}
    for article, story in sorted(pred.items()):
        stories.setdefault(story, []).append(article)
    return stories


def _cluster(articles: list[Article], seed: int, config: ClusterConfig) -> dict[str, str]:
    stream = list(articles)
    random.Random(seed).shuffle(stream)
    settings = Settings()
    clusterer = StoryClusterer(
        config, get_embedder(settings.embed), lead_chars=settings.embed.lead_chars
    )
    return cluster_online(stream, clusterer)


def _mean_scores(gold: dict[str, str], preds: Iterable[dict[str, str]]) -> dict[str, float]:
    scores = [bcubed(gold, p) for p in preds]
    return {
        "f1": round(statistics.fmean(s.f1 for s in scores), 4),
        "precision": round(statistics.fmean(s.precision for s in scores), 4),
        "recall": round(statistics.fmean(s.recall for s in scores), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=3)
    parser.add_argument("--weights", default="1,1,1", help="lexical,names,dense")
    parser.add_argument("--taus", default="0.2,0.25,0.3,0.35,0.4")
    parser.add_argument("--min-size", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    w_lex, w_names, w_dense = (float(x) for x in args.weights.split(","))
    docs = list(load_documents(SHARED / "ecbplus", TRAIN_TOPICS))
    articles = [to_article(d, i) for i, d in enumerate(docs)]
    gold = {a.id: d.subtopic for a, d in zip(articles, docs, strict=True)}
    row = {a.id: i for i, a in enumerate(articles)}
    sim = similarity(articles, (w_lex, w_names, w_dense))
    off = replace(ClusterConfig(), split_threshold=0.0, absorb_threshold=0.0)
    preds = [_cluster(articles, seed, off) for seed in range(args.orders)]
    shipped = [_cluster(articles, seed, ClusterConfig()) for seed in range(args.orders)]
    result: dict[str, Any] = {
        "topics": "train",
        "orders": args.orders,
        "weights": {"lexical": w_lex, "names": w_names, "dense": w_dense},
        "no_split": _mean_scores(gold, preds),
        "shipped": _mean_scores(gold, shipped),
        "oracle_split": _mean_scores(gold, (oracle_split(p, gold) for p in preds)),
        "post_hoc_split": {
            tau: _mean_scores(gold, (split_stories(p, sim, row, tau, args.min_size) for p in preds))
            for tau in (float(t) for t in args.taus.split(","))
        },
    }
    print(json.dumps(result, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
