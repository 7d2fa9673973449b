"""What only the SQLite store promises: the file, WAL, schema versions, other threads/processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from _store_samples import full_article, make_article, make_raw

from storyline.errors import SchemaVersionError, StoreError
from storyline.store import SCHEMA_VERSION, SQLiteStore, open_store
from storyline.store import sqlite as sqlite_module


@contextmanager
def raw_sqlite(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, committed and closed at the end."""
    with closing(sqlite3.connect(path)) as conn, conn:
        yield conn


def schema_version(path: Path) -> int:
    with raw_sqlite(path) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0])


def test_file_store_is_in_wal_mode(file_store: SQLiteStore) -> None:
    assert file_store.journal_mode == "wal"
    with raw_sqlite(file_store.path) as conn:  # WAL is a property of the file
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_memory_store_is_not_on_disk() -> None:
    with open_store(":memory:") as store:
        assert isinstance(store, SQLiteStore) and store.in_memory
        assert store.journal_mode == "memory"


def test_every_thread_connection_has_the_pragmas(file_store: SQLiteStore) -> None:
    seen: dict[str, object] = {}

    def look() -> None:
        with file_store._read() as conn:
            seen["foreign_keys"] = conn.execute("PRAGMA foreign_keys").fetchone()[0]
            seen["busy_timeout"] = conn.execute("PRAGMA busy_timeout").fetchone()[0]
            seen["synchronous"] = conn.execute("PRAGMA synchronous").fetchone()[0]
            seen["thread_conn"] = conn

    thread = threading.Thread(target=look)
    thread.start()
    thread.join(timeout=30)
    assert seen["foreign_keys"] == 1
    assert seen["busy_timeout"] == int(sqlite_module.BUSY_TIMEOUT_S * 1000)
    assert seen["synchronous"] == 1  # NORMAL
    with file_store._read() as conn:
        assert conn is not seen["thread_conn"]  # one connection per thread


def test_data_survives_reopening_and_parent_is_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.db"
    raw = make_raw(1)
    article = full_article(raw)
    with open_store(path) as store:
        store.add_raw(raw)
        store.add_article(article)
        store.put_state("m", {"k": 1})
    assert path.is_file()
    assert schema_version(path) == SCHEMA_VERSION
    with open_store(path) as store:
        assert store.get_article(article.id).title == article.title
        assert store.get_state("m") == {"k": 1}
        assert [hit[0] for hit in store.search("zurich")] == [article.id]


def test_newer_schema_raises_schema_version_error(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(path).close()
    with raw_sqlite(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(SchemaVersionError) as info:
        open_store(path)
    message = str(info.value)
    assert str(path) in message
    assert f"written by a newer Storyline (schema 99, this one knows {SCHEMA_VERSION})" in message
    assert "upgrade storyline" in message


def test_garbage_file_raises_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, just some text\n" * 200)
    with pytest.raises(StoreError, match="not a SQLite database") as info:
        open_store(path)
    assert str(path) in str(info.value)
    assert not isinstance(info.value, SchemaVersionError)
    assert path.read_bytes().startswith(b"this is not a database")  # left untouched


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with raw_sqlite(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a Storyline store") as info:
        open_store(path)
    assert "invoices" in str(info.value)
    with raw_sqlite(path) as conn:  # left as it was (no WAL, no tables added)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_directory_or_unwritable_path_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=str(tmp_path)):
        open_store(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the directory"):
        open_store(blocker / "sub" / "store.db")


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with open_store(path) as store:
        assert store.count_articles() == 0
    assert schema_version(path) == SCHEMA_VERSION


def test_migrations_apply_in_order_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.db"
    open_store(path).close()
    broken = (*sqlite_module.MIGRATIONS, ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", broken)
    monkeypatch.setattr(sqlite_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError, match="syntax error"):
        open_store(path)
    assert schema_version(path) == SCHEMA_VERSION  # nothing of the failed migration is left
    with raw_sqlite(path) as conn:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'extra'").fetchone() is None
    fixed = (*sqlite_module.MIGRATIONS[:-1], ("CREATE TABLE extra (x)",))
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", fixed)
    open_store(path).close()
    assert schema_version(path) == len(fixed)


def test_another_process_reads_while_this_one_writes(file_store: SQLiteStore) -> None:
    raw = make_raw(1)
    file_store.add_raw(raw)
    file_store.add_article(make_article(raw, "committed"))
    script = (
        "import sys\n"
        "from storyline.store import open_store\n"
        "with open_store(sys.argv[1]) as store:\n"
        "    print(store.count_articles(), len(list(store.iter_articles())))\n"
    )
    with file_store.transaction():  # holds the write lock while the other process reads
        file_store.add_article(make_article(raw, "uncommitted"))
        result = subprocess.run(
            [sys.executable, "-c", script, file_store.path],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1"]  # WAL: the reader sees the last commit
    assert file_store.count_articles() == 2


def test_two_stores_on_one_file_see_each_others_commits(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with open_store(path) as writer, open_store(path) as reader:
        raw = make_raw(1)
        writer.add_raw(raw)
        writer.add_article(make_article(raw))
        assert reader.count_articles() == 1


def test_corrupt_embedding_is_reported(file_store: SQLiteStore) -> None:
    raw = make_raw(1)
    article = full_article(raw)
    file_store.add_raw(raw)
    file_store.add_article(article)
    with raw_sqlite(file_store.path) as conn:
        conn.execute("UPDATE articles SET embedding_dim = 3")
    with pytest.raises(StoreError, match="embedding"):
        file_store.get_article(article.id)
