"""The PostgreSQL store, for a database several users or processes share (the ``postgres``
extra: ``pip install 'storyline[postgres]'``, psycopg 3).

``open_store("postgresql://user:password@host:5432/dbname")`` opens it; any libpq URL works,
``?options=-csearch_path%3Dnews`` included (a schema per store). The user needs the right to
create tables in that schema and, once, the ``unaccent`` extension (trusted: a database
owner may create it; ask the administrator for ``CREATE EXTENSION unaccent`` otherwise).

* **Concurrency.** Each thread gets its own connection, opened on first use (as the SQLite
  file store). Outside :meth:`transaction` every call commits on its own; transactions nest
  as savepoints. Readers never wait; writes of different connections wait only on the rows
  they share. Ingests take turns through :meth:`writer_lock` (a session advisory lock), as
  each clusters against every story stored before it.
* **Schema.** Versioned in ``meta`` (``schema_version``); :data:`MIGRATIONS`
  (:mod:`storyline.store.postgres_schema`) are applied in one transaction under an advisory
  lock, so two processes opening a new database at once migrate it once.
* **Values.** The SQLite store's columns and encodings (:mod:`storyline.store.rows`), so both
  return the same records.
* **Search.** A generated ``tsvector`` column with a GIN index, title above body, case and
  accents folded, over the first SEARCH_BODY_CHARS characters of a body (a tsvector holds
  at most 1 MB); snippets by ``ts_headline``.
* **Limits.** Values PostgreSQL cannot hold (a NUL, a lone surrogate, an oversized index
  entry) raise :class:`~storyline.errors.StoreValueError`; ingest rejects that input.
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from storyline.errors import (
    ConfigError,
    MissingExtraError,
    SchemaVersionError,
    StoreError,
    StoreValueError,
)
from storyline.store.postgres_schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SEARCH_BODY_CHARS,
    SEARCH_CONFIG,
)
from storyline.store.rows import SEARCH_RANKED, search_terms
from storyline.store.sql import SqlStore

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as e:  # pragma: no cover - the extra is installed where this is tested
    raise MissingExtraError("the PostgreSQL store", "postgres") from e

__all__ = ["CONNECT_TIMEOUT_S", "MIGRATIONS", "SCHEMA_VERSION", "PostgresStore", "safe_url"]

# How long opening a connection may take before the store gives up.
CONNECT_TIMEOUT_S = 10
_WORD = re.compile(r"\w+")
# One lock id for every Storyline migration (pg_advisory_xact_lock takes a bigint).
_MIGRATION_LOCK = 0x5354_4F52_594C_494E  # "STORYLIN"
_WRITER_LOCK = _MIGRATION_LOCK + 1

_BODY = "CASE WHEN a.text <> '' THEN a.text ELSE a.raw_text END"
_HEADLINE_OPTIONS = (
    "StartSel=**, StopSel=**, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…"
)


def safe_url(url: str) -> str:
    """The URL with its password replaced by ``***``: what messages and ``repr`` show."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


