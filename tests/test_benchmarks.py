"""The benchmarks' instrumentation still fits the code it times (they run outside CI, so a
renamed method would only show when someone runs them)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from storyline import Pipeline

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_throughput_times_methods_the_pipeline_has() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        throughput = importlib.import_module("throughput")
    finally:
        sys.path.remove(str(BENCHMARKS))
    for name in throughput._STAGES:
        assert callable(getattr(Pipeline, name, None)), name


def test_batch_archives_hold_each_benchmark_page_once(tmp_path: Path, shared_data: Path) -> None:
    """benchmarks/batch.py's WARCs: every page of the extraction benchmark, once, spread over
    the archives (no repeated text to flatter the figure)."""
    from storyline import ingest
    from storyline.config import IngestConfig

    sys.path.insert(0, str(BENCHMARKS))
    try:
        batch = importlib.import_module("batch")
    finally:
        sys.path.remove(str(BENCHMARKS))
    paths = batch.make_archives(tmp_path, 8)
    config = IngestConfig()
    urls = []
    for path in paths:
        result = ingest.parse(ingest.load(path, config), None, config)
        urls += [a.url for a in result.articles]
        urls += [r.entry for r in result.rejections]
    pages = list((shared_data / "article_extraction_benchmark" / "html").glob("*.html.gz"))
    assert len(paths) == 8 and len(urls) == len(pages) == 181
    assert len(set(urls)) == len(urls)
