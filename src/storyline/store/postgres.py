"""The PostgreSQL store, for a database several users or processes share (the ``postgres``
extra: ``pip install 'storyline[postgres]'``, psycopg 3).

``open_store("postgresql://user:password@host:5432/dbname")`` opens it; any libpq URL works,
``?options=-csearch_path%3Dnews`` included (a schema per store). The user needs the right to
create tables in that schema and, once, the ``unaccent`` extension (trusted: a database
owner may create it; ask the administrator for ``CREATE EXTENSION unaccent`` otherwise).

* **Concurrency.** Each thread gets its own connection, opened on first use (as the SQLite
  file store). Outside :meth:`transaction` every call commits on its own; transactions nest
  as savepoints. Writers do not wait for each other as SQLite's do: two processes may ingest
  into one store at once (re-adding a raw input or an article is a no-op either way).
* **Schema.** Versioned in ``meta`` (``schema_version``); :data:`MIGRATIONS`
  (:mod:`storyline.store.postgres_schema`) are applied in one transaction under an advisory
  lock, so two processes opening a new database at once migrate it once.
* **Values.** The SQLite store's columns and encodings (:mod:`storyline.store.rows`), so both
  return the same records.
* **Search.** A generated ``tsvector`` column with a GIN index, title above body, case and
  accents folded; snippets by ``ts_headline``.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from storyline.errors import (
    ConfigError,
    MissingExtraError,
    NotFoundError,
    SchemaVersionError,
    StoreError,
)
from storyline.records import Article, Assignment, RawInput, Rejection, Story
from storyline.store.base import ArticleOrder, Store, StoryQuery
from storyline.store.postgres_schema import MIGRATIONS, SCHEMA_VERSION, SEARCH_CONFIG
from storyline.store.rows import (
    ARTICLE_COLUMNS,
    ASSIGNMENT_COLUMNS,
    LIGHT_COLUMNS,
    STORY_COLUMNS,
    article_values,
    assignment_values,
    fold,
    json_text,
    not_found,
    row_to_article,
    row_to_assignment,
    row_to_story,
    story_facets,
    story_values,
)

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as e:  # pragma: no cover - the extra is installed where this is tested
    raise MissingExtraError("the PostgreSQL store", "postgres") from e

__all__ = ["CONNECT_TIMEOUT_S", "MIGRATIONS", "SCHEMA_VERSION", "PostgresStore", "safe_url"]

# How long opening a connection may take before the store gives up.
CONNECT_TIMEOUT_S = 10
# Articles read per query by iter_articles (it yields them one at a time).
_ITER_CHUNK = 256
# At most this many words of a search query are used (as the SQLite store).
_MAX_QUERY_TERMS = 32
_WORD = re.compile(r"\w+")
# One lock id for every Storyline migration (pg_advisory_xact_lock takes a bigint).
_MIGRATION_LOCK = 0x5354_4F52_594C_494E  # "STORYLIN"
_WRITER_LOCK = _MIGRATION_LOCK + 1

_SELECT_ARTICLE = f"SELECT rid, {', '.join(ARTICLE_COLUMNS)} FROM articles"
_SELECT_LIGHT = (
    f"SELECT rid, {', '.join(LIGHT_COLUMNS.get(c, c) for c in ARTICLE_COLUMNS)} FROM articles"
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({c})s' for c in ARTICLE_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)
_UPDATE_ARTICLE = (
    f"UPDATE articles SET {', '.join(f'{c} = %({c})s' for c in ARTICLE_COLUMNS[1:])} "
    "WHERE id = %(id)s"
)
_ORDER_BY: dict[str, str] = {
    "published": "published_utc IS NULL, published_utc, seq, rid",
    "seq": "seq, rid",
}
_INSERT_ASSIGNMENT = (
    f"INSERT INTO assignments ({', '.join(ASSIGNMENT_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(ASSIGNMENT_COLUMNS))}) ON CONFLICT (article_id) DO UPDATE "
    f"SET {', '.join(f'{c} = excluded.{c}' for c in ASSIGNMENT_COLUMNS[1:])}"
)
_UPSERT_STORY = (
    f"INSERT INTO stories ({', '.join(STORY_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(STORY_COLUMNS))}) ON CONFLICT (id) DO UPDATE SET "
    f"{', '.join(f'{c} = excluded.{c}' for c in STORY_COLUMNS[1:])}, updated_at = now()"
)
_SELECT_STORY = f"SELECT {', '.join(STORY_COLUMNS)} FROM stories s"
# Undated stories last, as in the SQLite store (where NULL sorts first, so last when DESC).
_STORY_ORDER: dict[str, str] = {
    "updated": "s.last_reported_utc DESC NULLS LAST, s.id",
    "size": "s.n_articles DESC, s.last_reported_utc DESC NULLS LAST, s.id",
}
_FACET = (
    "EXISTS (SELECT 1 FROM story_facets f WHERE f.kind = %s AND f.value = %s AND f.story_id = s.id)"
)
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


class PostgresStore(Store):
    """A :class:`~storyline.store.base.Store` in a PostgreSQL database (``postgresql://``)."""

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
        if conn is None or conn.closed:
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
        except psycopg.DataError as e:
            raise StoreError(f"the store {self.display} refused a value: {e}") from e
        except psycopg.Error as e:
            raise StoreError(f"the store {self.display}: {e}") from e

    @contextmanager
    def _read(self) -> Iterator[psycopg.Connection[Any]]:
        with self._errors():
            yield self._connection()

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Connection[Any]]:
        """A transaction, or a savepoint inside the current one; undone on any exception."""
        with self._errors():
            conn = self._connection()
            with conn.transaction():
                yield conn

    def transaction(self) -> AbstractContextManager[None]:
        @contextmanager
        def block() -> Iterator[None]:
            with self._tx():
                yield

        return block()

    def writer_lock(self) -> AbstractContextManager[None]:
        """A session advisory lock, held on a connection of its own (so that it outlives any
        transaction of the holder's) until the block ends."""

        @contextmanager
        def held() -> Iterator[None]:
            with self._errors():
                conn = self._connect()
            try:
                with self._errors():
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

    # -- raw inputs --------------------------------------------------------------------------

    def add_raw(self, raw: RawInput) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO raw_inputs (sha256, path, media_type, size, content) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
                (raw.sha256, raw.path, raw.media_type, len(raw.content), raw.content),
            )
            return cursor.rowcount == 1

    def has_raw(self, sha256: str) -> bool:
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = %s", (sha256,)).fetchone()
            return row is not None

    def get_raw(self, sha256: str) -> RawInput:
        with self._read() as conn:
            row = conn.execute(
                "SELECT sha256, path, content, media_type FROM raw_inputs WHERE sha256 = %s",
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
    def _require_raw(conn: psycopg.Connection[Any], article: Article) -> None:
        found = conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = %s", (article.raw_id,))
        if found.fetchone() is not None:
            return
        raise StoreError(
            f"article {article.id}: its raw input {article.raw_id} is not in the store "
            "(add_raw() it first)"
        )

    def get_article(self, article_id: str, *, light: bool = False) -> Article:
        select = _SELECT_LIGHT if light else _SELECT_ARTICLE
        with self._read() as conn:
            row = conn.execute(f"{select} WHERE id = %s", (article_id,)).fetchone()
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
        # while iterating is safe and memory stays bounded.
        order_by = _ORDER_BY.get(order)
        if order_by is None:
            raise ConfigError(f"unknown article order {order!r}: use one of {sorted(_ORDER_BY)}")
        where, params = ("WHERE story_id = %s", (story_id,)) if story_id is not None else ("", ())
        with self._read() as conn:
            rows = conn.execute(f"SELECT rid FROM articles {where} ORDER BY {order_by}", params)
            rids = [row["rid"] for row in rows]
        return self._iter_rids(rids, _SELECT_LIGHT if light else _SELECT_ARTICLE)

    def _iter_rids(self, rids: list[int], select: str) -> Iterator[Article]:
        for start in range(0, len(rids), _ITER_CHUNK):
            chunk = rids[start : start + _ITER_CHUNK]
            with self._read() as conn:
                rows = conn.execute(f"{select} WHERE rid = ANY(%s)", (chunk,))
                by_rid = {row["rid"]: row for row in rows}
            for rid in chunk:
                if rid in by_rid:
                    yield row_to_article(by_rid[rid])

    def unassigned_articles(self) -> list[Article]:
        with self._read() as conn:
            rows = conn.execute("SELECT rid FROM articles WHERE story_id IS NULL ORDER BY seq")
            rids = [row["rid"] for row in rows]
        return list(self._iter_rids(rids, _SELECT_ARTICLE))

    def count_articles(self) -> int:
        return int(self._value("SELECT count(*) AS n FROM articles"))

    def next_seq(self) -> int:
        return int(self._value("SELECT coalesce(max(seq), 0) + 1 AS n FROM articles"))

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._read() as conn:
            row = conn.execute(sql, params).fetchone()
        assert row is not None
        return next(iter(row.values()))

    # -- rejections --------------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection, raw_sha256: str | None = None) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO rejections (path, entry, reason, raw_sha256) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (rejection.path, rejection.entry, rejection.reason, raw_sha256),
            )
            return cursor.rowcount == 1

    def rejections(self) -> list[Rejection]:
        with self._read() as conn:
            rows = conn.execute("SELECT path, reason, entry FROM rejections ORDER BY id")
            return [Rejection(row["path"], row["reason"], row["entry"]) for row in rows]

    # -- assignments -------------------------------------------------------------------------

    def save_assignment(self, assignment: Assignment) -> None:
        a = assignment
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE articles SET story_id = %s WHERE id = %s", (a.story_id, a.article_id)
            )
            if cursor.rowcount == 0:
                raise not_found(a.article_id)
            conn.execute(_INSERT_ASSIGNMENT, assignment_values(a))

    def save_assigned(self, assigned: Sequence[tuple[Article, Assignment]]) -> None:
        rows = []
        for article, assignment in assigned:
            row = article_values(article)
            row["story_id"] = assignment.story_id
            rows.append(row)
        values = [assignment_values(assignment) for _, assignment in assigned]
        with self._tx() as conn:
            for article, _ in assigned:
                self._require_raw(conn, article)
            with conn.cursor() as cursor:
                for row in rows:
                    if cursor.execute(_UPDATE_ARTICLE, row).rowcount == 0:
                        raise not_found(row["id"])
                cursor.executemany(_INSERT_ASSIGNMENT, values)

    def assignments(self, story_id: str | None = None) -> list[Assignment]:
        where, params = ("WHERE s.story_id = %s", (story_id,)) if story_id else ("", ())
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
            return [row["story_id"] for row in rows]

    def story_article_ids(self, story_id: str) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT id FROM articles WHERE story_id = %s ORDER BY {_ORDER_BY['published']}",
                (story_id,),
            )
            return [row["id"] for row in rows]

    # -- story summaries ---------------------------------------------------------------------

    def put_story(self, story: Story) -> None:
        with self._tx() as conn:
            conn.execute(_UPSERT_STORY, story_values(story))
            conn.execute("DELETE FROM story_facets WHERE story_id = %s", (story.id,))
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO story_facets (story_id, kind, value) VALUES (%s, %s, %s)",
                    story_facets(story),
                )

    def delete_story(self, story_id: str) -> bool:
        with self._tx() as conn:
            return conn.execute("DELETE FROM stories WHERE id = %s", (story_id,)).rowcount == 1

    def get_story(self, story_id: str) -> Story:
        with self._read() as conn:
            row = conn.execute(f"{_SELECT_STORY} WHERE s.id = %s", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no story with id {story_id!r}; list the stories with `storyline stories`"
            )
        return row_to_story(row)

    def count_stories(self) -> int:
        return int(self._value("SELECT count(*) AS n FROM stories"))

    def story_summaries(self, query: StoryQuery = StoryQuery()) -> tuple[int, list[Story]]:
        order_by = _STORY_ORDER[query.sort]  # StoryQuery checked the sort
        where, params = _story_filter(query)
        with self._read() as conn:
            total = conn.execute(f"SELECT count(*) AS n FROM stories s {where}", params)
            n = int(total.fetchone()["n"])  # type: ignore[index]
            rows = conn.execute(
                f"{_SELECT_STORY} {where} ORDER BY {order_by} LIMIT %s OFFSET %s",
                [*params, query.limit, query.offset],
            ).fetchall()
        return n, [row_to_story(row) for row in rows]

    # -- learned state and derived per-article data ------------------------------------------

    def put_state(self, name: str, state: dict[str, Any]) -> None:
        if not isinstance(state, dict):
            raise StoreError(f"state {name!r}: expected a dict, got {type(state).__name__}")
        value = json_text(state, f"state {name!r}")
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO state (name, value) VALUES (%s, %s) ON CONFLICT (name) "
                "DO UPDATE SET value = excluded.value, updated_at = now()",
                (name, value),
            )

    def get_state(self, name: str) -> dict[str, Any] | None:
        return self._json_value("SELECT value FROM state WHERE name = %s", name)

    def put_analysis(self, article_id: str, data: dict[str, Any]) -> None:
        if not isinstance(data, dict):
            raise StoreError(
                f"analysis of {article_id}: expected a dict, got {type(data).__name__}"
            )
        value = json_text(data, f"analysis of {article_id}")
        with self._tx() as conn:
            found = conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,))
            if found.fetchone() is None:
                raise not_found(article_id)
            conn.execute(
                "INSERT INTO analyses (article_id, value) VALUES (%s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET value = excluded.value, "
                "updated_at = now()",
                (article_id, value),
            )

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        return self._json_value("SELECT value FROM analyses WHERE article_id = %s", article_id)

    def _json_value(self, sql: str, key: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(sql, (key,)).fetchone()
        if row is None:
            return None
        value: dict[str, Any] = json.loads(row["value"])
        return value

    def latest_published(self) -> datetime | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT published FROM articles WHERE published_utc IS NOT NULL "
                "ORDER BY published_utc DESC, seq DESC, rid DESC LIMIT 1"
            ).fetchone()
        return None if row is None else datetime.fromisoformat(row["published"])

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        words = " ".join(_WORD.findall(query)[:_MAX_QUERY_TERMS])
        if not words or limit <= 0:
            return []
        with self._read() as conn:
            rows = conn.execute(_SEARCH, {"words": words, "limit": limit}).fetchall()
        return [(row["id"], _mark_cuts(row)) for row in rows]


