"""What the SQL backends share: every :class:`Store` method written once in portable SQL.

SQLite (:mod:`storyline.store.sqlite`) and PostgreSQL (:mod:`storyline.store.postgres`) keep
the same tables, columns and encodings (:mod:`storyline.store.rows`), so the statements that
read and write them are the same too. The SQL here uses ``?`` placeholders and reads rows by
column name; a backend supplies its connections (:meth:`SqlStore._read`, :meth:`SqlStore._tx`,
each yielding a :class:`SqlConnection`), the expression of the current time, its search, and
everything about opening, transactions and errors.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from storyline.errors import ConfigError, NotFoundError, StoreError, StoreValueError
from storyline.records import Article, Assignment, RawInput, Rejection, Source, Story, storable
from storyline.store import knowledge_index
from storyline.store.base import (
    ArticleOrder,
    EntityTotal,
    Store,
    StoryEntity,
    StoryExpectation,
    StoryQuery,
)
from storyline.store.rows import (
    ARTICLE_COLUMNS,
    ASSIGNMENT_COLUMNS,
    BRIEF_COLUMNS,
    LIGHT_COLUMNS,
    SOURCE_COLUMNS,
    STORY_COLUMNS,
    article_values,
    assignment_values,
    fold,
    json_text,
    not_found,
    row_to_article,
    row_to_assignment,
    row_to_source,
    row_to_story,
    source_values,
    story_facets,
    story_values,
    utc_text,
)

__all__ = ["ITER_CHUNK", "SqlConnection", "SqlCursor", "SqlStore"]

# Articles read per query by iter_articles (it yields them one at a time).
ITER_CHUNK = 256

_SELECT_ARTICLE = f"SELECT rid, {', '.join(ARTICLE_COLUMNS)} FROM articles"
# The same rows without the two big columns (iter_articles(light=True)).
_SELECT_LIGHT = (
    f"SELECT rid, {', '.join(LIGHT_COLUMNS.get(c, c) for c in ARTICLE_COLUMNS)} FROM articles"
)
_SELECT_BRIEF = (
    f"SELECT rid, {', '.join(BRIEF_COLUMNS.get(c, c) for c in ARTICLE_COLUMNS)} FROM articles"
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))}) ON CONFLICT (id) DO NOTHING"
)
_UPDATE_ARTICLE = (
    f"UPDATE articles SET {', '.join(f'{c} = ?' for c in ARTICLE_COLUMNS[1:])} WHERE id = ?"
)
# save_assigned leaves raw_text as stored: no stage changes it, and rewriting it cost a copy
# of the whole input per article (a 45 MB text: ~300 MB more at the peak of an ingest).
_ASSIGNED_COLUMNS = tuple(c for c in ARTICLE_COLUMNS[1:] if c != "raw_text")
_UPDATE_ASSIGNED = (
    f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _ASSIGNED_COLUMNS)} WHERE id = ?"
)
# Dated articles first, by UTC date; then by ingest order.
_ORDER_BY: dict[str, str] = {
    "published": "published_utc IS NULL, published_utc, seq, rid",
    "seq": "seq, rid",
}
_INSERT_ASSIGNMENT = (
    f"INSERT INTO assignments ({', '.join(ASSIGNMENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(ASSIGNMENT_COLUMNS))}) ON CONFLICT (article_id) DO UPDATE "
    f"SET {', '.join(f'{c} = excluded.{c}' for c in ASSIGNMENT_COLUMNS[1:])}"
)
_SELECT_STORY = f"SELECT {', '.join(STORY_COLUMNS)} FROM stories s"
# Undated stories last.
_STORY_ORDER: dict[str, str] = {
    "updated": "s.last_reported_utc DESC NULLS LAST, s.id",
    "size": "s.n_articles DESC, s.last_reported_utc DESC NULLS LAST, s.id",
}
_FACET = (
    "EXISTS (SELECT 1 FROM story_facets f WHERE f.kind = ? AND f.value = ? AND f.story_id = s.id)"
)


class SqlCursor(Protocol):
    """What the shared code uses of a DB-API cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class SqlConnection(Protocol):
    """What the shared code uses of a connection: ``?`` placeholders, rows read by name."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> SqlCursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> SqlCursor: ...


def _json_dict(value: Any, what: str) -> str:
    """A dict (learned state, an analysis) as JSON text; StoreError for anything else."""
    if not isinstance(value, dict):
        raise StoreError(f"{what}: expected a dict, got {type(value).__name__}")
    return json_text(value, what)


def _positional(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """An article row's values in ARTICLE_COLUMNS order (for _INSERT_ARTICLE)."""
    return tuple(values[c] for c in ARTICLE_COLUMNS)


