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


def test_entity_silver_reads_ecbplus_marks_at_their_offsets(shared_data: Path) -> None:
    """benchmarks/entity_silver.py: each ECB+ entity mention's offsets in the text it builds
    hold the mention's words, and the text is the one read_document gives."""
    from storyline.evaluation.ecbplus import read_document

    sys.path.insert(0, str(BENCHMARKS))
    try:
        silver = importlib.import_module("entity_silver")
    finally:
        sys.path.remove(str(BENCHMARKS))
    path = shared_data / "ecbplus" / "ECB+" / "1" / "1_1ecb.xml"
    text, marks = silver.read(path)
    assert text == "\n".join(read_document(path).sentences)
    surfaces = {text[m.start : m.end] for m in marks if m.tag == "HUMAN_PART_PER"}
    assert "Tara Reid" in surfaces
    assert all(text[slice(*m.head)].strip() for m in marks)
    assert 1 not in silver.SKIPPED_TOPICS  # a train topic is read
    assert {11, 28, 2, 36}.issubset(silver.SKIPPED_TOPICS)
