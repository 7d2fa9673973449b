"""The Store contract for the index of the stories' knowledge (``store`` is parametrised):
entity totals, the expectation ledger, and the entity and status filters of the story list."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from test_store_stories import ids, make_story

from storyline.errors import ConfigError
from storyline.store import (
    EntityTotal,
    Store,
    StoryEntity,
    StoryExpectation,
    StoryQuery,
    open_store,
)


def expectation(status: str, end: date | None, last: date | None, n: int) -> StoryExpectation:
    view: dict[str, Any] = {"status": status, "n": n, "text": f"entry {n} «ü»"}
    if end is not None:
        view["when"] = {"start": "2024-01-01", "end": end.isoformat()}
    return StoryExpectation(status, end, last, view)


@pytest.fixture
def indexed(store: Store) -> Store:
    """Three stories: s1 most recently reported, then s2, then s3."""
    for n, story_id in enumerate(["s3", "s2", "s1"], 1):
        store.put_story(make_story(story_id, last_reported=datetime(2024, 3, n, 8)))
    store.put_story_knowledge(
        "s1",
        [
            StoryEntity("Xi Jinping", "PERSON", 5, ("President Xi", "Xi")),
            StoryEntity("Beijing", "GPE", 2),
        ],
        [expectation("pending", date(2024, 3, 10), date(2024, 3, 12), 1)],
    )
    store.put_story_knowledge(
        "s2",
        [StoryEntity("Xi Jinping", "PERSON", 3, ("Mr Xi",)), StoryEntity("Xi", "ORG", 1)],
        [
            expectation("pending", date(2024, 3, 10), date(2024, 3, 5), 2),
            expectation("confirmed", None, None, 3),
        ],
    )
    store.put_story_knowledge("s3", [StoryEntity("Beijing", "GPE", 9)], [])
    return store


def names(page: tuple[int, list[EntityTotal]]) -> list[tuple[str, str, int, int]]:
    return [(e.name, e.type, e.mentions, e.n_stories) for e in page[1]]


def test_entity_totals_sum_over_stories_most_mentioned_first(indexed: Store) -> None:
    total, found = indexed.entity_totals()
    assert names((total, found)) == [
        ("Beijing", "GPE", 11, 2),
        ("Xi Jinping", "PERSON", 8, 2),
        ("Xi", "ORG", 1, 1),
    ]
    assert total == 3
    xi = found[1]
    assert xi.story_ids == ("s1", "s2")  # most recently reported first
    assert xi.aliases == ("President Xi", "Xi", "Mr Xi")
    assert names(indexed.entity_totals(limit=1, offset=1)) == [("Xi Jinping", "PERSON", 8, 2)]
    assert indexed.entity_totals(stories=1)[1][0].story_ids == ("s1",)
    # a story reported on again comes first (its summary saved after its knowledge)
    indexed.put_story(make_story("s2", last_reported=datetime(2024, 4, 1, 8)))
    assert indexed.entity_totals(name="xi jinping")[1][0].story_ids == ("s2", "s1")
    assert indexed.entity_totals()[1][1].story_ids == ("s2", "s1")
    assert [view["n"] for _, _, view in indexed.expectation_page()[1]] == [2, 3, 1]
    indexed.put_story(make_story("s2", last_reported=None, first_reported=None))
    assert indexed.entity_totals()[1][1].story_ids == ("s1", "s2")  # undated: last


def test_entity_totals_by_name_or_alias_ignore_case(indexed: Store) -> None:
    assert names(indexed.entity_totals(name="  XI ")) == [
        ("Xi Jinping", "PERSON", 5, 1),  # only the entry whose alias it is (s1's)
        ("Xi", "ORG", 1, 1),
    ]
    assert names(indexed.entity_totals(name="mr xi")) == [("Xi Jinping", "PERSON", 3, 1)]
    assert indexed.entity_totals(name="nobody") == (0, [])
    with pytest.raises(ConfigError):
        indexed.entity_totals(limit=-1)


def test_reindexing_and_deleting_a_story_update_the_totals(indexed: Store) -> None:
    indexed.put_story_knowledge("s3", [StoryEntity("Beijing", "GPE", 1)], [])
    assert names(indexed.entity_totals(limit=1)) == [("Xi Jinping", "PERSON", 8, 2)]
    assert indexed.delete_story("s2")
    assert names(indexed.entity_totals()) == [
        ("Xi Jinping", "PERSON", 5, 1),
        ("Beijing", "GPE", 3, 2),
    ]
    assert ids(indexed.story_summaries(StoryQuery(entity="mr xi"))) == []
    assert indexed.entity_totals()[0] == 2  # the stored count follows each write
    indexed.put_story_knowledge("s1", [], [])
    assert indexed.entity_totals() == (1, indexed.entity_totals()[1])
    assert names(indexed.entity_totals()) == [("Beijing", "GPE", 1, 1)]
    assert indexed.expectation_page() == (0, [])


def test_expectation_page_in_story_order_judged_on_a_day(indexed: Store) -> None:
    total, rows = indexed.expectation_page()
    assert total == 3
    assert [(story, view["n"]) for story, _, view in rows] == [("s1", 1), ("s2", 2), ("s2", 3)]
    assert rows[0][1] == "Story s1" and rows[0][2]["text"] == "entry 1 «ü»"
    assert [v["n"] for _, _, v in indexed.expectation_page(limit=1, offset=1)[1]] == [2]
    # as stored (no day), then on 20 March: s1's window ended and it was reported on after
    # (overdue), s2's ended with no report since (unreported)
    assert indexed.expectation_page("PENDING")[0] == 2
    # a status's entries in the ledger's order, paged (found by status, then sorted)
    pending = indexed.expectation_page("pending")[1]
    assert [(story, view["n"]) for story, _, view in pending] == [("s1", 1), ("s2", 2)]
    assert [v["n"] for _, _, v in indexed.expectation_page("pending", limit=1, offset=1)[1]] == [2]
    assert indexed.expectation_page("pending", limit=5, offset=2) == (2, [])
    late = date(2024, 3, 20)
    assert [v["n"] for _, _, v in indexed.expectation_page("overdue", late)[1]] == [1]
    assert [v["n"] for _, _, v in indexed.expectation_page("unreported", late)[1]] == [2]
    assert indexed.expectation_page("pending", late) == (0, [])
    assert indexed.expectation_page("pending", date(2024, 3, 10))[0] == 2


def test_story_filters_by_entity_and_status(indexed: Store) -> None:
    assert ids(indexed.story_summaries(StoryQuery(entity="xi"))) == ["s1", "s2"]
    assert ids(indexed.story_summaries(StoryQuery(entity=" BEIJING", sort="size"))) == [
        "s1",
        "s3",
    ]
    assert indexed.story_summaries(StoryQuery(entity="nobody")) == (0, [])
    late = date(2024, 3, 20)
    assert ids(indexed.story_summaries(StoryQuery(status="overdue", as_of=late))) == ["s1"]
    assert ids(indexed.story_summaries(StoryQuery(status="pending"))) == ["s1", "s2"]
    query = StoryQuery(entity="xi", status="confirmed", limit=5)
    assert indexed.story_summaries(query)[0] == 1


_STATUS_INDEX_7 = (
    "CREATE INDEX story_expectations_status "
    "ON story_expectations (status, window_end, last_report, story_id)"
)


def _schema_7(store: Store, path_or_url: str) -> None:
    """Take a store back to the schema before the entity count (SQLite 7, PostgreSQL 5)."""
    store.close()
    if path_or_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(path_or_url, autocommit=True) as conn:
            conn.execute("DROP TRIGGER entity_totals_counted ON entity_totals")
            conn.execute("DROP FUNCTION entity_totals_counted()")
            conn.execute("DROP TABLE knowledge_counts")
            conn.execute("DROP INDEX story_expectations_ledger")
            conn.execute(_STATUS_INDEX_7)
            conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
        return
    with sqlite3.connect(path_or_url) as conn:
        for trigger in ("entity_totals_added", "entity_totals_removed"):
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP TABLE knowledge_counts")
        conn.execute("DROP INDEX story_expectations_ledger")
        conn.execute(_STATUS_INDEX_7)
        for trigger in ("insert", "delete", "update"):  # the search window (schema 10)
            conn.execute(f"DROP TRIGGER articles_fts_recent_{trigger}")
        conn.execute("DROP TABLE articles_fts_recent")
        conn.execute("DELETE FROM meta WHERE key = 'search_window'")
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_store_from_before_the_entity_count_counts_its_entities_when_migrated(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """/api/entities counted entity_totals for each page (4-22 ms at 200,000 articles): the
    count is stored (kept by triggers) and an older store's is counted once, migrating."""
    where = (
        request.getfixturevalue("postgres_server").database_url()
        if backend == "postgres"
        else str(tmp_path / "s.db")
    )
    store = open_store(where)
    store.put_story(make_story("s1", last_reported=datetime(2024, 3, 1, 8)))
    store.put_story_knowledge(
        "s1", [StoryEntity("Beijing", "GPE", 2), StoryEntity("Xi", "ORG", 1)], []
    )
    _schema_7(store, where)
    with open_store(where) as store:
        assert store.entity_totals()[0] == 2
        store.put_story(make_story("s2", last_reported=datetime(2024, 3, 2, 8)))
        store.put_story_knowledge(
            "s2", [StoryEntity("Xi", "ORG", 1), StoryEntity("Oslo", "GPE", 1)], []
        )
        assert store.entity_totals()[0] == 3 and store.delete_story("s1")
        assert store.entity_totals() == (2, store.entity_totals()[1])
        assert names(store.entity_totals()) == [("Oslo", "GPE", 1, 1), ("Xi", "ORG", 1, 1)]


