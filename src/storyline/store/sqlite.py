"""The default store: one SQLite file (stdlib ``sqlite3``), in WAL mode.

* **Concurrency.** WAL lets any number of readers (threads or processes) work while one writer
  writes; writers wait for each other up to :data:`BUSY_TIMEOUT_S`. Each thread gets its own
  connection, opened on first use (a web server can share one store between worker threads).
  A transaction belongs to the thread that opened it. An in-memory store (``":memory:"``) is
  one database, so it has one connection, which a lock lends to one thread at a time.
* **Schema.** Versioned in the ``meta`` table (``schema_version``). :data:`MIGRATIONS`
  (:mod:`storyline.store.sqlite_schema`) is an ordered list; opening applies the missing ones
  in one transaction. A database written by a newer Storyline raises
  :class:`~storyline.errors.SchemaVersionError`.
* **Values.** Datetimes are ISO 8601 strings as given (their UTC offset kept) plus a UTC sort
  key; ``removed_lines``, ``meta`` and the learned state are JSON; embeddings are little-endian
  float32 bytes with their dimension.
* **Analyses.** ``put_analysis``/``get_analysis`` keep one JSON dict per article (the
  extraction cache of :mod:`storyline.knowledge`), deleted with its article.
* **Stories.** One summary row per story (``put_story``), filtered, sorted and paged in SQL
  by ``story_summaries`` (:mod:`storyline.store.sqlite_stories`).
* **Search.** An FTS5 table over title and text (the raw text until cleaning fills ``text``),
  kept in sync by triggers; case and accents are folded.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, NotFoundError, SchemaVersionError, StoreError
from storyline.records import Article, Assignment, RawInput, Rejection, Story
from storyline.store import sqlite_stories
from storyline.store.base import ArticleOrder, Store, StoryQuery
from storyline.store.rows import (
    ARTICLE_COLUMNS,
    ASSIGNMENT_COLUMNS,
    LIGHT_COLUMNS,
    article_values,
    assignment_values,
    json_text,
    not_found,
    row_to_article,
    row_to_assignment,
)
from storyline.store.sqlite_schema import MIGRATIONS, NOW_SQL, SCHEMA_VERSION

__all__ = ["BUSY_TIMEOUT_S", "MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore", "fts_query"]

# How long a writer waits for another writer before giving up with "database is locked".
BUSY_TIMEOUT_S = 30.0
# Articles read per query by iter_articles (it yields them one at a time).
_ITER_CHUNK = 256
# At most this many words of a search query are used.
_MAX_QUERY_TERMS = 32


_SELECT_ARTICLE = f"SELECT rid, {', '.join(ARTICLE_COLUMNS)} FROM articles"
# The same rows without the two big columns (iter_articles(light=True)).
_SELECT_LIGHT = (
    f"SELECT rid, {', '.join(LIGHT_COLUMNS.get(c, c) for c in ARTICLE_COLUMNS)} FROM articles"
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in ARTICLE_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)
_UPDATE_ARTICLE = (
    f"UPDATE articles SET {', '.join(f'{c} = :{c}' for c in ARTICLE_COLUMNS[1:])} WHERE id = :id"
)
_ORDER_BY: dict[str, str] = {
    "published": "published_utc IS NULL, published_utc, seq, rid",
    "seq": "seq, rid",
}
_INSERT_ASSIGNMENT = (
    f"INSERT OR REPLACE INTO assignments ({', '.join(ASSIGNMENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(ASSIGNMENT_COLUMNS))})"
)
_WORD = re.compile(r"\w+")


class _Connection:
    """One sqlite3 connection and its transaction depth (weakly tracked for close())."""

    __slots__ = ("__weakref__", "conn", "depth")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth = 0


class SQLiteStore(Store):
    """The default :class:`~storyline.store.base.Store`: one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.in_memory = str(path) in ("", ":memory:")
        self.path = ":memory:" if self.in_memory else str(Path(path).expanduser())
        self._closed = False
        self._local = threading.local()
        self._connections: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._connections_lock = threading.Lock()
        # In memory there is one connection for every thread, lent under this lock.
        self._lock: AbstractContextManager[Any] = (
            threading.RLock() if self.in_memory else nullcontext()
        )
        self._shared: _Connection | None = None
        if not self.in_memory:
            self._make_parent()
        first = self._connect()
        try:
            self._prepare(first.conn)
        except BaseException:
            first.conn.close()
            raise
        if self.in_memory:
            self._shared = first
        else:
            self._local.connection = first
            self._connections.add(first)

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # -- opening -----------------------------------------------------------------------------

    def _make_parent(self) -> None:
        parent = Path(self.path).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the directory {parent} for the store: {e}") from e

    def _connect(self) -> _Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # transactions are explicit, see _tx()
                check_same_thread=False,  # only so close() can close every thread's one
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as e:
            raise self._open_error(e) from e
        return _Connection(conn)

    def _open_error(self, error: sqlite3.Error) -> StoreError:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
            return StoreError(
                f"{self.path} is not a SQLite database, so not a Storyline store: give another path"
            )
        return StoreError(f"cannot open the store {self.path}: {error}")

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the file is a Storyline database, not a newer one; WAL on; migrate."""
        try:
            version = self._schema_version(conn)
            if not self.in_memory:
                # WAL is a property of the file: it stays on for every later connection.
                conn.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                self._migrate(conn)
        except sqlite3.Error as e:
            raise self._open_error(e) from e

    def _schema_version(self, conn: sqlite3.Connection) -> int:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        version: int | None = 0
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row is not None and str(row[0]).isdigit() else None
        elif any(not t.startswith("sqlite_") for t in tables):
            version = None
        if version is None:
            names = ", ".join(sorted(t for t in tables if not t.startswith("sqlite_")))
            raise StoreError(
                f"{self.path} is a SQLite database but not a Storyline store (tables: {names}; "
                "no schema version): give another path"
            )
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path} was written by a newer Storyline (schema {version}, this one "
                f"knows {SCHEMA_VERSION}): upgrade storyline (pip install -U storyline)"
            )
        return version

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self._schema_version(conn)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- connections and transactions --------------------------------------------------------

    def _connection(self) -> _Connection:
        if self._closed:
            raise StoreError(f"the store {self.path} is closed")
        if self._shared is not None:
            return self._shared
        connection: _Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
            with self._connections_lock:
                self._connections.add(connection)
        return connection

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as e:
            if getattr(e, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                raise StoreError(
                    f"the store {self.path} is busy: another writer held it for more than "
                    f"{BUSY_TIMEOUT_S:g} s ({e}); try again"
                ) from e
            raise StoreError(f"the store {self.path}: {e}") from e

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors():
            yield self._connection().conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A transaction, or a savepoint inside the current one; undone on any exception."""
        with self._lock, self._errors():
            connection = self._connection()
            conn, depth = connection.conn, connection.depth
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
            connection.depth += 1
            try:
                yield conn
            except BaseException:
                connection.depth = depth
                self._undo(conn, depth)
                raise
            connection.depth = depth
            try:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
            except sqlite3.Error:
                self._undo(conn, depth)
                raise

    @staticmethod
    def _undo(conn: sqlite3.Connection, depth: int) -> None:
        try:
            if depth == 0:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO sp{depth}")
                conn.execute(f"RELEASE sp{depth}")
        except sqlite3.Error:
            pass  # the connection is gone (closed store): the error being raised says more

    def transaction(self) -> AbstractContextManager[None]:
        @contextmanager
        def block() -> Iterator[None]:
            with self._tx():
                yield

        return block()

    def writer_lock(self) -> AbstractContextManager[None]:
        """An exclusive ``flock`` on ``<store file>.write-lock`` beside the file (in memory:
        nothing; where flock is missing or the folder is read-only: nothing either)."""
        if self.in_memory:
            return nullcontext()
        return _file_lock(f"{self.path}.write-lock")

    def close(self) -> None:
        if self._closed:
            return
        current: _Connection | None = self._shared or getattr(self._local, "connection", None)
        if current is not None and current.depth == 0:
            with suppress(sqlite3.Error):  # only an optimisation
                current.conn.execute("PRAGMA optimize")
        self._closed = True
        with self._connections_lock:
            connections = list(self._connections)
        if self._shared is not None:
            connections.append(self._shared)
        for connection in connections:
            connection.conn.close()

    @property
    def journal_mode(self) -> str:
        """``"wal"`` for a file store (``"memory"`` in memory)."""
        with self._read() as conn:
            return str(conn.execute("PRAGMA journal_mode").fetchone()[0])

    # -- raw inputs --------------------------------------------------------------------------

    def add_raw(self, raw: RawInput) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO raw_inputs (sha256, path, media_type, size, content) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                (raw.sha256, raw.path, raw.media_type, len(raw.content), raw.content),
            )
            return cursor.rowcount == 1

    def has_raw(self, sha256: str) -> bool:
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone()
            return row is not None

    def get_raw(self, sha256: str) -> RawInput:
        with self._read() as conn:
            row = conn.execute(
                "SELECT sha256, path, content, media_type FROM raw_inputs WHERE sha256 = ?",
                (sha256,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no raw input with sha256 {sha256}")
        return RawInput(row["sha256"], row["path"], bytes(row["content"]), row["media_type"])

    # -- articles ----------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        values = article_values(article)
        with self._tx() as conn:
            self._require_raw(conn, article)
            return conn.execute(_INSERT_ARTICLE, values).rowcount == 1

    def update_article(self, article: Article) -> None:
        values = article_values(article)
        with self._tx() as conn:
            self._require_raw(conn, article)
            if conn.execute(_UPDATE_ARTICLE, values).rowcount == 0:
                raise not_found(article.id)

    @staticmethod
    def _require_raw(conn: sqlite3.Connection, article: Article) -> None:
        if conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (article.raw_id,)).fetchone():
            return
        raise StoreError(
            f"article {article.id}: its raw input {article.raw_id} is not in the store "
            "(add_raw() it first)"
        )

    def get_article(self, article_id: str, *, light: bool = False) -> Article:
        select = _SELECT_LIGHT if light else _SELECT_ARTICLE
        with self._read() as conn:
            row = conn.execute(f"{select} WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise not_found(article_id)
        return row_to_article(row)

    def iter_articles(
        self,
        order: ArticleOrder = "published",
        story_id: str | None = None,
        *,
        light: bool = False,
    ) -> Iterator[Article]:
        # The ids are read now and the articles in chunks as the caller iterates, so writing
        # (say, update_article) while iterating is safe and memory stays bounded.
        select = _SELECT_LIGHT if light else _SELECT_ARTICLE
        return self._iter_rids(self._article_rids(order, story_id), select)

    def _article_rids(self, order: str, story_id: str | None) -> list[int]:
        order_by = _ORDER_BY.get(order)
        if order_by is None:
            raise ConfigError(f"unknown article order {order!r}: use one of {sorted(_ORDER_BY)}")
        where, params = ("WHERE story_id = ?", (story_id,)) if story_id is not None else ("", ())
        with self._read() as conn:
            rows = conn.execute(f"SELECT rid FROM articles {where} ORDER BY {order_by}", params)
            return [row[0] for row in rows]

    def _iter_rids(self, rids: list[int], select: str) -> Iterator[Article]:
        for start in range(0, len(rids), _ITER_CHUNK):
            chunk = rids[start : start + _ITER_CHUNK]
            marks = ", ".join("?" * len(chunk))
            with self._read() as conn:
                rows = conn.execute(f"{select} WHERE rid IN ({marks})", chunk)
                by_rid = {row["rid"]: row for row in rows}
            for rid in chunk:
                if rid in by_rid:
                    yield row_to_article(by_rid[rid])

    def unassigned_articles(self) -> list[Article]:
        with self._read() as conn:
            rows = conn.execute("SELECT rid FROM articles WHERE story_id IS NULL ORDER BY seq")
            rids = [row[0] for row in rows]
        return list(self._iter_rids(rids, _SELECT_ARTICLE))

    def count_articles(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def next_seq(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT ifnull(max(seq), 0) + 1 FROM articles").fetchone()[0])

    # -- rejections --------------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection, raw_sha256: str | None = None) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO rejections (path, entry, reason, raw_sha256) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (rejection.path, rejection.entry, rejection.reason, raw_sha256),
            )
            return cursor.rowcount == 1

    def rejections(self) -> list[Rejection]:
        with self._read() as conn:
            rows = conn.execute("SELECT path, reason, entry FROM rejections ORDER BY id")
            return [Rejection(row["path"], row["reason"], row["entry"]) for row in rows]

    # -- stories -----------------------------------------------------------------------------

    def save_assignment(self, assignment: Assignment) -> None:
        a = assignment
        values = assignment_values(a)
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE articles SET story_id = ? WHERE id = ?", (a.story_id, a.article_id)
            )
            if cursor.rowcount == 0:
                raise not_found(a.article_id)
            conn.execute(_INSERT_ASSIGNMENT, values)

    def save_assigned(self, assigned: Sequence[tuple[Article, Assignment]]) -> None:
        """The batch in three statements, not five per article (update_article's raw check,
        the row, save_assignment's story_id and row, and a savepoint each): the row is written
        once, with the assignment's story id, as update_article then save_assignment leave it."""
        rows = []
        for article, assignment in assigned:
            row = article_values(article)
            row["story_id"] = assignment.story_id
            rows.append(row)
        values = [assignment_values(assignment) for _, assignment in assigned]
        with self._tx() as conn:
            raw_ids = sorted({article.raw_id for article, _ in assigned})
            if raw_ids:
                marks = ", ".join("?" * len(raw_ids))
                found = conn.execute(
                    f"SELECT count(*) FROM raw_inputs WHERE sha256 IN ({marks})", raw_ids
                ).fetchone()[0]
                if found != len(raw_ids):
                    for article, _ in assigned:
                        self._require_raw(conn, article)
            if conn.executemany(_UPDATE_ARTICLE, rows).rowcount != len(rows):
                self._raise_missing(conn, [article.id for article, _ in assigned])
            conn.executemany(_INSERT_ASSIGNMENT, values)

    @staticmethod
    def _raise_missing(conn: sqlite3.Connection, article_ids: list[str]) -> None:
        for article_id in article_ids:
            row = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise not_found(article_id)
        raise StoreError("not every article of the batch could be updated")

    def assignments(self, story_id: str | None = None) -> list[Assignment]:
        where, params = ("WHERE s.story_id = ?", (story_id,)) if story_id is not None else ("", ())
        order_by = ", ".join(f"a.{term}" for term in _ORDER_BY["published"].split(", "))
        columns = ", ".join(f"s.{c}" for c in ASSIGNMENT_COLUMNS)
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {columns} FROM assignments s JOIN articles a ON a.id = s.article_id "
                f"{where} ORDER BY {order_by}",
                params,
            ).fetchall()
        return [row_to_assignment(row) for row in rows]

    def story_ids(self) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT story_id FROM articles WHERE story_id IS NOT NULL "
                "GROUP BY story_id ORDER BY min(seq), min(rid)"
            )
            return [row[0] for row in rows]

    def story_article_ids(self, story_id: str) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT id FROM articles WHERE story_id = ? ORDER BY {_ORDER_BY['published']}",
                (story_id,),
            )
            return [row[0] for row in rows]

    # -- story summaries (SQL in store/sqlite_stories.py) ------------------------------------

    def put_story(self, story: Story) -> None:
        with self._tx() as conn:
            sqlite_stories.put_story(conn, story)

    def delete_story(self, story_id: str) -> bool:
        with self._tx() as conn:
            return sqlite_stories.delete_story(conn, story_id)

    def get_story(self, story_id: str) -> Story:
        with self._read() as conn:
            return sqlite_stories.get_story(conn, story_id)

    def count_stories(self) -> int:
        with self._read() as conn:
            return sqlite_stories.count_stories(conn)

    def story_summaries(self, query: StoryQuery = StoryQuery()) -> tuple[int, list[Story]]:
        with self._read() as conn:
            return sqlite_stories.story_summaries(conn, query)

    # -- learned state -----------------------------------------------------------------------

    def put_state(self, name: str, state: dict[str, Any]) -> None:
        if not isinstance(state, dict):
            raise StoreError(f"state {name!r}: expected a dict, got {type(state).__name__}")
        value = json_text(state, f"state {name!r}")
        with self._tx() as conn:
            conn.execute(
                f"INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT (name) "
                f"DO UPDATE SET value = excluded.value, updated_at = {NOW_SQL}",
                (name, value),
            )

    def get_state(self, name: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        value: dict[str, Any] = json.loads(row[0])
        return value

    # -- derived per-article data ------------------------------------------------------------

    def put_analysis(self, article_id: str, data: dict[str, Any]) -> None:
        if not isinstance(data, dict):
            raise StoreError(
                f"analysis of {article_id}: expected a dict, got {type(data).__name__}"
            )
        value = json_text(data, f"analysis of {article_id}")
        with self._tx() as conn:
            found = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if found is None:
                raise not_found(article_id)
            conn.execute(
                f"INSERT INTO analyses (article_id, value) VALUES (?, ?) ON CONFLICT (article_id) "
                f"DO UPDATE SET value = excluded.value, updated_at = {NOW_SQL}",
                (article_id, value),
            )

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT value FROM analyses WHERE article_id = ?", (article_id,)
            ).fetchone()
        if row is None:
            return None
        value: dict[str, Any] = json.loads(row[0])
        return value

    def latest_published(self) -> datetime | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT published FROM articles WHERE published_utc IS NOT NULL "
                "ORDER BY published_utc DESC, seq DESC, rid DESC LIMIT 1"
            ).fetchone()
        return None if row is None else datetime.fromisoformat(row[0])

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        with self._lock:
            try:
                conn = self._connection().conn
                rows = _search(conn, match, limit)
            except sqlite3.OperationalError as e:
                # fts_query() quotes every term, so this should not happen; if the query is
                # still not valid FTS5 syntax, it matches nothing.
                if getattr(e, "sqlite_errorname", "") == "SQLITE_ERROR":
                    return []
                raise StoreError(f"the store {self.path}: {e}") from e
            except sqlite3.Error as e:
                raise StoreError(f"the store {self.path}: {e}") from e
        return rows


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    try:
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):  # no flock here (or no write access): no lock
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the flock


