"""Speed of the extraction behind ``storyline show``: entities, dates and events per article.

    python benchmarks/extraction.py                   # 200 ECB+ documents, n_process 1 and 2
    python benchmarks/extraction.py --n 400 --processes 1,2 --batch-size 64

What is timed, per ``n_process``: :func:`storyline.knowledge.analyse_articles` without a cache,
i.e. everything computed per article (spaCy tokenizer, tagger, parser and NER in one pass,
sentences, cleaned name mentions, events with modality and participants, time expressions
normalised against the publication date), then the story-level assembly
(:func:`storyline.knowledge.analyse_story` over the same articles from a warm in-process
cache: canonical entities, ledger, timeline, summary) on top. The model is loaded before the
clock starts; for ``n_process=2`` the start of the worker processes (forked, each running the
whole per-article analysis on its share) is inside the measurement, as it is for a real batch.

The documents are the first ``--n`` of the ECB+ corpus (``../shared/data/ecbplus``, real news
reports, ~1,850 characters each, CC BY 3.0), made into articles with
:func:`storyline.evaluation.ecbplus.to_article`. ECB+ has no publication dates: every article
is dated ``--published`` (2022-09-15) so that relative dates are resolved, as in a real feed.

Prints one JSON object: articles/s (wall clock) per ``n_process``, CPU seconds of this process
and of its worker processes, the machine's load average before and after (the wall-clock
numbers are floors on a busy machine: compare CPU seconds there), and the CPU seconds per 100
articles of each stage, measured on one process (each spaCy component, our mentions + events +
dates, the date grammar alone, the story assembly of 20 articles). ``spacy_storyline_ner`` is
the NER (:mod:`storyline.extract._beam_one`).

Measured 2026-11-23 (CPU seconds per 100 articles; the machine shared with two other
full-CPU processes, load average 2.4-4, so the wall-clock figures are floors):

* before (commit ae34b11): workers 4.2-4.7 at 200 articles, 3.84 at 600 (quiet machine:
  45.5 and 48.8 articles/s); stages: NER 2.0-2.1, tok2vec 0.65, parser 0.61-0.69, ours 0.35.
* after: workers 3.2-3.5 at 200, 3.02 at 600; NER 0.96-1.1 (a beam of width one instead of
  spaCy's greedy loop), the rest unchanged; the workers no longer lose ~0.4 to page faults
  and to idling at the end (malloc tuning, guided chunks). In the same busy minutes the old
  code ran 13.9-14.8 articles/s at 200 and this one 18.4-26.0.
* after, quiet machine (load average 0.1-0.8, 16:00 UTC): 58.0 articles/s at 200 (workers
  6.67 CPU-s), 63.6 at 600 (workers 18.51 CPU-s, 3.09 per 100).

Measured 2026-12-07 (600 articles, 2 processes, seven runs each, alternating with the base
d04a076 on a machine shared with three other sessions, load average 2-6): workers 4.23-5.53
CPU-s per 100 articles (median 4.71) before, 3.71-5.29 (median 4.22, -10%) after the NER's
whole-batch decoding, the lazy modality of non-event sentences, the date grammar's gates and
the lower-case word set read once per text; every output identical.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.evaluation.ecbplus import load_documents, to_article  # noqa: E402
from storyline.records import Article  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "ecbplus"


def load_articles(data: Path, n: int, published: datetime) -> list[Article]:
    articles: list[Article] = []
    for seq, doc in enumerate(load_documents(data)):
        if len(articles) >= n:
            break
        articles.append(replace(to_article(doc, seq), published=published))
    return articles


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def parts(articles: list[Article]) -> dict[str, float]:
    """CPU seconds per 100 articles of each stage, on one process."""
    from storyline.extract import nlp
    from storyline.extract._matmul import one_blas_thread
    from storyline.extract.dates import find_time_expressions
    from storyline.extract.events import _analyse_doc
    from storyline.knowledge.analysis import analyse_articles, analyse_story

    per100 = 100 / len(articles)
    pipeline = nlp.load_pipeline(parse=True)
    out: dict[str, float] = {}
    with one_blas_thread():
        _, cpu, docs = timed(lambda: [pipeline.make_doc(a.text) for a in articles])
        out["spacy_tokenizer"] = cpu * per100
        for name, component in pipeline.pipeline:
            _, cpu, docs = timed(partial(_run, component, docs))
            out[f"spacy_{name}"] = cpu * per100
    _, cpu, _ = timed(
        lambda: [_analyse_doc(d, a.published, a.id) for d, a in zip(docs, articles, strict=True)]
    )
    out["mentions_events_dates"] = cpu * per100
    _, cpu, _ = timed(lambda: [find_time_expressions(a.text, a.published) for a in articles])
    out["of_which_date_grammar"] = cpu * per100
    analyse_articles(articles[:20])  # spaCy runs again in analyse_story: subtract it
    _, cpu, _ = timed(lambda: analyse_story(articles[:20]))
    _, spacy_cpu, _ = timed(lambda: analyse_articles(articles[:20]))
    out["story_assembly_of_20"] = max(cpu - spacy_cpu, 0.0) * 5  # per 100 articles
    return {name: round(value, 3) for name, value in out.items()}


def _run(component: Any, docs: list[Any]) -> list[Any]:
    if hasattr(component, "pipe"):
        return list(component.pipe(docs, batch_size=32))
    return [component(doc) for doc in docs]


def run(articles: list[Article], processes: list[int], batch_size: int) -> dict[str, Any]:
    from storyline.extract import nlp
    from storyline.knowledge.analysis import analyse_articles, analyse_story

    nlp.load_pipeline(parse=True)
    nlp.lemma("met")  # load the lemma tables too
    analyse_articles(articles[:2])  # warm-up
    runs: dict[str, Any] = {}
    for n_process in processes:
        workers = _children_cpu()
        wall, cpu, _ = timed(
            lambda n=n_process: analyse_articles(articles, n_process=n, batch_size=batch_size)
        )
        runs[f"n_process={n_process}"] = {
            "seconds": round(wall, 2),
            "articles_per_s": round(len(articles) / wall, 1),
            "cpu_seconds_this_process": round(cpu, 2),
            "cpu_seconds_workers": round(_children_cpu() - workers, 2),
        }
    story_s, _, _ = timed(lambda: analyse_story(articles[:20]))  # the model runs again: a floor
    runs["story_assembly_20_articles_s"] = round(story_s, 2)
    return runs


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the workers, once their pool is closed)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--published", default="2022-09-15")
    args = parser.parse_args()
    articles = load_articles(args.data, args.n, datetime.fromisoformat(args.published))
    load_before = os.getloadavg()
    processes = [int(p) for p in args.processes.split(",")]
    report: dict[str, Any] = {
        "articles": len(articles),
        "mean_chars": round(sum(len(a.text) for a in articles) / max(len(articles), 1)),
        "cpus": os.cpu_count(),
        "batch_size": args.batch_size,
        "runs": run(articles, processes, args.batch_size),
        "cpu_seconds_per_100_articles_one_process": parts(articles),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
