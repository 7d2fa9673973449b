"""The reads across stories answered from the store's knowledge index give what reading every
story's stored knowledge gave (the code before the index, kept for read-only old stores)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from storyline import Pipeline, open_store, story_view
from storyline.web import queries

try:
    from ._web_samples import OUTLIER_PAGES, hostile_jsonl, ingest_outlier_story, ingest_seeds
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    from _web_samples import OUTLIER_PAGES, hostile_jsonl, ingest_outlier_story, ingest_seeds

STATUSES = ("pending", "confirmed", "overdue", "unreported", "refuted", "PENDING", "none")


@pytest.fixture(scope="module")
def many_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, shared_data: Path) -> Path:
    """Seeds, the plague pages, twelve other real pages and the hostile article: some stories
    sharing entities, with expectation ledgers; analysed by the pipeline."""
    folder = tmp_path_factory.mktemp("many")
    db = folder / "many.db"
    ingest_seeds(db, seeds_dir)
    ingest_outlier_story(db, shared_data)
    pages = sorted((shared_data / "article_extraction_benchmark" / "html").glob("*.html.gz"))
    others = [p for p in pages if p.name not in OUTLIER_PAGES][:12]
    (folder / "hostile.jsonl").write_bytes(hostile_jsonl())
    with open_store(db) as store:
        Pipeline(store).ingest([*others, folder / "hostile.jsonl"], analyse=True)
    return db


def reference_views(pipeline: Pipeline) -> list[dict[str, Any]]:
    """Every story's view with the entities and expectations of its stored knowledge (how
    the web read them before the index)."""
    views = []
    for story in pipeline.stories():
        detail = queries.story_detail(pipeline, story.id)
        view = story_view(story)
        for key in ("entities", "expectations"):
            if key in detail:
                view[key] = detail[key]
        views.append(view)
    return views


def reference_entities(views: list[dict[str, Any]], name: str | None) -> list[dict[str, Any]]:
    rows = queries.entity_index(views, name)
    cap = queries.STORIES_PER_ENTITY
    assert all(len(r["stories"]) <= cap for r in rows)  # aliases: from every story, as listed
    return [{**r, "n_stories": len(r["stories"])} for r in rows]


def names_in(views: list[dict[str, Any]]) -> list[str]:
    found = {"nobody at all"}
    for view in views:
        for entity in view.get("entities") or []:
            found.add(entity["name"])
            found.update(entity.get("aliases") or [])
            found.add(f"  {entity['name'].upper()} ")
    return sorted(found)


def check_same_answers(pipeline: Pipeline, views: list[dict[str, Any]]) -> None:
    assert any(v.get("entities") for v in views) and any(v.get("expectations") for v in views)
    for name in [None, *names_in(views)]:
        total, rows = queries.all_entities(pipeline, name, limit=10_000)
        expected = reference_entities(views, name)
        assert (total, rows) == (len(expected), expected), name
        if name is not None:
            filters = queries.StoryFilters(entity=name)
            listed = queries.list_stories(pipeline, filters, "size", 50, 0)
            wanted = [v["id"] for v in views if name.casefold().strip() in _names(v)]
            assert {s["id"] for s in listed[1]} == set(wanted) and listed[0] == len(wanted)
    total, rows = queries.all_entities(pipeline, None, limit=3, offset=2)
    assert rows == reference_entities(views, None)[2:5]
    for status in (None, *STATUSES):
        expected = queries.expectation_index(views, status)
        assert queries.all_expectations(pipeline, status, 10_000) == (len(expected), expected)
        assert queries.all_expectations(pipeline, status, 2, 1)[1] == expected[1:3]
        if status is not None:
            filters = queries.StoryFilters(status=status)
            got = queries.list_stories(pipeline, filters, "updated", 100, 0)
            wanted = [v["id"] for v in views if any(x["story_id"] == v["id"] for x in expected)]
            assert [s["id"] for s in got[1]] == wanted


def _names(view: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for entity in view.get("entities") or []:
        out |= {str(n).casefold().strip() for n in [entity["name"], *entity.get("aliases", [])]}
    return out


def test_index_gives_what_every_story_gave(many_db: Path) -> None:
    with open_store(many_db) as store:
        pipeline = Pipeline(store)
        assert pipeline.knowledge_indexed()  # written with the knowledge, no fill needed
        check_same_answers(pipeline, reference_views(pipeline))


def test_old_store_is_indexed_on_first_read_and_read_only_one_scanned(
    many_db: Path, tmp_path: Path
) -> None:
    """A store written before the index: a writable Pipeline fills it once; a read-only one
    cannot, and reads every story's knowledge instead (the same answers)."""
    old = tmp_path / "old.db"
    shutil.copy(many_db, old)
    with sqlite3.connect(old) as conn:
        for table in ("story_entities", "story_entity_names", "entity_totals"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM story_expectations")
        conn.execute("DELETE FROM state WHERE name = 'knowledge_index'")
    with open_store(old, read_only=True) as store:
        pipeline = Pipeline(store)
        assert not pipeline.knowledge_indexed()
        check_same_answers(pipeline, reference_views(pipeline))
    with open_store(old) as store:
        pipeline = Pipeline(store)
        assert pipeline.knowledge_indexed()
        check_same_answers(pipeline, reference_views(pipeline))
    with open_store(old, read_only=True) as store:
        assert Pipeline(store).knowledge_indexed()  # filled once, for every reader after
