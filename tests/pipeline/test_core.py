"""Pipeline.ingest keeps a bounded number of articles in memory, however many it ingests: it
remembers their ids and reads the articles back from the store a batch at a time."""

from __future__ import annotations

import gc
import json
import sys
import threading
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storyline import Pipeline, Store, open_store
from storyline.config import EmbedConfig, Settings
from storyline.embed import HashingEmbedder
from storyline.records import Article

BATCH = 4
SETTINGS = Settings(embed=EmbedConfig(model="hashing", batch_size=BATCH))
WORDS = [
    "ferry",
    "harbour",
    "fog",
    "collided",
    "port",
    "captain",
    "storm",
    "rescue",
    "island",
    "quay",
    "tide",
    "pilot",
]


def _write_inputs(folder: Path, files: int, per_file: int) -> None:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    for f in range(files):
        lines = []
        for k in range(per_file):
            n = f * per_file + k
            words = [WORDS[(n * 7 + i * i) % len(WORDS)] for i in range(40)]
            published = start + timedelta(hours=(n * 37) % 500)  # not in input order
            record = {"id": f"a{n}", "title": f"Report {n}", "text": " ".join(words) + "."}
            lines.append(json.dumps({**record, "published": published.isoformat()}))
        (folder / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _live_article_ids() -> set[str]:
    gc.collect()
    return {o.id for o in gc.get_objects() if isinstance(o, Article)}


def _most_alive(folder: Path, files: int) -> tuple[int, Store]:
    """The most articles alive at once while an ingest of ``files`` x 40 articles clusters."""
    _write_inputs(folder, files=files, per_file=40)
    alive: list[int] = []

    def tick(phase: str, done: int, total: int) -> None:
        if phase == "cluster":
            alive.append(len(_live_article_ids()))

    store = open_store(folder / "s.db")
    report = Pipeline(store, SETTINGS).ingest([folder], progress=tick)
    assert report.ingested == files * 40 and len(alive) == files * 40 // BATCH
    return max(alive), store


def test_an_ingest_holds_a_few_batches_of_articles_not_all_of_them(tmp_path: Path) -> None:
    """200,000 small articles grew an ingest to 3 GB: every article was held (twice) from
    reading to the end of clustering. Now, while it clusters, the articles alive are those of
    the few batches in flight (how many depends on the helper thread's lead), whatever the
    number ingested: twice the articles, no more alive."""
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small, small_store = _most_alive(tmp_path / "small", 6)
    small_store.close()
    large, store = _most_alive(tmp_path / "large", 12)
    with store:
        assert small <= 16 * BATCH < 240  # a few batches, not all 240
        assert large <= small + 2 * BATCH  # not growing with the articles ingested
        stored = list(store.iter_articles(order="published"))
        assert all(a.story_id is not None for a in stored)


def test_a_long_text_is_held_once_while_it_is_deduplicated_clustered_and_stored(
    tmp_path: Path,
) -> None:
    """A 45 MB text peaked at 1.1 GB: its raw text stayed alive beside the cleaned one (174 MB
    each as Python holds a text with one emoji) until it was stored. Once cleaned, only the
    cleaned text is held; the store keeps the raw text as it came."""
    paragraphs = [" ".join(WORDS[(p + i) % len(WORDS)] for i in range(12)) for p in range(9)]
    body = "\n\n".join(f"{paragraphs[n % 9]}." for n in range(20_000))
    raw = "A long report \U0001f642\n\nAdvertisement\n\n" + body  # one line cleaning removes
    (tmp_path / "long.txt").write_text(raw, encoding="utf-8")
    store = open_store(tmp_path / "s.db")
    held: list[int] = []
    save_assigned = store.save_assigned

    def saving(assigned: Any) -> None:
        held.append(tracemalloc.get_traced_memory()[0])
        save_assigned(assigned)

    store.save_assigned = saving  # type: ignore[method-assign]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        Pipeline(store, SETTINGS).ingest([tmp_path / "long.txt"])
    finally:
        tracemalloc.stop()
    one_copy = sys.getsizeof(raw)
    assert one_copy > 4_000_000 and len(held) == 1
    assert held[0] - before < 1.5 * one_copy  # the cleaned text, not the raw one too
    with store:
        (article,) = store.iter_articles()
        assert article.raw_text == raw and "Advertisement" not in article.text


class _LoadSpy(HashingEmbedder):
    """A hashing embedder with a model to load, recording which thread loads it."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_on: list[str] = []

    def load(self) -> None:
        self.loaded_on.append(threading.current_thread().name)


def _ingest_with(tmp_path: Path, preload_at: int) -> list[str]:
    folder = tmp_path / f"in{preload_at}"
    folder.mkdir()
    _write_inputs(folder, files=2, per_file=5)
    embedder = _LoadSpy()
    settings = Settings(embed=EmbedConfig(model="hashing", batch_size=BATCH, preload_at=preload_at))
    with open_store(tmp_path / f"s{preload_at}.db") as store:
        assert Pipeline(store, settings, embedder=embedder).ingest([folder]).ingested == 10
    for thread in threading.enumerate():
        if thread.name == "storyline-preload":
            thread.join(timeout=30)
    return embedder.loaded_on


def test_a_large_ingest_loads_the_dense_model_ahead_on_another_thread(tmp_path: Path) -> None:
    assert _ingest_with(tmp_path, preload_at=10) == ["storyline-preload"]


def test_a_small_ingest_leaves_the_model_to_load_on_first_use(tmp_path: Path) -> None:
    assert _ingest_with(tmp_path, preload_at=11) == []  # 10 articles: under the mark
    assert _ingest_with(tmp_path, preload_at=0) == []  # off
