"""Where story clustering goes wrong on the ECB+ *train* topics: an error analysis.

    python benchmarks/ecb_errors.py --orders 8 --json
    python benchmarks/ecb_errors.py --orders 5 --small-story-margin 0.05

Clusters the ECB+ train topics (never the dev topics 2, 5, 12, 18, 21, 23, 34, 35) mixed in
one stream, in ``--orders`` seeded feeding orders, with the shipped settings (lazy dense
embeddings as in the pipeline), and sorts every decision into:

* ``correct_join`` / ``correct_new``: joined a story of its own event / opened a new story
  when none existed;
* ``first_of_event_join``: joined another event's story while its own event had no story
  yet, the decision that merges two events (``same_topic``: the other event is its ECB+
  topic's sibling, as nearly always); ``follower_join``: joined another event's story that
  already holds articles of its own event (what follows such a merge);
* ``split``: opened a new story although one of its own event existed.

A story's event is its majority gold sub-topic. It also prints each topic's BCubed precision,
recall and F1 (mean over the orders), worst first, the scores of the wrong first-of-event
joins relative to their threshold, and, with ``--veto-ceiling``, the BCubed F1 reached when
every join into another event's story is refused from the gold labels (the refused article
opens a new story): the ceiling of any check that only refuses joins.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storyline.cluster.clusterer import StoryClusterer
from storyline.config import ClusterConfig, Settings
from storyline.embed.models import get_embedder
from storyline.evaluation.ecbplus import TRAIN_TOPICS, load_documents, to_article
from storyline.evaluation.metrics import bcubed
from storyline.records import Article, Assignment, story_id_for

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass
class _Tally:
    kinds: Counter[str] = field(default_factory=Counter)
    ratios: list[float] = field(default_factory=list)  # first-of-event joins: score / threshold
    topics: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    f1s: list[float] = field(default_factory=list)


def _topic(subtopic: str) -> str:
    return subtopic.removesuffix("ecbplus").removesuffix("ecb")


def _kind(asg: Assignment, gold: str, events: dict[str, Counter[str]]) -> str:
    own_exists = any(c.most_common(1)[0][0] == gold for c in events.values())
    if asg.new_story:
        return "split" if own_exists else "correct_new"
    members = events[asg.story_id]
    if members.most_common(1)[0][0] == gold:
        return "correct_join"
    return "follower_join" if members[gold] else "first_of_event_join"


def _threshold_of(asg: Assignment) -> float | None:
    """The threshold printed in a join's reason ("score 0.41 >= threshold 0.35")."""
    marker = ">= threshold "
    if marker not in asg.reason:
        return None
    return float(asg.reason.split(marker, 1)[1].split()[0])


def _replay(
    articles: list[Article],
    gold: dict[str, str],
    clusterer: StoryClusterer,
    tally: _Tally,
    veto: bool,
) -> dict[str, str]:
    events: dict[str, Counter[str]] = {}
    pred: dict[str, str] = {}
    for article in articles:
        asg = clusterer.explain_one(article)
        kind = _kind(asg, gold[article.id], events)
        if veto and kind in ("first_of_event_join", "follower_join"):
            asg = replace(asg, story_id=story_id_for(article.id), new_story=True)
        tally.kinds[kind] += 1
        threshold = _threshold_of(asg)
        if kind == "first_of_event_join" and threshold and not veto:
            tally.ratios.append(asg.score / threshold)
            same = _topic(events[asg.story_id].most_common(1)[0][0]) == _topic(gold[article.id])
            tally.kinds["first_of_event_join_same_topic"] += int(same)
        clusterer.learn_one(replace(article, story_id=asg.story_id))
        events.setdefault(asg.story_id, Counter())[gold[article.id]] += 1
        pred[article.id] = asg.story_id
    return pred


def _score_topics(gold: dict[str, str], pred: dict[str, str], tally: _Tally) -> None:
    tally.f1s.append(bcubed(gold, pred).f1)
    for topic in sorted({_topic(g) for g in gold.values()}, key=int):
        ids = [a for a, g in gold.items() if _topic(g) == topic]
        b = bcubed({a: gold[a] for a in ids}, {a: pred[a] for a in ids})
        tally.topics.setdefault(topic, []).append((b.precision, b.recall, b.f1))


def analyse(cluster: ClusterConfig, orders: int, veto: bool = False) -> dict[str, Any]:
    docs = list(load_documents(SHARED / "ecbplus", TRAIN_TOPICS))
    articles = [to_article(d, i) for i, d in enumerate(docs)]
    gold = {a.id: d.subtopic for a, d in zip(articles, docs, strict=True)}
    embedder = get_embedder(Settings().embed)
    tally = _Tally()
    for seed in range(orders):
        stream = list(articles)
        random.Random(seed).shuffle(stream)
        pred = _replay(stream, gold, StoryClusterer(cluster, embedder), tally, veto)
        _score_topics(gold, pred, tally)
    return _summary(tally, orders)


def _summary(tally: _Tally, orders: int) -> dict[str, Any]:
    def mean(values: list[tuple[float, float, float]], i: int) -> float:
        return round(statistics.fmean(v[i] for v in values), 3)

    topics = sorted(tally.topics.items(), key=lambda kv: mean(kv[1], 2))
    ratios = sorted(tally.ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios
    return {
        "orders": orders,
        "bcubed_f1": {
            "mean": round(statistics.fmean(tally.f1s), 4),
            "each": [round(f, 4) for f in tally.f1s],
        },
        "decisions": dict(tally.kinds.most_common()),
        "first_of_event_join_score_over_threshold_quartiles": [round(q, 3) for q in quartiles],
        "topics_worst_first": {
            t: {"P": mean(v, 0), "R": mean(v, 1), "F1": mean(v, 2)} for t, v in topics
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument(
        "--small-story-margin", type=float, default=ClusterConfig().small_story_margin
    )
    parser.add_argument("--veto-ceiling", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cluster = ClusterConfig(small_story_margin=args.small_story_margin)
    out = analyse(cluster, args.orders, veto=args.veto_ceiling)
    print(json.dumps(out, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