def test_a_status_stored_as_judged_is_listed_with_the_judged_ones(indexed: Store) -> None:
    """A page of "overdue" merges the pending entries judged overdue with any stored as
    overdue, in the ledger's order."""
    indexed.put_story(make_story("s0", last_reported=datetime(2024, 3, 4, 8)))
    indexed.put_story_knowledge("s0", [], [expectation("overdue", None, None, 4)])
    late = date(2024, 3, 20)
    total, rows = indexed.expectation_page("overdue", late)
    assert total == 2 and [(s, v["n"]) for s, _, v in rows] == [("s0", 4), ("s1", 1)]
    assert [v["n"] for _, _, v in indexed.expectation_page("overdue", late, 1, 1)[1]] == [1]
    query = StoryQuery(entity="xi", status="overdue", as_of=late)
    assert ids(indexed.story_summaries(query)) == ["s1"]


def _plans(store: Store, call: Any) -> list[str]:
    """The query plans of the statements ``call(store)`` runs on a SQLite store."""
    conn = store._connection().conn  # type: ignore[attr-defined]
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call(store)
    finally:
        conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            plans.append("\n".join(row[3] for row in rows))
    return plans


def test_a_page_of_a_status_is_read_along_the_ledger_index(file_store: Store) -> None:
    """Issue 18: a page of the ledger by status sorted every entry of the status, and the
    stories of an entity by status listed every entry of the status (O(store) at 1,000,000
    articles): now the page's entries come in order from the ledger index (the only sort is
    the page's own rows) and the entity's stories are probed for the status."""
    for n in range(30):
        story_id = f"s{n:02d}"
        file_store.put_story(make_story(story_id, last_reported=datetime(2024, 3, 1 + n % 28)))
        entities = [StoryEntity("Xi", "PERSON", 1)] if n % 3 == 0 else []
        file_store.put_story_knowledge(
            story_id, entities, [expectation("pending", date(2024, 3, 10), None, n)]
        )
    (page,) = [p for p in _plans(file_store, lambda s: s.expectation_page("pending")) if "m" in p]
    assert "story_expectations_ledger" in page and page.count("TEMP B-TREE") == 1
    assert [v["n"] for _, _, v in file_store.expectation_page("pending", limit=3)[1]] == [
        27,
        26,
        25,
    ]
    query = StoryQuery(entity="xi", status="pending", limit=2)
    plans = _plans(file_store, lambda s: s.story_summaries(query))
    assert plans and all("LIST SUBQUERY 2" not in p and "CORRELATED" in p for p in plans)
    assert file_store.story_summaries(query)[0] == 10