# The best matches first (rank only), then the snippets of those alone: a snippet costs far
# more than a rank, and a common word matches thousands of articles (10k stored: "police"
# 31 ms -> 15 ms, "killed" 16 ms -> 2 ms, same hits; benchmarks/load.py).
_SEARCH_TOP = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
    "ORDER BY bm25(articles_fts, 2.0, 1.0), rowid LIMIT ?"
)
_SEARCH_SNIPPETS = (
    "SELECT a.rid, a.id, snippet(articles_fts, -1, '**', '**', '…', 16) "
    "FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid "
    "WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})"
)


def _search(conn: sqlite3.Connection, match: str, limit: int) -> list[tuple[str, str]]:
    rids = [row[0] for row in conn.execute(_SEARCH_TOP, (match, limit))]
    if not rids:
        return []
    sql = _SEARCH_SNIPPETS.format(marks=", ".join("?" * len(rids)))
    found = {row[0]: (row[1], row[2]) for row in conn.execute(sql, (match, *rids))}
    return [found[rid] for rid in rids if rid in found]


def fts_query(query: str) -> str | None:
    """A user's words as an FTS5 query: each word quoted (so no syntax), all required.

    None when the query has no word. Operators (``AND``, ``NEAR``, ``*``, ``"``, ``:``) are
    taken as plain text, so any string is safe.
    """
    terms = _WORD.findall(query)[:_MAX_QUERY_TERMS]
    return " ".join(f'"{term}"' for term in terms) or None
