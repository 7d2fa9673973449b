"""An input whose records the store refuses is rejected; the run goes on (the pipeline's
side of storyline.errors.StoreValueError)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import Pipeline, open_store

TEXT = (
    "The ferry line between the two islands resumed service on Tuesday after a week of "
    "storms had kept every boat in harbour, the operator said."
)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_an_input_the_store_cannot_hold_is_rejected_and_the_run_goes_on(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Defence in depth: were a value the store refuses to reach it (here a lone surrogate,
    with the parser's replacement switched off), that input is rejected with the store's
    reason, nothing of it is written, and the other inputs are ingested."""
    from storyline.ingest import common

    monkeypatch.setattr(common, "_without_unstorable", lambda found: found)
    odd, plain = tmp_path / "odd.jsonl", tmp_path / "plain.txt"
    odd.write_text(json.dumps({"title": "Lone \ud800", "text": TEXT}), encoding="utf-8")
    plain.write_text("Ferry service resumes\n\n" + TEXT, encoding="utf-8")
    target = tmp_path / "s.db" if backend == "sqlite" else None
    if target is None:
        url = request.getfixturevalue("postgres_server").database_url()
    with open_store(target or url) as store:
        report = Pipeline(store).ingest([odd, plain])
        (refused,) = report.rejected
        assert refused.path == str(odd) and "the store cannot hold it" in refused.reason
        assert report.ingested == 1 and store.count_articles() == 1
        assert [r.path for r in store.rejections()] == [str(odd)]