def test_an_entity_by_name_lists_its_latest_stories_and_their_aliases(store: Store) -> None:
    """A name's entities are summed over every entry named so; the stories listed are the
    latest ``stories`` of them and the aliases those give (EntityTotal.aliases), as for the
    list without a name (before: aliases from every story, each story's entry read)."""
    for n, alias in enumerate(["Old", "Mid", "New"], 1):
        story_id = f"s{n}"
        store.put_story(make_story(story_id, last_reported=datetime(2024, 3, n, 8)))
        store.put_story_knowledge(story_id, [StoryEntity("Oslo", "GPE", n, (alias,))], [])
    total, (oslo,) = store.entity_totals(name="oslo", stories=2)
    assert total == 1 and (oslo.mentions, oslo.n_stories) == (6, 3)
    assert oslo.story_ids == ("s3", "s2") and oslo.aliases == ("New", "Mid")
    assert store.entity_totals(name="old", stories=2)[1][0].story_ids == ("s1",)


def test_an_entity_by_name_reads_its_stories_along_its_index(file_store: Store) -> None:
    for n in range(12):
        file_store.put_story(make_story(f"s{n}", last_reported=datetime(2024, 3, 1 + n)))
        file_store.put_story_knowledge(f"s{n}", [StoryEntity("Oslo", "GPE", 1)], [])
    plans = _plans(file_store, lambda s: s.entity_totals(name="Oslo", stories=2))
    (members,) = [p for p in plans if "EXISTS" in p or "CORRELATED" in p]
    assert "story_entities_key" in members and "TEMP B-TREE" not in members