def _update_values(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """An article row's values for _UPDATE_ARTICLE: every column but the id, then the id."""
    return (*(values[c] for c in ARTICLE_COLUMNS[1:]), values["id"])


class SqlStore(Store):
    """The shared implementation of the SQL backends (see the module docstring)."""

    #: The SQL expression of the current time in the bookkeeping columns.
    now_sql: str = "CURRENT_TIMESTAMP"
    #: What LIMIT takes for "no limit" (PostgreSQL: NULL; SQLite: -1).
    _no_limit: int | None = None

    @abstractmethod
    def _read(self) -> AbstractContextManager[SqlConnection]:
        """A connection to read with (each statement commits on its own)."""

    @abstractmethod
    def _tx(self) -> AbstractContextManager[SqlConnection]:
        """A transaction, or a savepoint inside the current one; undone on any exception."""

    @contextmanager
    def _block(self) -> Iterator[None]:
        with self._tx():
            yield

    def transaction(self) -> AbstractContextManager[None]:
        return self._block()

    # How values are kept: as they are here; the SQLite store compresses (PostgreSQL compresses
    # large values itself, TOAST).
    def _pack_raw(self, content: bytes) -> bytes:
        """A raw input's bytes as stored (``len(content)`` is stored beside them as ``size``)."""
        return content

    def _unpack_raw(self, stored: bytes, size: int) -> bytes:
        """The raw input's bytes from what :meth:`_pack_raw` stored."""
        return stored

    def _pack_json(self, text: str) -> Any:
        """A JSON value (state, an analysis) as stored."""
        return text

    def _unpack_json(self, stored: Any) -> str | bytes:
        """The JSON text from what :meth:`_pack_json` stored."""
        return stored

    def _value(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first column of the first row of a query that always returns one."""
        with self._read() as conn:
            row = conn.execute(sql, parameters).fetchone()
        return row["v"]

    # -- raw inputs --------------------------------------------------------------------------

    def add_raw(self, raw: RawInput) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO raw_inputs (sha256, path, media_type, size, content) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                (
                    raw.sha256,
                    raw.path,
                    raw.media_type,
                    len(raw.content),
                    self._pack_raw(raw.content),
                ),
            )
            return cursor.rowcount == 1

    def has_raw(self, sha256: str) -> bool:
        with self._read() as conn:
            row = conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (sha256,)).fetchone()
            return row is not None

    def get_raw(self, sha256: str) -> RawInput:
        with self._read() as conn:
            row = conn.execute(
                "SELECT sha256, path, size, content, media_type FROM raw_inputs WHERE sha256 = ?",
                (sha256,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no raw input with sha256 {sha256}")
        content = self._unpack_raw(bytes(row["content"]), row["size"])
        return RawInput(row["sha256"], row["path"], content, row["media_type"])

    # -- articles ----------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        values = _positional(article_values(article))
        with self._tx() as conn:
            self._require_raw(conn, article)
            return conn.execute(_INSERT_ARTICLE, values).rowcount == 1

    def add_articles(self, articles: Sequence[Article]) -> int:
        """One raw-input check and one batched insert, not a savepoint, a check and an
        insert per article (an ingest stores a file's articles this way)."""
        values = [_positional(article_values(article)) for article in articles]
        with self._tx() as conn:
            self._require_raws(conn, articles)
            return conn.executemany(_INSERT_ARTICLE, values).rowcount if values else 0

    @classmethod
    def _require_raws(cls, conn: SqlConnection, articles: Sequence[Article]) -> None:
        raw_ids = sorted({article.raw_id for article in articles})
        if not raw_ids:
            return
        marks = ", ".join("?" * len(raw_ids))
        found = conn.execute(
            f"SELECT count(*) AS v FROM raw_inputs WHERE sha256 IN ({marks})", raw_ids
        ).fetchone()["v"]
        if found != len(raw_ids):
            for article in articles:
                cls._require_raw(conn, article)  # raises, naming the first without its raw

    def update_article(self, article: Article) -> None:
        values = _update_values(article_values(article))
        with self._tx() as conn:
            self._require_raw(conn, article)
            if conn.execute(_UPDATE_ARTICLE, values).rowcount == 0:
                raise not_found(article.id)

    @staticmethod
    def _require_raw(conn: SqlConnection, article: Article) -> None:
        found = conn.execute("SELECT 1 FROM raw_inputs WHERE sha256 = ?", (article.raw_id,))
        if found.fetchone() is not None:
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

    def article_briefs(self, article_ids: Sequence[str]) -> list[Article]:
        """As :meth:`Store.article_briefs`, in one statement per ITER_CHUNK ids (a search's
        20 hits at 1,000,000 articles, CPU median of 60 pages: 0.66 ms read one by one, light;
        0.28 ms at once, brief; a search of one or two words takes ~5 ms)."""
        by_id: dict[str, Article] = {}
        for start in range(0, len(article_ids), ITER_CHUNK):
            chunk = list(article_ids[start : start + ITER_CHUNK])
            marks = ", ".join("?" * len(chunk))
            with self._read() as conn:
                for row in conn.execute(f"{_SELECT_BRIEF} WHERE id IN ({marks})", chunk):
                    article = row_to_article(row)
                    by_id[article.id] = article
        return [by_id[article_id] for article_id in article_ids if article_id in by_id]

    def articles_after(self, seq: int) -> Iterator[Article]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT rid FROM articles WHERE seq > ? ORDER BY {_ORDER_BY['published']}", (seq,)
            )
            rids = [row["rid"] for row in rows]
        return self._iter_rids(rids, _SELECT_ARTICLE)

    def assigned_ids_after(self, seq: int) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id FROM articles WHERE seq > ? AND story_id IS NOT NULL ORDER BY seq, rid",
                (seq,),
            )
            return [row["id"] for row in rows]

    def story_members(self, story_id: str) -> list[Article]:
        return list(self._iter_rids(self._article_rids("published", story_id), _SELECT_BRIEF))

    def _article_rids(self, order: str, story_id: str | None) -> list[int]:
        order_by = _ORDER_BY.get(order)
        if order_by is None:
            raise ConfigError(f"unknown article order {order!r}: use one of {sorted(_ORDER_BY)}")
        where, params = ("WHERE story_id = ?", (story_id,)) if story_id is not None else ("", ())
        with self._read() as conn:
            rows = conn.execute(f"SELECT rid FROM articles {where} ORDER BY {order_by}", params)
            return [row["rid"] for row in rows]

    def _iter_rids(self, rids: list[int], select: str) -> Iterator[Article]:
        for start in range(0, len(rids), ITER_CHUNK):
            chunk = rids[start : start + ITER_CHUNK]
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
            rids = [row["rid"] for row in rows]
        return list(self._iter_rids(rids, _SELECT_ARTICLE))

    def unassigned_ids(self) -> list[str]:
        with self._read() as conn:
            rows = conn.execute("SELECT id, published, seq FROM articles WHERE story_id IS NULL")
            keys = [(row["published"], row["seq"], row["id"]) for row in rows]
        dated = [(datetime.fromisoformat(p) if p else None, seq, i) for p, seq, i in keys]
        dated.sort(key=lambda k: (k[0] is None, k[0] or datetime.min, k[1], k[2]))
        return [article_id for _, _, article_id in dated]

    def articles_by_id(self, article_ids: Sequence[str]) -> list[Article]:
        found: dict[str, Article] = {}
        for start in range(0, len(article_ids), ITER_CHUNK):
            chunk = list(article_ids[start : start + ITER_CHUNK])
            marks = ", ".join("?" * len(chunk))
            with self._read() as conn:
                rows = conn.execute(f"{_SELECT_ARTICLE} WHERE id IN ({marks})", chunk)
                found.update((row["id"], row_to_article(row)) for row in rows)
        missing = [article_id for article_id in article_ids if article_id not in found]
        if missing:
            raise not_found(missing[0])
        return [found[article_id] for article_id in article_ids]

    def count_articles(self) -> int:
        return int(self._value("SELECT count(*) AS v FROM articles"))

    def next_seq(self) -> int:
        return int(self._value("SELECT coalesce(max(seq), 0) + 1 AS v FROM articles"))

    # -- rejections --------------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection, raw_sha256: str | None = None) -> bool:
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO rejections (path, entry, reason, raw_sha256) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                # a rejection's texts may quote its input (records.storable)
                (*map(storable, (rejection.path, rejection.entry, rejection.reason)), raw_sha256),
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
                "UPDATE articles SET story_id = ? WHERE id = ?", (a.story_id, a.article_id)
            )
            if cursor.rowcount == 0:
                raise not_found(a.article_id)
            conn.execute(_INSERT_ASSIGNMENT, assignment_values(a))

    def save_assigned(self, assigned: Sequence[tuple[Article, Assignment]]) -> None:
        """The batch in three statements, not five per article (update_article's raw check,
        the row, save_assignment's story_id and row, and a savepoint each): the row is written
        once, with the assignment's story id, as update_article then save_assignment leave it."""
        rows = []
        for article, assignment in assigned:
            row = article_values(replace(article, raw_text=""))
            row["story_id"] = assignment.story_id
            rows.append((*(row[c] for c in _ASSIGNED_COLUMNS), row["id"]))
        values = [assignment_values(assignment) for _, assignment in assigned]
        with self._tx() as conn:
            self._require_raws(conn, [article for article, _ in assigned])
            if rows and conn.executemany(_UPDATE_ASSIGNED, rows).rowcount != len(rows):
                self._raise_missing(conn, [article.id for article, _ in assigned])
            if values:
                conn.executemany(_INSERT_ASSIGNMENT, values)

    @staticmethod
    def _raise_missing(conn: SqlConnection, article_ids: list[str]) -> None:
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
            return [row["story_id"] for row in rows]

    def story_article_ids(self, story_id: str) -> list[str]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT id FROM articles WHERE story_id = ? ORDER BY {_ORDER_BY['published']}",
                (story_id,),
            )
            return [row["id"] for row in rows]

    # -- story summaries: one row per story, its sources and languages folded in story_facets

    def put_story(self, story: Story) -> None:
        upsert = (
            f"INSERT INTO stories ({', '.join(STORY_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(STORY_COLUMNS))}) ON CONFLICT (id) DO UPDATE SET "
            f"{', '.join(f'{c} = excluded.{c}' for c in STORY_COLUMNS[1:])}, "
            f"updated_at = {self.now_sql}"
        )
        with self._tx() as conn:
            values = story_values(story)
            conn.execute(upsert, values)
            knowledge_index.story_moved(
                conn, story.id, values[STORY_COLUMNS.index("last_reported_utc")]
            )
            conn.execute("DELETE FROM story_facets WHERE story_id = ?", (story.id,))
            facets = story_facets(story)
            if facets:
                conn.executemany(
                    "INSERT INTO story_facets (story_id, kind, value) VALUES (?, ?, ?)", facets
                )

    def delete_story(self, story_id: str) -> bool:
        """The summary and its facets (ON DELETE CASCADE), its indexed knowledge; whether
        there was one."""
        with self._tx() as conn:
            knowledge_index.delete_story_knowledge(conn, story_id)
            return conn.execute("DELETE FROM stories WHERE id = ?", (story_id,)).rowcount == 1

    def get_story(self, story_id: str) -> Story:
        with self._read() as conn:
            row = conn.execute(f"{_SELECT_STORY} WHERE s.id = ?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no story with id {story_id!r}; list the stories with `storyline stories`"
            )
        return row_to_story(row)

    def count_stories(self) -> int:
        return int(self._value("SELECT count(*) AS v FROM stories"))

    def story_summaries(self, query: StoryQuery = StoryQuery()) -> tuple[int, list[Story]]:
        order_by = _STORY_ORDER[query.sort]  # StoryQuery checked the sort
        where, params = _story_filter(query)
        limit = query.limit if query.limit is not None else self._no_limit
        with self._read() as conn:
            total = conn.execute(f"SELECT count(*) AS v FROM stories s {where}", params)
            n = int(total.fetchone()["v"])
            rows = conn.execute(
                f"{_SELECT_STORY} {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*params, limit, query.offset],
            ).fetchall()
        return n, [row_to_story(row) for row in rows]

    # -- the index of the stories' knowledge (storyline.store.knowledge_index) ---------------

    def put_story_knowledge(
        self,
        story_id: str,
        entities: Sequence[StoryEntity],
        expectations: Sequence[StoryExpectation],
    ) -> None:
        with self._tx() as conn:
            knowledge_index.put_story_knowledge(conn, story_id, entities, expectations)

    def entity_totals(
        self, name: str | None = None, limit: int = 100, offset: int = 0, stories: int = 20
    ) -> tuple[int, list[EntityTotal]]:
        _check_page(limit, offset)
        with self._read() as conn:
            return knowledge_index.entity_totals(conn, name, limit, offset, stories)

    def expectation_page(
        self,
        status: str | None = None,
        as_of: date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
        _check_page(limit, offset)
        with self._read() as conn:
            return knowledge_index.expectation_page(conn, status, as_of, limit, offset)

    # -- learned state and derived per-article data ------------------------------------------

    def put_state(self, name: str, state: dict[str, Any]) -> None:
        value = _json_dict(state, f"state {name!r}")
        with self._tx() as conn:
            self._upsert_value(conn, "state", "name", name, value)

    def get_state(self, name: str) -> dict[str, Any] | None:
        return self._json_value("SELECT value FROM state WHERE name = ?", name)

    def put_analysis(self, article_id: str, data: dict[str, Any]) -> None:
        value = _json_dict(data, f"analysis of {article_id}")
        with self._tx() as conn:
            found = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
            if found.fetchone() is None:
                raise not_found(article_id)
            self._upsert_value(conn, "analyses", "article_id", article_id, value)

    def _upsert_value(
        self, conn: SqlConnection, table: str, key_column: str, key: str, value: str
    ) -> None:
        """Insert or replace the JSON ``value`` of ``key`` in a (key, value, updated_at)
        table (state, analyses)."""
        conn.execute(
            f"INSERT INTO {table} ({key_column}, value) VALUES (?, ?) ON CONFLICT ({key_column}) "
            f"DO UPDATE SET value = excluded.value, updated_at = {self.now_sql}",
            (key, self._pack_json(value)),
        )

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        return self._json_value("SELECT value FROM analyses WHERE article_id = ?", article_id)

    def _json_value(self, sql: str, key: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(sql, (key,)).fetchone()
        if row is None:
            return None
        value: dict[str, Any] = json.loads(self._unpack_json(row["value"]))
        return value

    def latest_published(self) -> datetime | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT published FROM articles WHERE published_utc IS NOT NULL "
                "ORDER BY published_utc DESC, seq DESC, rid DESC LIMIT 1"
            ).fetchone()
        return None if row is None else datetime.fromisoformat(row["published"])

    # -- followed sources ----------------------------------------------------------------------

    def add_source(self, source: Source) -> tuple[Source, bool]:
        with self._tx() as conn:
            row = conn.execute(
                f"INSERT INTO sources ({', '.join(SOURCE_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(SOURCE_COLUMNS))}) "
                "ON CONFLICT (url) DO NOTHING RETURNING id",
                source_values(source),
            ).fetchone()
            found = conn.execute(
                f"{_SELECT_SOURCE} WHERE url = ?"
                if row is None
                else f"{_SELECT_SOURCE} WHERE id = ?",
                (source.url,) if row is None else (row["id"],),
            ).fetchone()
        return row_to_source(found), row is not None

    def get_source(self, source_id: int) -> Source:
        with self._read() as conn:
            row = conn.execute(f"{_SELECT_SOURCE} WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFoundError(
                f"no source with id {source_id}: `storyline sources list` shows them"
            )
        return row_to_source(row)

    def list_sources(self) -> list[Source]:
        with self._read() as conn:
            rows = conn.execute(f"{_SELECT_SOURCE} ORDER BY id").fetchall()
        return [row_to_source(row) for row in rows]

    def update_source(self, source: Source) -> None:
        if source.id is None:
            raise NotFoundError("this source has no id: add it first (Store.add_source)")
        with self._tx() as conn:
            other = conn.execute(
                "SELECT id FROM sources WHERE url = ? AND id <> ?", (source.url, source.id)
            ).fetchone()
            if other is not None:
                raise StoreValueError(f"{source.url} is already followed as source {other['id']}")
            cursor = conn.execute(
                f"UPDATE sources SET {', '.join(f'{c} = ?' for c in SOURCE_COLUMNS)} WHERE id = ?",
                (*source_values(source), source.id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no source with id {source.id}")

    def remove_source(self, source_id: int) -> bool:
        with self._tx() as conn:
            return conn.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount == 1

    def record_items(
        self, source_id: int | None, keys: Sequence[str], raw_sha256: str, fetched_at: datetime
    ) -> None:
        when = utc_text(fetched_at)
        with self._tx() as conn:
            conn.executemany(
                "INSERT INTO source_items (key, source_id, raw_sha256, fetched_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                [(key, source_id, raw_sha256, when) for key in dict.fromkeys(keys)],
            )

    def known_items(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        unique = list(dict.fromkeys(keys))
        with self._read() as conn:
            for start in range(0, len(unique), 500):
                part = unique[start : start + 500]
                rows = conn.execute(
                    f"SELECT key FROM source_items WHERE key IN ({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
                found.update(row["key"] for row in rows)
        return found

    def new_items_since(self, since: datetime) -> dict[int, int]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT source_id, COUNT(DISTINCT raw_sha256) AS n FROM source_items "
                "WHERE fetched_at >= ? AND source_id IS NOT NULL GROUP BY source_id",
                (utc_text(since),),
            ).fetchall()
        return {int(row["source_id"]): int(row["n"]) for row in rows}

    def fetched_raws(self, since: datetime | None = None) -> Iterator[RawInput]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT raw_sha256, MIN(fetched_at) AS first FROM source_items "
                "WHERE fetched_at >= ? GROUP BY raw_sha256 ORDER BY first, raw_sha256",
                (utc_text(since) if since is not None else "",),
            ).fetchall()
        for row in rows:
            yield self.get_raw(row["raw_sha256"])


_SELECT_SOURCE = f"SELECT id, {', '.join(SOURCE_COLUMNS)} FROM sources"


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ConfigError(f"limit and offset cannot be negative (got {limit}, {offset})")


def _story_filter(query: StoryQuery) -> tuple[str, list[Any]]:
    """The WHERE clause of the story filters. A date range keeps the stories whose first-to-
    last report span overlaps it (local dates of the reports), never the undated ones."""
    terms: list[str] = []
    params: list[Any] = []
    if query.language is not None:
        terms.append(_FACET)
        params += ["language", fold(query.language)]
    if query.source is not None:
        terms.append(_FACET)
        params += ["source", fold(query.source)]
    if query.entity is not None:
        terms.append(knowledge_index.ENTITY_FILTER)
        params.append(fold(query.entity))
    if query.status is not None:
        entity = query.entity is not None  # then probe the entity's stories for the status
        terms.append(knowledge_index.STATUS_EXISTS if entity else knowledge_index.STATUS_FILTER)
        params += knowledge_index.status_params(query.status, query.as_of)
    if query.since is not None or query.until is not None:
        terms.append("s.first_reported IS NOT NULL AND s.last_reported IS NOT NULL")
    if query.since is not None:
        terms.append("substr(s.last_reported, 1, 10) >= ?")
        params.append(query.since.isoformat())
    if query.until is not None:
        terms.append("substr(s.first_reported, 1, 10) <= ?")
        params.append(query.until.isoformat())
    return (f"WHERE {' AND '.join(terms)}" if terms else ""), params
