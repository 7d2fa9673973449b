"""Main-text extraction benchmark: ``storyline.ingest.html`` vs trafilatura's defaults.

Run: ``.venv/bin/python tests/ingest/bench_extraction.py [BENCHMARK_DIR]``.

The data is the article extraction benchmark (``html/<id>.html.gz`` and ``ground-truth.json`` =
``{id: {articleBody, url}}``). The score is token-level precision, recall and F1 per page
(tokens are whitespace-split words, counted as a multiset), averaged over pages; a page with no
output scores 0. Speed is given per wall-clock second and per CPU second of this process
(the second is steadier on a busy machine). Not collected by pytest (no ``test_`` prefix);
``test_html.py`` checks a sample.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import trafilatura

from storyline.errors import InputError
from storyline.ingest.html import extract_html

DEFAULT_DIR = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "article_extraction_benchmark"
)


def token_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Token-level (precision, recall, F1) of ``predicted`` against ``truth``."""
    pred, gold = Counter(predicted.split()), Counter(truth.split())
    common = sum((pred & gold).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(pred.values()), common / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def load_benchmark(directory: Path) -> Iterator[tuple[str, bytes, str, str]]:
    """(id, html bytes, url, article body) for every page, in file-name order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((directory / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        item = truth[page_id]
        yield page_id, gzip.decompress(path.read_bytes()), item["url"], item["articleBody"]


def ours(html: bytes, url: str) -> str:
    try:
        return extract_html(html, url).text
    except InputError:
        return ""


def trafilatura_defaults(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def evaluate(
    extractor: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str, str]]
) -> dict[str, float]:
    """Mean precision, recall, F1 and pages per second of one extractor over the pages."""
    scores = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for _page_id, html, url, body in pages:
        scores.append(token_prf(extractor(html, url), body))
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    n = len(scores)
    return {
        "precision": sum(s[0] for s in scores) / n,
        "recall": sum(s[1] for s in scores) / n,
        "f1": sum(s[2] for s in scores) / n,
        "pages_per_second": n / seconds,
        "pages_per_cpu_second": n / cpu_seconds,
        "pages": n,
    }


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DEFAULT_DIR
    pages = list(load_benchmark(directory))
    ours(pages[0][1], pages[0][2])  # warm up the imports and caches before timing
    for name, extractor in [("trafilatura defaults", trafilatura_defaults), ("storyline", ours)]:
        r = evaluate(extractor, pages)
        print(
            f"{name:22s} P={r['precision']:.4f} R={r['recall']:.4f} F1={r['f1']:.4f} "
            f"{r['pages_per_second']:.0f} pages/s ({r['pages_per_cpu_second']:.0f} per CPU second)"
            f" over {r['pages']:.0f} pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