class PostgresStore(SqlStore):
    """A :class:`~storyline.store.base.Store` in a PostgreSQL database (``postgresql://``)."""

    now_sql = "now()"

    def __init__(self, url: str) -> None:
        self.url = url
        self.display = safe_url(url)
        self._closed = False
        self._local = threading.local()
        self._connections: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
        self._connections_lock = threading.Lock()
        conn = self._connection()
        try:
            self._prepare(conn)
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({self.display!r})"

    # -- opening -----------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.ProgrammingError as e:  # an invalid URL or option
            raise ConfigError(f"cannot read the PostgreSQL URL {self.display}: {e}") from None
        except psycopg.Error as e:
            raise StoreError(
                f"cannot connect to the PostgreSQL store {self.display}: {e}".strip()
            ) from None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._closed:
            raise StoreError(f"the store {self.display} is closed")
        conn: psycopg.Connection[Any] | None = getattr(self._local, "connection", None)
        if conn is None or conn.closed:  # a connection the server cut is closed: reconnect
            conn = self._connect()
            self._local.connection = conn
            with self._connections_lock:
                self._connections.add(conn)
        return conn

    def _prepare(self, conn: psycopg.Connection[Any]) -> None:
        """Check the schema is a Storyline store's, not a newer one; migrate it."""
        with self._errors():
            if self._schema_version(conn) < SCHEMA_VERSION:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    # Read again under the lock: another process may have migrated meanwhile.
                    version = self._schema_version(conn)
                    for statements in MIGRATIONS[version:]:
                        for statement in statements:
                            if "{unaccent}" in statement:
                                statement = statement.format(unaccent=_unaccent(conn))
                            conn.execute(statement)
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (str(SCHEMA_VERSION),),
                    )

    def _schema_version(self, conn: psycopg.Connection[Any]) -> int:
        row = conn.execute("SELECT current_schema() AS name").fetchone()
        if row is None or row["name"] is None:
            raise StoreError(
                f"{self.display}: its search_path names no schema that exists; create it "
                "(CREATE SCHEMA name) or give another"
            )
        tables = {
            row["tablename"]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
        version: int | None = 0
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            value = None if row is None else str(row["value"])
            version = int(value) if value is not None and value.isdigit() else None
        elif tables:
            version = None
        if version is None:
            raise StoreError(
                f"{self.display} holds tables that are not a Storyline store's "
                f"({', '.join(sorted(tables))}; no schema version): give another database "
                "or schema (?options=-csearch_path%3Dname)"
            )
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.display} was written by a newer Storyline (schema {version}, this one "
                f"knows {SCHEMA_VERSION}): upgrade storyline (pip install -U storyline)"
            )
        return version

    # -- connections and transactions --------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.errors.UndefinedFile as e:  # contrib is not installed on the server
            raise StoreError(
                f"the store {self.display} needs PostgreSQL's unaccent extension (contrib): "
                f"install it on the server ({e})"
            ) from e
        except psycopg.errors.InsufficientPrivilege as e:
            raise StoreError(
                f"the store {self.display}: permission denied ({e}); the user needs the right "
                "to create tables and, once, the unaccent extension (CREATE EXTENSION unaccent)"
            ) from e
        except (psycopg.DataError, psycopg.errors.ProgramLimitExceeded, UnicodeEncodeError) as e:
            raise StoreValueError(f"the store {self.display} refused a value: {e}") from e
        except psycopg.Error as e:
            raise StoreError(f"the store {self.display}: {e}") from e

    @contextmanager
    def _read(self) -> Iterator[_Connection]:
        with self._errors():
            yield _Connection(self._connection())

    @contextmanager
    def _tx(self) -> Iterator[_Connection]:
        """A transaction, or a savepoint inside the current one; undone on any exception."""
        with self._errors():
            conn = self._connection()
            with conn.transaction():
                yield _Connection(conn)

    def writer_lock(
        self, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """A session advisory lock, held on a connection of its own (so that it outlives any
        transaction of the holder's) until the block ends."""

        @contextmanager
        def held() -> Iterator[None]:
            with self._errors():
                conn = self._connect()
            try:
                with self._errors():
                    row = conn.execute(
                        "SELECT pg_try_advisory_lock(%s) AS taken", (_WRITER_LOCK,)
                    ).fetchone()
                    if not (row and row["taken"]):
                        if on_wait is not None:
                            on_wait()
                        conn.execute("SELECT pg_advisory_lock(%s)", (_WRITER_LOCK,))
                yield
            finally:
                conn.close()  # ending the session releases the lock

        return held()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            conn.close()

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        words = " ".join(search_terms(_WORD.findall(query)))
        if not words or limit <= 0:
            return []
        with self._errors():
            rows = self._connection().execute(_SEARCH, {"words": words, "limit": limit}).fetchall()
        return [(row["id"], _mark_cuts(row)) for row in rows]


# The best matches by rank first, then the snippets of those alone (a headline costs far more
# than a rank). The snippet comes from the body when the body matches (its lexemes are the
# search vector's weight B: no second parse), else from the title.
_SEARCH = f"""
WITH q AS (SELECT plainto_tsquery('{SEARCH_CONFIG}', %(words)s) AS q),
latest AS (
    SELECT a.rid, a.search FROM articles a, q
    WHERE a.search @@ q.q ORDER BY a.rid DESC LIMIT {SEARCH_RANKED}),
top AS (
    SELECT latest.rid, ts_rank(latest.search, q.q) AS rank FROM latest, q
    ORDER BY rank DESC, latest.rid LIMIT %(limit)s)
SELECT a.id, x.body_hit, left(x.source, 80) AS head, right(x.source, 80) AS tail,
    ts_headline('{SEARCH_CONFIG}', x.source, q.q, '{_HEADLINE_OPTIONS}') AS snippet
FROM top JOIN articles a ON a.rid = top.rid CROSS JOIN q
CROSS JOIN LATERAL (
    SELECT b.body_hit, CASE WHEN b.body_hit THEN b.body ELSE coalesce(a.title, '') END AS source
    FROM (SELECT left({_BODY}, {SEARCH_BODY_CHARS}) AS body,
          ts_filter(a.search, '{{b}}') @@ q.q AS body_hit) b) x
ORDER BY top.rank DESC, top.rid
"""


class _Connection:
    """A psycopg connection as the shared SQL (storyline.store.sql) uses one: ``?`` for
    ``%s`` (that SQL holds no other ``?`` and no ``%``)."""

    __slots__ = ("conn",)

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        return self.conn.execute(_placeholders(sql), parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor[Any]:
        cursor = self.conn.cursor()
        cursor.executemany(_placeholders(sql), parameters)
        return cursor


@functools.lru_cache(maxsize=256)
def _placeholders(sql: str) -> str:
    return sql.replace("?", "%s")


def _unaccent(conn: psycopg.Connection[Any]) -> str:
    """The unaccent dictionary, named with its extension's schema (quoted)."""
    row = conn.execute(
        "SELECT quote_ident(n.nspname) AS schema FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
    ).fetchone()
    if row is None:
        raise StoreError("the unaccent extension is not installed: CREATE EXTENSION unaccent")
    return f"{row['schema']}.unaccent"


def _mark_cuts(row: dict[str, Any]) -> str:
    """The snippet with ``…`` where it cuts its text, as the SQLite store's snippets."""
    snippet: str = row["snippet"]
    plain = snippet.replace("**", "").strip()
    if not plain:
        return snippet
    out = snippet.strip()
    if not str(row["head"]).lstrip().startswith(plain[:20]):
        out = "…" + out
    if not str(row["tail"]).rstrip().endswith(plain[-20:]):
        out = out + "…"
    return out
