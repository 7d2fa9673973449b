"""The SQLite store opened for reading only: it reads everything and writes nothing.

A folder that cannot be written (a shared archive, a read-only volume) is exercised end to end
in tests/cli/test_read_only.py; here the store is opened with ``read_only=True`` on a file that
could be written, so a write that slipped through would show in the file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from _store_samples import make_article, make_raw

from storyline.errors import StoreReadOnlyError
from storyline.records import Story
from storyline.store import SCHEMA_VERSION, SQLiteStore, open_store
from storyline.store.sqlite_schema import MIGRATIONS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store file with one input and its article, closed (its WAL folded into the file)."""
    path = tmp_path / "archive.db"
    with open_store(path) as store:
        raw = make_raw(1, "Harbour cranes stand idle as dockers strike")
        store.add_raw(raw)
        store.add_article(make_article(raw, id="a1", title="Dockers strike"))
        store.put_state("clusterer", {"n": 1})
    return path


def test_read_only_reads_everything_and_changes_nothing(filled: Path) -> None:
    before = _digest(filled)
    with open_store(filled, read_only=True) as store:
        assert store.read_only
        assert store.count_articles() == 1
        assert store.get_article("a1").title == "Dockers strike"
        assert store.get_state("clusterer") == {"n": 1}
        assert [hit[0] for hit in store.search("cranes dockers")] == ["a1"]
        with store.writer_lock():  # nothing to lock: no lock file is made
            pass
        assert store.sidecar_path(".stream") is None  # nor any file beside it
    assert _digest(filled) == before
    assert not Path(f"{filled}.write-lock").exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.add_raw(make_raw(2)),
        lambda s: s.put_state("clusterer", {"n": 2}),
        lambda s: s.put_story(Story("s1", "T", ["a1"], 1, 1, None, None, "a1", [])),
        lambda s: s.delete_story("s1"),
    ],
    ids=["add_raw", "put_state", "put_story", "delete_story"],
)
def test_every_write_is_refused_with_how_to_fix_it(filled: Path, write: object) -> None:
    before = _digest(filled)
    with open_store(filled, read_only=True) as store:
        with pytest.raises(StoreReadOnlyError, match="cannot be written") as info:
            write(store)  # type: ignore[operator]
        assert "--db" in str(info.value) and "chmod" in str(info.value)
        assert store.get_state("clusterer") == {"n": 1}
    assert _digest(filled) == before


def test_the_analysis_cache_is_not_kept_in_a_read_only_store(filled: Path) -> None:
    """An analysis is a cache: computed by the reader and used, not written."""
    with open_store(filled, read_only=True) as store:
        store.put_analysis("a1", {"version": 1})
        assert store.get_analysis("a1") is None
    with open_store(filled) as store:
        assert store.get_analysis("a1") is None


def test_auto_reads_only_when_the_store_cannot_be_written(filled: Path) -> None:
    with open_store(filled, read_only="auto") as store:
        assert not store.read_only  # this file can be written: opened as usual
        store.put_state("clusterer", {"n": 2})
    with open_store(filled, read_only=True) as store:
        assert store.get_state("clusterer") == {"n": 2}


def test_a_missing_file_is_created_as_by_a_writer(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.db", read_only=True) as store:
        assert not store.read_only and store.count_articles() == 0
    assert (tmp_path / "new.db").exists()


def test_an_older_schema_is_upgraded_first_when_the_file_can_be_written(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn, conn:
        for statements in MIGRATIONS[:2]:
            for statement in statements:
                conn.execute(statement)
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '2')")
    with SQLiteStore(path, read_only=True) as store:
        assert store.read_only and store.count_stories() == 0  # a table of schema 3
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert int(row[0]) == SCHEMA_VERSION