# The best matches by rank first, then the snippets of those alone (a headline costs far more
# than a rank). The snippet comes from the body when the body matches, else from the title.
_SEARCH = f"""
WITH q AS (SELECT plainto_tsquery('{SEARCH_CONFIG}', %(words)s) AS q),
top AS (
    SELECT a.rid, ts_rank(a.search, q.q) AS rank FROM articles a, q
    WHERE a.search @@ q.q ORDER BY rank DESC, a.rid LIMIT %(limit)s)
SELECT a.id, x.body_hit, left(x.source, 80) AS head, right(x.source, 80) AS tail,
    ts_headline('{SEARCH_CONFIG}', x.source, q.q, '{_HEADLINE_OPTIONS}') AS snippet
FROM top JOIN articles a ON a.rid = top.rid CROSS JOIN q
CROSS JOIN LATERAL (
    SELECT b.body_hit, CASE WHEN b.body_hit THEN b.body ELSE coalesce(a.title, '') END AS source
    FROM (SELECT {_BODY} AS body,
          to_tsvector('{SEARCH_CONFIG}', {_BODY}) @@ q.q AS body_hit) b) x
ORDER BY top.rank DESC, top.rid
"""


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


def _story_filter(query: StoryQuery) -> tuple[str, list[Any]]:
    """The WHERE clause of the story filters (see the SQLite store's, which this mirrors)."""
    terms: list[str] = []
    params: list[Any] = []
    if query.language is not None:
        terms.append(_FACET)
        params += ["language", fold(query.language)]
    if query.source is not None:
        terms.append(_FACET)
        params += ["source", fold(query.source)]
    if query.since is not None or query.until is not None:
        terms.append("s.first_reported IS NOT NULL AND s.last_reported IS NOT NULL")
    if query.since is not None:
        terms.append("substr(s.last_reported, 1, 10) >= %s")
        params.append(query.since.isoformat())
    if query.until is not None:
        terms.append("substr(s.first_reported, 1, 10) <= %s")
        params.append(query.until.isoformat())
    return (f"WHERE {' AND '.join(terms)}" if terms else ""), params
