"""Pipeline.ingest(executor=...): the inputs parsed elsewhere, stored and clustered here, in
input order, so the result is the ingest's without an executor."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from _cli_samples import make_bad_folder, warc_bytes

from storyline import Pipeline, Settings, ingest, open_store
from storyline.config import IngestConfig
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"


def _inputs(tmp_path: Path) -> list[Path]:
    """The bundled example, an archive of 12 pages, and a folder of bad inputs."""
    (tmp_path / "ferries.warc.gz").write_bytes(warc_bytes(12))
    make_bad_folder(tmp_path / "bad")
    news = sorted(p for p in EXAMPLES.iterdir() if not p.name.endswith(".meta.json"))
    return [*news, tmp_path / "ferries.warc.gz", tmp_path / "bad"]


def _outcome(store: Store, report: Any) -> dict[str, Any]:
    return {
        "ingested": report.ingested,
        "article_ids": report.article_ids,
        "rejected": sorted((r.path, r.entry, r.reason) for r in report.rejected),
        "stories": store.story_ids(),
        "assignments": store.assignments(),
        "seq": [(a.id, a.seq) for a in store.iter_articles(order="seq", light=True)],
    }


@pytest.mark.parametrize("read_ahead", [1, 4])
def test_an_executor_gives_the_ingest_without_it(tmp_path: Path, read_ahead: int) -> None:
    inputs = _inputs(tmp_path)
    settings = replace(Settings(), ingest=IngestConfig(read_ahead=read_ahead))
    outcomes = []
    for name, executor in (("alone", None), ("pool", ThreadPoolExecutor(3))):
        with open_store(tmp_path / f"{name}.db") as store:
            report = Pipeline(store, settings).ingest(inputs, executor=executor)
            outcomes.append(_outcome(store, report))
        if executor is not None:
            executor.shutdown()
    alone, pooled = outcomes
    assert alone["ingested"] > 12 and alone["rejected"]
    assert pooled == alone


def test_a_parser_that_fails_on_the_executor_rejects_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = ingest.parse

    def parse(raw: Any, sidecar: Any, config: IngestConfig) -> Any:
        if raw.path.endswith("ferries.warc.gz"):
            raise RuntimeError("boom")
        return shipped(raw, sidecar, config)

    monkeypatch.setattr(ingest, "parse", parse)
    inputs = _inputs(tmp_path)
    with open_store(tmp_path / "s.db") as store, ThreadPoolExecutor(2) as executor:
        report = Pipeline(store).ingest(inputs, executor=executor)
        (failed,) = [r for r in report.rejected if r.path.endswith("ferries.warc.gz")]
        assert "unexpected error while reading (RuntimeError: boom)" in failed.reason
        assert report.ingested > 0 and store.count_articles() == report.ingested
        assert not store.has_raw(ingest.load(inputs[-2], IngestConfig()).sha256)
