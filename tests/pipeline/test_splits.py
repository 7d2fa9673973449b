"""Story splits and merges in the pipeline: the moved articles' new stories and reasons are
stored, and a story left with no article loses its summary."""

from __future__ import annotations

import json
import random
from pathlib import Path

from storyline import Article, Pipeline, Store, StoryQuery, open_store
from storyline.evaluation.ecbplus import load_documents, to_article

# ECB+ train topics whose two events the clusterer without splits ran together (one story per
# topic in benchmarks/ecb_errors.py): a wrong early join that a split undoes.
MERGED_TOPICS = (7, 25, 27, 28, 29)


def feed_of(articles: list[Article], path: Path) -> Path:
    rows = ({"id": a.id, "title": a.title, "text": a.text, "language": "en"} for a in articles)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def assert_summaries_match_articles(store: Store) -> None:
    """Every story with articles has a summary, and no summary outlives its articles."""
    total, summaries = store.story_summaries(StoryQuery(limit=1000))
    assert {s.id for s in summaries} == set(store.story_ids()) and total == len(summaries)


def test_moved_articles_are_stored_in_their_new_story(shared_data: Path, tmp_path: Path) -> None:
    docs = list(load_documents(shared_data / "ecbplus" / "ECB+", MERGED_TOPICS))
    articles = [to_article(doc, seq) for seq, doc in enumerate(docs)]
    random.Random(0).shuffle(articles)
    # two runs: after the first 12 articles one stored story is a fragment that a later
    # article's story takes in (a cut with that property, found by trying cuts)
    half = 12
    with open_store(tmp_path / "s.db") as store:
        first = Pipeline(store).ingest([feed_of(articles[:half], tmp_path / "a.jsonl")])
        assert_summaries_match_articles(store)
        before = set(store.story_ids())
        report = Pipeline(store).ingest([feed_of(articles[half:], tmp_path / "b.jsonl")])
        assert first.ingested + report.ingested == len(articles)
        assignments = store.assignments()
        moved = [a for a in assignments if a.reason.startswith("moved from story")]
        assert any("split in two" in a.reason for a in moved), "no story split"
        stored = {a.id: a.story_id for a in store.iter_articles()}
        assert all(stored[a.article_id] == a.story_id for a in assignments)
        for move in moved:  # the new story is in the store's stories, with a summary
            assert move.article_id in store.story_article_ids(move.story_id)
            assert move.article_id in store.get_story(move.story_id).article_ids
        # only a merge empties a story (a split keeps the first article where it was)
        assert before - set(store.story_ids()), "no story of the first run merged away"
        assert_summaries_match_articles(store)
        # a fresh pipeline on the same store reloads the stories as stored, moves included
        again = Pipeline(store)
        state = again._sync_stream(set())
        assert all(state.clusterer.story_of(i) == s for i, s in stored.items())
