"""Story splits in the pipeline: the moved articles' new stories and reasons are stored."""

from __future__ import annotations

import json
import random
from pathlib import Path

from storyline import Pipeline, open_store
from storyline.evaluation.ecbplus import load_documents, to_article

# ECB+ train topics whose two events the clusterer without splits ran together (one story per
# topic in benchmarks/ecb_errors.py): a wrong early join that a split undoes.
MERGED_TOPICS = (7, 25, 27, 28, 29)


def test_moved_articles_are_stored_in_their_new_story(shared_data: Path, tmp_path: Path) -> None:
    docs = list(load_documents(shared_data / "ecbplus" / "ECB+", MERGED_TOPICS))
    articles = [to_article(doc, seq) for seq, doc in enumerate(docs)]
    random.Random(0).shuffle(articles)
    feed = tmp_path / "ecb.jsonl"
    rows = ({"id": a.id, "title": a.title, "text": a.text, "language": "en"} for a in articles)
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with open_store(tmp_path / "s.db") as store:
        report = Pipeline(store).ingest([feed])
        assert report.ingested == len(articles)
        assignments = store.assignments()
        moved = [a for a in assignments if a.reason.startswith("moved from story")]
        assert moved, "no story split on the merged topics"
        stored = {a.id: a.story_id for a in store.iter_articles()}
        assert all(stored[a.article_id] == a.story_id for a in assignments)
        for move in moved:  # the new story is in the store's stories, with a summary
            assert move.article_id in store.story_article_ids(move.story_id)
            assert move.article_id in store.get_story(move.story_id).article_ids
        # a fresh pipeline on the same store reloads the stories as stored, split included
        again = Pipeline(store)
        state = again._sync_stream(set())
        assert all(state.clusterer.story_of(i) == s for i, s in stored.items())
