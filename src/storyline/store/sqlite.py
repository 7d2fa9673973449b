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
* **Compression** (schema 5). A raw input is kept zlib-compressed when that makes it shorter
  (then its ``content`` is shorter than its ``size``; gzip inputs are kept as they came), and
  given back byte for byte; the learned state and the analyses are zlib-compressed JSON
  (BLOB). Rows written before schema 5 (plain bytes, JSON text) are read as they are. HTML
  pages are most of a store's bytes without it (the 181 pages of the extraction benchmark:
  31.5 MB raw, 31.7 MB of raw_inputs in a 42.3 MB store; benchmarks/storage.py).
* **Analyses.** ``put_analysis``/``get_analysis`` keep one JSON dict per article (the
  extraction cache of :mod:`storyline.knowledge`), deleted with its article.
* **Stories.** One summary row per story (``put_story``), filtered, sorted and paged in SQL
  by ``story_summaries``.
* **Statements.** Those that read and write the records are the PostgreSQL store's too
  (:mod:`storyline.store.sql`); this module opens the file, lends connections, runs
  transactions, and searches.
* **Search.** An FTS5 table over title and text (the raw text until cleaning fills ``text``),
  kept in sync by triggers; case and accents are folded. A second one (schema 10; no copy of
  the text since schema 11) holds the latest
  :data:`~storyline.store.sqlite_schema.SEARCH_WINDOW` articles: a search's latest matches are
  ranked there when it holds enough of them, so that ranking (bm25 counts each word's
  articles) costs the same in a store of any size (:mod:`storyline.store.sqlite_search`).
* **Read-only.** ``read_only=True`` opens an existing file with SQLite's ``mode=ro`` (and
  ``immutable=1`` where the folder is read-only, so SQLite cannot make the ``-shm`` file a
  reader of a WAL database needs): no journal mode is set, nothing is migrated, every write
  raises :class:`~storyline.errors.StoreReadOnlyError` and the analysis cache is not filled.
  ``read_only="auto"`` does so only when the file or its folder cannot be written (a shared
  archive, a read-only volume); otherwise the store opens as usual (an older schema is then
  upgraded). A write-mode open of a store that cannot be written raises
  :class:`~storyline.errors.StoreReadOnlyError`, saying why and how to fix it, before SQLite
  tries to write.
