"""Main-text extraction quality on the scrapinghub article-extraction-benchmark layout.

``DIR/html/<id>.html.gz`` pages and ``DIR/ground-truth.json`` (``{id: {"articleBody", "url"}}``).
Scored the way that benchmark scores: per page, counts of matching word 4-gram shingles
(tokens are ``\\w+`` runs), normalised so long pages weigh no more than short ones; precision
and recall are averaged over pages and F1 is taken of the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from storyline.errors import InputError

__all__ = [
    "ExtractionResult",
    "evaluate_extraction",
    "extractor",
    "load_benchmark",
    "page_counts",
]

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4  # the benchmark's n-gram size

Extractor = Callable[[str, str | None], str]


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    n_docs: int
    precision: float
    recall: float
    f1: float
    seconds: float

    def to_dict(self) -> dict[str, float | int]:
        return {
            "n_docs": self.n_docs,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "seconds": round(self.seconds, 2),
        }


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1))
    ) - Counter({(): 1})


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of shingle matches for one page."""
    true, pred = _shingles(gold), _shingles(predicted)
    tp = float(sum((true & pred).values()))
    fp = float(sum((pred - true).values()))
    fn = float(sum((true - pred).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def load_benchmark(directory: Path) -> Iterator[tuple[str, str, str | None, str]]:
    """Yield ``(id, html, url, gold body)`` for every page of the benchmark folder."""
    truth_path = directory / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the ground truth: {exc}", str(truth_path)) from exc
    for page_id in sorted(truth):
        page = directory / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        yield page_id, html, truth[page_id].get("url"), truth[page_id].get("articleBody", "")


def evaluate_extraction(directory: Path, extractor: Extractor) -> ExtractionResult:
    """Score ``extractor(html, url) -> body text`` on every page of the benchmark."""
    counts: list[tuple[float, float, float]] = []
    started = time.perf_counter()
    for _, html, url, gold in load_benchmark(directory):
        counts.append(page_counts(gold, extractor(html, url)))
    seconds = time.perf_counter() - started
    if not counts:
        raise InputError("no pages found (expected html/*.html.gz)", str(directory))
    precision = mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionResult(len(counts), precision, recall, f1, seconds)


def extractor(name: str = "storyline") -> Extractor:
    """``storyline`` (our :func:`storyline.ingest.extract_html`) or ``trafilatura`` defaults."""
    if name == "trafilatura":
        import trafilatura

        return lambda html, url: trafilatura.extract(html, url=url) or ""
    if name != "storyline":
        raise ValueError(f"unknown extractor {name!r}: storyline or trafilatura")
    from storyline.ingest import extract_html

    def ours(html: str, url: str | None) -> str:
        try:
            return extract_html(html, url).text
        except InputError:
            return ""

    return ours
