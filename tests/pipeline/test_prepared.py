"""The pipeline cleans, tags and deduplicates on a helper thread while it clusters: the stored
results are those of one thread, an error there reaches the caller, and the thread ends."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from _stored_rows import stored_rows

from storyline import Pipeline, open_store
from storyline.cluster.clusterer import StoryClusterer
from storyline.config import EmbedConfig, Settings
from storyline.embed.models import HashingEmbedder
from storyline.knowledge.stories import publication_order
from storyline.pipeline import core as pipeline
from storyline.records import Article
from storyline.text.dedup import DuplicateIndex, Fingerprint

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"
# batches of 3 articles: the helper thread and the clusterer hand over many times
SETTINGS = Settings(embed=EmbedConfig(model="hashing", batch_size=3))


class _OneThread(pipeline.Prepared):
    """The same stages, run to the end in the caller's thread before clustering starts."""

    def __enter__(self) -> Iterator[list[Article]]:
        self._ready = queue.Queue()  # unbounded: every batch is made before the first is taken
        self._work()
        return self._batches()

    def __exit__(self, *exc: object) -> None:
        return None


def _ingest(db: Path) -> None:
    with open_store(db) as store:
        report = Pipeline(store, SETTINGS).ingest([EXAMPLES])
        assert report.ingested > 10


def test_helper_thread_stores_what_one_thread_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingest(tmp_path / "threaded.db")
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "Prepared", _OneThread)
        _ingest(tmp_path / "single.db")
    threaded, single = stored_rows(tmp_path / "threaded.db"), stored_rows(tmp_path / "single.db")
    assert threaded == single
    assert any(row[6] is not None for row in threaded)  # the examples hold duplicates
    assert not [t for t in threading.enumerate() if t.name == "storyline-prepare"]


def test_an_error_on_the_helper_thread_reaches_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    assign = DuplicateIndex.assign

    def failing(self: DuplicateIndex, article: Article, found: Fingerprint | None) -> Article:
        seen.append(article.id)
        if len(seen) == 5:
            raise RuntimeError("dedup broke")
        return assign(self, article, found)

    with open_store(tmp_path / "s.db") as store:
        with monkeypatch.context() as patch:
            patch.setattr(DuplicateIndex, "assign", failing)
            with pytest.raises(RuntimeError, match="dedup broke"):
                Pipeline(store, SETTINGS).ingest([EXAMPLES])
        # the first batch (3 articles) was clustered and stored; the second never came
        assert len(store.assignments()) == 3
        left = len(store.unassigned_articles())
        assert left > 10
        report = Pipeline(store, SETTINGS).ingest([EXAMPLES])  # a re-run assigns them
        assert report.already_stored > 0 and store.unassigned_articles() == []
        assert len(store.assignments()) == 3 + left
    assert not [t for t in threading.enumerate() if t.name == "storyline-prepare"]


def test_a_clustering_error_stops_the_helper_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(self: Pipeline, *args: object) -> list[str]:
        raise RuntimeError("clusterer broke")

    monkeypatch.setattr(Pipeline, "_assign", failing)
    with (
        open_store(tmp_path / "s.db") as store,
        pytest.raises(RuntimeError, match="clusterer broke"),
    ):
        Pipeline(store, SETTINGS).ingest([EXAMPLES])
    assert not [t for t in threading.enumerate() if t.name == "storyline-prepare"]


def test_text_features_computed_ahead_change_no_decision(tmp_path: Path) -> None:
    """Features computed ahead (as on the helper thread) give the same assignments, a stale
    one (the article's text changed since) is not used, and they are dropped once learned."""
    with open_store(tmp_path / "s.db") as store:
        Pipeline(store, SETTINGS).ingest([EXAMPLES])
        stored = sorted(store.iter_articles(), key=publication_order)
    articles = [replace(a, story_id=None, embedding=None) for a in stored]
    plain, ahead = (StoryClusterer(embedder=HashingEmbedder()) for _ in range(2))
    for article in articles:
        ahead.prepare(article)
    articles[1] = replace(articles[1], text=articles[1].text + "\nExtra Words From Elsewhere")
    for article in articles:
        assert ahead.explain_one(article) == plain.explain_one(article)
        ahead.learn_one(article)
        plain.learn_one(article)
    assert ahead._prepared == {}
