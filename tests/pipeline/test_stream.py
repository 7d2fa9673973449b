"""A Pipeline whose store another writer wrote to catches up: it reads the articles stored
since it last read (and the stories of the articles moved since), not every article, and its
stories are those of one Pipeline writing everything."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from _stream_samples import SETTINGS, Reads, dated_files, feed, partition

from storyline import Article, Pipeline, open_store
from storyline.evaluation.ecbplus import load_documents, to_article
from storyline.pipeline.stream import (
    GENERATION_STATE,
    MOVE_LOG_IDS,
    MOVES_STATE,
    catch_up,
    record_moves,
)

# ECB+ train topics whose events the clusterer splits and merges (tests/pipeline/test_splits.py)
TOPICS = (7, 25, 27, 28, 29)


@pytest.fixture(scope="module")
def ecb_articles(shared_data: Path) -> list[Article]:
    docs = list(load_documents(shared_data / "ecbplus" / "ECB+", TOPICS))
    articles = [to_article(doc, seq) for seq, doc in enumerate(docs)]
    random.Random(0).shuffle(articles)
    return articles[:120]


def _two_writers(db: Path, batches: list[list[Path]], *, fresh_each: bool) -> set[frozenset[str]]:
    """Batches ingested in turn by two Pipelines on two connections (``fresh_each``: a new
    Pipeline for each batch, which reads every article)."""
    with open_store(db) as one, open_store(db) as two:
        writers = [Pipeline(one, SETTINGS), Pipeline(two, SETTINGS)]
        for n, batch in enumerate(batches):
            store = (one, two)[n % 2]
            writer = Pipeline(store, SETTINGS) if fresh_each else writers[n % 2]
            assert writer.ingest(batch).ingested == len(batch)
        return partition(one)


def _one_writer(db: Path, batches: list[list[Path]]) -> set[frozenset[str]]:
    with open_store(db) as store:
        pipeline = Pipeline(store, SETTINGS)
        for batch in batches:
            pipeline.ingest(batch)
        return partition(store)


@pytest.mark.parametrize("cut", [2, 3, 4])
def test_catching_up_makes_the_stories_of_one_writer(tmp_path: Path, cut: int) -> None:
    """The example news, in batches out of publication order, written by two Pipelines in
    turn: the stories of one Pipeline writing them all (which keeps its state: see
    tests/pipeline/test_incremental.py), and, where that keeps the stories of reading every
    article again before each batch, those too."""
    files = dated_files()
    batches = [files[i::cut] for i in (1, 0, *range(2, cut))]
    caught_up = _two_writers(tmp_path / "caught.db", batches, fresh_each=False)
    assert caught_up == _one_writer(tmp_path / "one.db", batches)
    assert any(len(story) > 1 for story in caught_up)
    if cut < 4:  # 4: the kept state groups one article otherwise than a reload does
        assert caught_up == _two_writers(tmp_path / "reloaded.db", batches, fresh_each=True)


def test_articles_another_writer_moved_are_where_it_stored_them(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    """Splits and merges by the other writer move articles this one learned: after catching
    up, every article is in the story the store holds it in, as after reading everything."""
    db = tmp_path / "s.db"
    moved = 0
    with open_store(db) as store, open_store(db) as other:
        pipeline, writer = Pipeline(store, SETTINGS), Pipeline(other, SETTINGS)
        pipeline.ingest([feed(ecb_articles[:15], tmp_path / "first.jsonl")])
        for start in range(15, len(ecb_articles), 15):
            writer.ingest([feed(ecb_articles[start : start + 15], tmp_path / f"b{start}.jsonl")])
            stream = pipeline._sync_stream(set())
            stored = {a.id: a.story_id for a in store.iter_articles()}
            assert {i: stream.clusterer.story_of(i) for i in stored} == stored
            log = store.get_state(MOVES_STATE)
            assert log is not None
            moved = max(moved, sum(len(ids) for _, ids in log["log"]))
    assert moved, "the other writer moved no earlier article"


def test_a_pipeline_reads_only_what_another_wrote_since(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    first, second, third = ecb_articles[:60], ecb_articles[60:64], ecb_articles[64:70]
    db = tmp_path / "s.db"
    with open_store(db) as store, open_store(db) as other:
        pipeline = Pipeline(store, SETTINGS)
        pipeline.ingest([feed(first, tmp_path / "a.jsonl")])
        Pipeline(other, SETTINGS).ingest([feed(second, tmp_path / "b.jsonl")])
        reads = Reads(store)
        pipeline.ingest([feed(third, tmp_path / "c.jsonl")])
        counts = dict(reads.counts)
        stream = pipeline._stream
        assert stream is not None and stream.generation == store.get_state(GENERATION_STATE)
        assert all(stream.clusterer.story_of(a.id) == a.story_id for a in store.iter_articles())
    # the other's 4 articles and this ingest's 6 (read as stored, then assigned), not all 70
    assert counts["articles_after"] == len(second) + len(third)
    assert "iter_articles" not in counts  # no article read but those (and moved ones' stories)


def test_a_state_older_than_the_move_log_loads_everything_again(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store, open_store(db) as other:
        pipeline = Pipeline(store, SETTINGS)
        pipeline.ingest([feed(ecb_articles[:30], tmp_path / "a.jsonl")])
        stream = pipeline._stream
        assert stream is not None
        Pipeline(other, SETTINGS).ingest([feed(ecb_articles[30:40], tmp_path / "b.jsonl")])
        marker = store.get_state(GENERATION_STATE)
        log = store.get_state(MOVES_STATE)
        assert marker is not None and log is not None
        store.put_state(MOVES_STATE, {**log, "from": marker["n"]})  # the log forgot a move
        assert not catch_up(stream, store, marker, set())
        store.put_state(MOVES_STATE, {**log, "n": marker["n"] - 1})  # a writer kept no log
        assert not catch_up(stream, store, marker, set())
        store.put_state(MOVES_STATE, log)
        assert catch_up(stream, store, marker, set())
        assert stream.generation == marker


def test_the_move_log_keeps_the_latest_moves_and_says_from_when() -> None:
    log = record_moves(None, None, {"n": 1}, [])
    assert log == {"from": 0, "n": 1, "log": []}
    log = record_moves(log, {"n": 1}, {"n": 2}, ["b", "a"])
    assert log == {"from": 0, "n": 2, "log": [[2, ["a", "b"]]]}
    many = [f"id{i}" for i in range(MOVE_LOG_IDS)]
    log = record_moves(log, {"n": 2}, {"n": 3}, many)
    assert log["from"] == 2 and log["log"] == [[3, sorted(many)]]  # generation 2's went
    # a generation written without the log (an older Storyline): it starts again
    assert record_moves(log, {"n": 7}, {"n": 8}, ["x"]) == {"from": 7, "n": 8, "log": [[8, ["x"]]]}