"""

from __future__ import annotations

import gc
import os
import re
import sqlite3
import threading
import weakref
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any, Literal

from storyline.errors import SchemaVersionError, StoreError, StoreReadOnlyError, StoreValueError
from storyline.store import sqlite_search
from storyline.store.base import SearchResult
from storyline.store.rows import search_terms
from storyline.store.sql import SqlStore
from storyline.store.sqlite_schema import MIGRATIONS, NOW_SQL, SCHEMA_VERSION
from storyline.store.sqlite_search import fts_phrase

__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ReadOnly",
    "SQLiteStore",
    "fts_query",
]

# How long a writer waits for another writer before giving up with "database is locked".
BUSY_TIMEOUT_S = 30.0


_WORD = re.compile(r"\w+")

# zlib levels. Raw inputs are written once and kept: level 6 (the 181 benchmark pages, 31.5 MB
# of HTML: 6.2 MB at level 6 in 1.3 s, 7.4 MB at level 1 in 0.4 s, 6.2 MB at 9 in 1.6 s on
# this 2-core VM, against about 55 s to ingest them). State and analyses are rewritten as
# stories grow: level 1 (their 6.1 MB of JSON: 1.41 MB at 1 in 0.07 s, 1.21 MB at 6 in 0.21 s).
_RAW_LEVEL = 6
_JSON_LEVEL = 1
_GZIP_MAGIC = b"\x1f\x8b"

#: ``read_only`` of :class:`SQLiteStore` and ``open_store``: True, False, or ``"auto"`` (only
#: when the store cannot be written).
ReadOnly = bool | Literal["auto"]


class _Connection:
    """One sqlite3 connection and its transaction depth (weakly tracked for close())."""

    __slots__ = ("__weakref__", "conn", "depth")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth = 0


class SQLiteStore(SqlStore):
    """The default :class:`~storyline.store.base.Store`: one SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: ReadOnly = False) -> None:
        self.in_memory = str(path) in ("", ":memory:")
        self.path = ":memory:" if self.in_memory else str(Path(path).expanduser())
        # Reading needs a file to read: a missing one is created (empty) as by a writer.
        exists = not self.in_memory and os.path.exists(self.path)
        unwritable = None if self.in_memory else _unwritable(self.path)
        wanted = read_only is True or (read_only == "auto" and unwritable is not None)
        self.read_only = exists and wanted
        self._uri: str | None = None
        self._closed = False
        self._local = threading.local()
        self._connections: weakref.WeakSet[_Connection] = weakref.WeakSet()
        self._connections_lock = threading.Lock()
        # In memory there is one connection for every thread, lent under this lock.
        self._lock: AbstractContextManager[Any] = (
            threading.RLock() if self.in_memory else nullcontext()
        )
        self._shared: _Connection | None = None
        if self.read_only:
            self._uri = self._read_only_uri()
        elif not self.in_memory:
            self._make_parent()
            if unwritable := _unwritable(self.path):  # the folder may be new
                raise StoreReadOnlyError(self._cannot_write(unwritable))
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

    now_sql = NOW_SQL
    _no_limit = -1  # LIMIT -1: no limit

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    # -- opening -----------------------------------------------------------------------------

    def _make_parent(self) -> None:
        parent = Path(self.path).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the directory {parent} for the store: {e}") from e

    def _read_only_uri(self) -> str:
        """``mode=ro``, or ``mode=ro&immutable=1`` where SQLite cannot make the ``-shm`` file
        a reader of a WAL database needs (a read-only folder) and no ``-wal`` holds changes."""
        uri = Path(self.path).absolute().as_uri() + "?mode=ro"
        probe = sqlite3.connect(uri, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return uri
        except sqlite3.Error as e:
            if getattr(e, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
                raise self._open_error(e) from e
        finally:
            probe.close()
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreReadOnlyError(
                f"cannot read the store {self.path}: its write-ahead log {wal} holds changes "
                "SQLite can only read with write access to the folder (for the -shm file). "
                "Copy the store with its -wal file somewhere writable and pass that with --db, "
                "or open it once where it is writable (that folds the log into the file)"
            )
        return uri + "&immutable=1"

    def _cannot_write(self, why: str) -> str:
        name = Path(self.path).name
        return (
            f"the store {self.path} cannot be written: {why}. Writing (ingest, run, serve with "
            "a write token) needs write access to the file and its folder (SQLite keeps "
            f"{name}-wal and {name}-shm beside it): make them writable (chmod u+w, or mount "
            "the volume read-write), or copy the file somewhere writable and pass that with "
            "--db. Reading (stories, show, search, entities, expectations, serve without a "
            "write token) works on it as it is"
        )

    def _connect(self) -> _Connection:
        try:
            conn = sqlite3.connect(
                self._uri or self.path,
                uri=self._uri is not None,
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
        name = getattr(error, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB":
            return StoreError(
                f"{self.path} is not a SQLite database, so not a Storyline store: give another path"
            )
        if name.startswith("SQLITE_READONLY"):
            return StoreReadOnlyError(self._cannot_write(f"SQLite says: {error}"))
        return StoreError(f"cannot open the store {self.path}: {error}")

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Check the file is a Storyline database, not a newer one; WAL on; migrate."""
        try:
            version = self._schema_version(conn)
            if self.read_only:
                if version < SCHEMA_VERSION:
                    self._upgrade_elsewhere(version)
                return
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

    def _upgrade_elsewhere(self, version: int) -> None:
        """An older schema, opened read-only: upgrade it through a writing connection if the
        file can be written (``read_only=True`` on a writable file), else say what to do."""
        if why := _unwritable(self.path):
            raise StoreReadOnlyError(
                f"the store {self.path} was written by an older Storyline (schema {version}; "
                f"this one reads {SCHEMA_VERSION}) and cannot be upgraded here: {why}. Run any "
                "storyline command on it once where it is writable, or copy it somewhere "
                "writable and pass that with --db"
            )
        SQLiteStore(self.path).close()

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
        except (sqlite3.DataError, UnicodeEncodeError) as e:  # too big, or not UTF-8-able
            raise StoreValueError(f"the store {self.path} refused a value: {e}") from e
        except sqlite3.Error as e:
            name = getattr(e, "sqlite_errorname", "")
            if name.startswith("SQLITE_READONLY"):  # e.g. a volume remounted read-only
                raise StoreReadOnlyError(self._cannot_write(f"SQLite says: {e}")) from e
            if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
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
        if self.read_only:
            why = _unwritable(self.path) or "it was opened for reading only"
            raise StoreReadOnlyError(self._cannot_write(why))
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

    def writer_lock(
        self, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """An exclusive ``flock`` on ``<store file>.write-lock`` beside the file (in memory:
        nothing; where flock is missing or the folder is read-only: nothing either)."""
        if self.in_memory or self.read_only:
            return nullcontext()
        return _file_lock(f"{self.path}.write-lock", on_wait)

    def sidecar_path(self, suffix: str) -> Path | None:
        """``<store file><suffix>`` (None in memory or read-only)."""
        if self.in_memory or self.read_only:
            return None
        return Path(f"{self.path}{suffix}")

    def close(self) -> None:
        if self._closed:
            return
        current: _Connection | None = self._shared or getattr(self._local, "connection", None)
        if current is not None and current.depth == 0 and not self.read_only:
            with suppress(sqlite3.Error):  # only an optimisation
                current.conn.execute("PRAGMA optimize")
        self._closed = True
        # A thread that read the store and ended (the pipeline's helper thread) can leave its
        # connection in a reference cycle, alive but no longer tracked: collected now, it
        # closes, so the last close below checkpoints the WAL into the file.
        gc.collect()
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

    # -- compression (see the module docstring) ---------------------------------------------

    def _pack_raw(self, content: bytes) -> bytes:
        if content.startswith(_GZIP_MAGIC):  # compressed already: zlib would only cost time
            return content
        packed = zlib.compress(content, _RAW_LEVEL)
        return packed if len(packed) < len(content) else content

    def _unpack_raw(self, stored: bytes, size: int) -> bytes:
        try:
            content = zlib.decompress(stored) if len(stored) < size else stored
        except zlib.error:
            content = b""
        if len(content) != size:
            raise StoreError(
                f"the store {self.path} holds a damaged raw input ({len(content)} bytes where "
                f"{size} were stored): restore the file from a copy"
            )
        return content

    def _pack_json(self, text: str) -> Any:
        return zlib.compress(text.encode("utf-8"), _JSON_LEVEL)

    def _unpack_json(self, stored: Any) -> str | bytes:
        return zlib.decompress(stored) if isinstance(stored, bytes) else stored

    def put_analysis(self, article_id: str, data: dict[str, Any]) -> None:
        """As :meth:`Store.put_analysis`; a read-only store keeps no cache (nothing is written:
        the caller computed the analysis and uses it)."""
        if not self.read_only:
            super().put_analysis(article_id, data)

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        return self.search_result(query, limit).hits

    def search_result(self, query: str, limit: int = 20) -> SearchResult:
        """As :meth:`Store.search_result`: ranked in the window of the latest articles, or
        over every article, or capped (:func:`~storyline.store.sqlite_search.search`)."""
        terms = search_terms(_WORD.findall(query))
        if not terms or limit <= 0:
            return SearchResult([])
        with self._lock:
            try:
                conn = self._connection().conn
                result = sqlite_search.search(conn, terms, limit)
            except sqlite3.OperationalError as e:
                # fts_query() quotes every term, so this should not happen; if the query is
                # still not valid FTS5 syntax, it matches nothing.
                if getattr(e, "sqlite_errorname", "") == "SQLITE_ERROR":
                    return SearchResult([])
                raise StoreError(f"the store {self.path}: {e}") from e
            except sqlite3.Error as e:
                raise StoreError(f"the store {self.path}: {e}") from e
        return result


def _unwritable(path: str) -> str | None:
    """Why a store file cannot be written (a read-only file, folder or volume), or None.

    ``os.access`` honours read-only mounts for every user; root passes permission bits (and
    can indeed write then). SQLite also needs the folder, for the ``-wal`` and ``-shm`` files,
    unless both exist and can be written."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder) and _read_only_volume(folder):
        return f"it is on a read-only volume ({folder})"
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return "the file is read-only to this user"
    side_files = [f"{path}-wal", f"{path}-shm"]
    folder_unwritable = os.path.isdir(folder) and not os.access(folder, os.W_OK | os.X_OK)
    if folder_unwritable and not all(os.access(side, os.W_OK) for side in side_files):
        return f"its folder {folder} is read-only to this user"
    return None


def _read_only_volume(folder: str) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs (Windows)
        return False


@contextmanager
def _file_lock(path: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    try:
        import fcntl

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):  # no flock here (or no write access): no lock
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another writer holds it: say so, then wait
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the flock


def fts_query(query: str) -> str | None:
    """A user's words as an FTS5 query: each word quoted (so no syntax), all required.

    None when the query has no word. Operators (``AND``, ``NEAR``, ``*``, ``"``, ``:``) are
    taken as plain text, so any string is safe.
    """
    terms = search_terms(_WORD.findall(query))
    return " ".join(fts_phrase(term) for term in terms) or None
