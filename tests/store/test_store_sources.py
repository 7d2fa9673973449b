"""The followed sources and their items, for every store (the contract, ``store`` parametrised):
what ``storyline follow`` keeps between rounds (issue 21)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from _store_samples import make_raw

from storyline.errors import NotFoundError, StoreValueError
from storyline.records import Source
from storyline.store import Store

T0 = datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=UTC)


def test_a_source_round_trips_with_its_health(store: Store) -> None:
    source, new = store.add_source(Source("https://a.example/feed.xml", "Outlet A", every_s=900))
    assert new and source.id is not None and source.added_at is not None
    source.kind, source.etag, source.last_modified = "atom", '"x1"', "Tue, 01 Dec 2026 08:00:00 GMT"
    source.last_fetch, source.last_new = T0, T0 - timedelta(hours=2)
    # any offset is kept as the same instant, in UTC
    source.next_due = datetime(2026, 12, 1, 9, 40, 15, 123456, tzinfo=timezone(timedelta(hours=1)))
    source.errors_in_row, source.last_error = 3, "HTTP 500 (after 3 tries)"
    source.allow_private = True
    store.update_source(source)
    got = store.get_source(source.id)
    assert got == Source(
        url="https://a.example/feed.xml",
        name="Outlet A",
        id=source.id,
        kind="atom",
        every_s=900.0,
        allow_private=True,
        etag='"x1"',
        last_modified="Tue, 01 Dec 2026 08:00:00 GMT",
        added_at=source.added_at,
        last_fetch=T0,
        last_new=T0 - timedelta(hours=2),
        next_due=T0 + timedelta(minutes=10),
        errors_in_row=3,
        last_error="HTTP 500 (after 3 tries)",
    )
    assert got.next_due is not None and got.next_due.tzinfo == UTC


def test_a_url_is_followed_once_and_sources_keep_their_order(store: Store) -> None:
    a, _ = store.add_source(Source("https://a.example/rss"))
    b, _ = store.add_source(Source("https://b.example/rss", "B"))
    again, new = store.add_source(Source("https://a.example/rss", "other name"))
    assert not new and again == a
    assert [s.url for s in store.list_sources()] == [
        "https://a.example/rss",
        "https://b.example/rss",
    ]
    b.url = a.url  # moving onto another source's URL is refused, nothing changes
    with pytest.raises(StoreValueError, match="already followed"):
        store.update_source(b)
    assert store.get_source(b.id or 0).url == "https://b.example/rss"
    assert store.remove_source(a.id or 0) and not store.remove_source(a.id or 0)
    with pytest.raises(NotFoundError):
        store.get_source(a.id or 0)
    with pytest.raises(NotFoundError):
        store.update_source(Source("https://c.example/", id=999))


def test_items_are_known_once_recorded_and_their_raws_come_back_in_fetch_order(
    store: Store,
) -> None:
    source, _ = store.add_source(Source("https://a.example/rss"))
    first, second = make_raw(1), make_raw(2)
    with store.transaction():
        store.add_raw(second)
        store.record_items(source.id, ["url:https://a.example/2", "guid:x 2"], second.sha256, T0)
    store.add_raw(first)
    store.record_items(source.id, ["url:https://a.example/1"], first.sha256, T0 - timedelta(1))
    store.record_items(None, ["url:https://a.example/1"], second.sha256, T0)  # known: kept
    keys = ["url:https://a.example/1", "guid:x 2", "url:https://a.example/3"]
    assert store.known_items(keys) == {"url:https://a.example/1", "guid:x 2"}
    assert store.known_items([f"url:{i}" for i in range(1200)]) == set()
    assert [r.sha256 for r in store.fetched_raws()] == [first.sha256, second.sha256]
    assert [r.sha256 for r in store.fetched_raws(since=T0)] == [second.sha256]
    assert store.new_items_since(T0 - timedelta(hours=1)) == {source.id: 1}
    assert store.new_items_since(T0 - timedelta(days=2)) == {source.id: 2}


def test_items_recorded_in_an_undone_transaction_are_not_known(store: Store) -> None:
    raw = make_raw(3)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_raw(raw)
        store.record_items(None, ["url:https://a.example/x"], raw.sha256, T0)
        raise RuntimeError("killed")
    assert store.known_items(["url:https://a.example/x"]) == set()
    assert not store.has_raw(raw.sha256)


def test_a_sqlite_store_from_before_sources_gains_them_and_keeps_its_articles(
    tmp_path: Path,
) -> None:
    from storyline.store import SQLiteStore
    from storyline.store.sqlite_schema import SCHEMA_VERSION

    path = tmp_path / "old.db"
    with SQLiteStore(path) as store:
        store.add_raw(make_raw(1))
    with sqlite3.connect(path) as conn:  # what schema 5 (before sources) looks like
        later = ["source_items", "sources"]  # schema 6, and the knowledge index of 7
        later += ["story_entities", "story_entity_names", "entity_totals", "story_expectations"]
        later += ["knowledge_counts", "articles_fts_recent"]  # schema 8 and 10
        for trigger in ("insert", "delete", "update"):  # the search window's, on articles
            conn.execute(f"DROP TRIGGER articles_fts_recent_{trigger}")
        conn.execute("DELETE FROM meta WHERE key = 'search_window'")
        for table in later:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM state WHERE name = 'knowledge_index'")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    with SQLiteStore(path) as store:
        assert store.list_sources() == [] and store.has_raw(make_raw(1).sha256)
        store.add_source(Source("https://a.example/rss"))
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version[0] == str(SCHEMA_VERSION)
