"""The story summaries the pipeline keeps in the store: equal to a recount, kept up to date by
each ingest (only the stories it touched), rebuilt once for a store written before them."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from storyline import Pipeline, StoryQuery, open_store
from storyline.knowledge.stories import summarise_story
from storyline.records import Story
from storyline.store import SCHEMA_VERSION, Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "news"


def recount(store: Store) -> dict[str, Story]:
    """Every story summarised from all its articles, as Pipeline.stories() used to."""
    return {
        sid: summarise_story(sid, list(store.iter_articles(story_id=sid)))
        for sid in store.story_ids()
    }


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example news ingested in two batches (the second extends stories of the first)."""
    path = tmp_path_factory.mktemp("summaries") / "ex.db"
    files = sorted(p for p in EXAMPLES.iterdir() if not p.name.endswith(".meta.json"))
    with open_store(path) as store:
        pipeline = Pipeline(store)
        first = pipeline.ingest(files[::2])
        assert {s.id: s for s in pipeline.stories()} == recount(store)
        before = {s.id: s for s in pipeline.stories()}
        second = pipeline.ingest(files[1::2])
        assert first.ingested and second.ingested
        untouched = set(before) - set(second.story_ids)
        assert untouched, "the second batch should leave some story alone"
        for sid in untouched:
            assert store.get_story(sid) == before[sid]
    return path


def test_summaries_equal_a_recount_after_each_ingest(example_db: Path) -> None:
    with open_store(example_db) as store:
        stored = {s.id: s for s in Pipeline(store).stories()}
        assert stored == recount(store)
        assert store.count_stories() == len(store.story_ids()) > 1


def test_stories_are_most_recent_first_and_filter_and_page(example_db: Path) -> None:
    with open_store(example_db) as store:
        pipeline = Pipeline(store)
        every = pipeline.stories()
        stamps = [s.last_reported.timestamp() for s in every if s.last_reported is not None]
        assert stamps == sorted(stamps, reverse=True)
        assert pipeline.story_page(StoryQuery(limit=2, offset=1)) == (len(every), every[1:3])
        sizes = [s.n_articles for s in pipeline.stories(StoryQuery(sort="size"))]
        assert sizes == sorted(sizes, reverse=True)
        german = pipeline.stories(StoryQuery(language="DE"))
        assert german and all("de" in s.languages for s in german)
        assert len(german) < len(every)


def _downgrade_to_schema_2(path: Path) -> None:
    """What a store written before story summaries looks like."""
    with sqlite3.connect(path) as conn:
        later = ["story_facets", "stories", "sources", "source_items"]  # schema 3 and 6
        later += ["story_entities", "story_entity_names", "entity_totals", "story_expectations"]
        later += ["knowledge_counts", "articles_fts_recent"]  # schema 8 and 10
        for trigger in ("insert", "delete", "update"):  # the search window's, on articles
            conn.execute(f"DROP TRIGGER articles_fts_recent_{trigger}")
        conn.execute("DELETE FROM meta WHERE key = 'search_window'")
        for table in later:  # and 7
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM state WHERE name IN ('story_summaries', 'knowledge_index')")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def test_a_store_from_before_summaries_is_migrated_and_filled(
    example_db: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(example_db.read_bytes())
    _downgrade_to_schema_2(old)
    with open_store(old) as store:
        assert store.count_stories() == 0  # migrated: the table is there, empty
        stories = Pipeline(store).stories()
        assert {s.id: s for s in stories} == recount(store)
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)


def test_an_ingest_that_stopped_before_saving_summaries_is_repaired(
    example_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "stopped.db"
    copy.write_bytes(example_db.read_bytes())
    with open_store(copy) as store:
        victim = store.story_ids()[0]
        store.put_story(replace(store.get_story(victim), title="stale", n_articles=0))
        store.put_state("story_summaries", {"stale": True})  # as _cluster leaves it mid-way
        assert store.get_story(victim).title == "stale"
        assert {s.id: s for s in Pipeline(store).stories()} == recount(store)
        assert store.get_state("story_summaries") == {"stale": False}


def test_the_same_pipeline_repairs_an_ingest_that_failed_half_way(
    example_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "failed.db"
    copy.write_bytes(example_db.read_bytes())
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        '{"id": "x1", "title": "Lumora extends the recall of its circuit boards", '
        '"text": "Lumora extended the recall of its circuit boards on Friday.", '
        '"published": "2030-01-02T10:00:00+00:00", "source": "Late Wire"}\n',
        encoding="utf-8",
    )

    def stop(self: Pipeline, story_ids: object) -> None:
        raise RuntimeError("stopped after assigning, before saving the summaries")

    with open_store(copy) as store:
        pipeline = Pipeline(store)
        assert pipeline.stories()  # checked once: summaries complete
        with monkeypatch.context() as patch:
            patch.setattr(Pipeline, "_save_summaries", stop)
            with pytest.raises(RuntimeError, match="stopped"):
                pipeline.ingest([extra])
        assert store.get_state("story_summaries") == {"stale": True}
        stories = pipeline.stories()
        assert {s.id: s for s in stories} == recount(store)
        assert "Late Wire" in stories[0].sources  # the newest report: its story comes first
