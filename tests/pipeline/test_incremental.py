"""A Pipeline keeps its duplicate index and clusterer between ingests: the stories it makes are
those of one ingest, or of a fresh Pipeline per ingest, and another writer's articles are seen.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from storyline import Pipeline, open_store
from storyline.config import EmbedConfig, Settings
from storyline.embed.models import HashingEmbedder
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"
SETTINGS = Settings(embed=EmbedConfig(model="hashing"))  # fast, and the same in every run


def _dated_files() -> list[Path]:
    """The example articles with a sidecar, in publication order (ties by name)."""
    files = [p for p in EXAMPLES.glob("*.txt") if p.with_name(p.name + ".meta.json").exists()]
    published = {p: json.loads(p.with_name(p.name + ".meta.json").read_text()) for p in files}
    return sorted(files, key=lambda p: (published[p]["published"], p.name))


def _partition(store: Store) -> set[frozenset[str]]:
    """The stories as sets of article paths (ids differ with nothing else than the path)."""
    groups: dict[str, set[str]] = {}
    for article in store.iter_articles():
        assert article.story_id is not None
        groups.setdefault(article.story_id, set()).add(Path(article.path).name)
    return {frozenset(g) for g in groups.values()}


def _ingest(db: Path, batches: list[list[Path]], *, fresh_each: bool) -> set[frozenset[str]]:
    with open_store(db) as store:
        pipeline = Pipeline(store, SETTINGS)
        for batch in batches:
            if fresh_each:
                pipeline = Pipeline(store, SETTINGS)
            assert pipeline.ingest(batch).ingested == len(batch)
        return _partition(store)


def test_two_ingests_make_the_stories_of_one(tmp_path: Path) -> None:
    files = _dated_files()
    assert len(files) >= 10
    half = len(files) // 2
    once = _ingest(tmp_path / "once.db", [files], fresh_each=False)
    twice = _ingest(tmp_path / "twice.db", [files[:half], files[half:]], fresh_each=False)
    assert twice == once
    assert any(len(story) > 1 for story in once)


def test_kept_state_equals_a_reload_from_the_store(tmp_path: Path) -> None:
    """Batches out of publication order: the in-memory state must match a rebuilt one."""
    files = _dated_files()
    batches = [files[1::3], files[::3], files[2::3]]
    kept = _ingest(tmp_path / "kept.db", batches, fresh_each=False)
    reloaded = _ingest(tmp_path / "reloaded.db", batches, fresh_each=True)
    assert kept == reloaded


@pytest.mark.parametrize("second_pipeline_writes", [True, False])
def test_a_write_by_another_pipeline_is_seen(tmp_path: Path, second_pipeline_writes: bool) -> None:
    """A copy of an article only the other Pipeline stored is found as its duplicate."""
    files = _dated_files()
    original = files[-1]
    inputs = tmp_path / "in"
    inputs.mkdir()
    copy = inputs / f"copy-of-{original.name}"
    copy.write_text(original.read_text() + "\n")  # other bytes, the same text
    meta = json.loads(original.with_name(original.name + ".meta.json").read_text())
    meta["source"] = "Another Paper"
    copy.with_name(copy.name + ".meta.json").write_text(json.dumps(meta))
    db = tmp_path / "shared.db"
    with open_store(db) as first_store:
        first = Pipeline(first_store, SETTINGS)
        first.ingest(files[:-1])
        with open_store(db) as other_store:  # another connection, as another process has
            writer = Pipeline(other_store, SETTINGS) if second_pipeline_writes else first
            writer.ingest([original])
        report = first.ingest([copy])
        (article,) = (first_store.get_article(i) for i in report.article_ids)
        (stored_original,) = (a for a in first_store.iter_articles() if a.path == str(original))
        assert article.duplicate_of == stored_original.id
        assert article.story_id == stored_original.story_id


class _FailingEmbedder(HashingEmbedder):
    """Fails like a model that runs out of memory half-way through an ingest."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise MemoryError("the embedding model ran out of memory")


def test_a_rerun_assigns_what_an_interrupted_ingest_stored(tmp_path: Path) -> None:
    files = _dated_files()
    db = tmp_path / "interrupted.db"
    with open_store(db) as store:
        with pytest.raises(MemoryError):
            Pipeline(store, SETTINGS, embedder=_FailingEmbedder()).ingest(files)
        stored = list(store.iter_articles())
        assert len(stored) == len(files)  # the articles are kept ...
        assert all(a.story_id is None for a in stored)  # ... but in no story yet
        assert len(store.unassigned_articles()) == len(files)

        report = Pipeline(store, SETTINGS).ingest(files)
        assert report.ingested == 0 and report.already_stored == len(files)
        assert any(f"{len(files)} article(s) stored by an earlier" in n for n in report.notices)
        assert store.unassigned_articles() == []
        resumed = _partition(store)
    assert resumed == _ingest(tmp_path / "once.db", [files], fresh_each=False)
