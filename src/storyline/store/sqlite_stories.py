"""The story summaries of the SQLite store: their tables, and the SQL that writes and reads them.

A story's summary (:class:`~storyline.records.Story`) is one row of ``stories``; its sources
and languages are also kept folded (``casefold().strip()``) in ``story_facets``, so that the
story list is filtered, sorted and paged in SQL. :class:`~storyline.store.sqlite.SQLiteStore`
calls these functions on its connections (inside its own transactions).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from storyline.errors import NotFoundError
from storyline.records import Story
from storyline.store.base import StoryQuery
from storyline.store.rows import STORY_COLUMNS, fold, row_to_story, story_facets, story_values

__all__ = [
    "STORIES_MIGRATION",
    "count_stories",
    "delete_story",
    "get_story",
    "put_story",
    "story_summaries",
]

_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

# 2 -> 3: story summaries, so that the story list need not read every article.
STORIES_MIGRATION: tuple[str, ...] = (
    f"""CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        n_articles INTEGER NOT NULL,
        independent_origins INTEGER NOT NULL,
        first_reported TEXT,
        first_reported_utc TEXT,
        last_reported TEXT,
        last_reported_utc TEXT,
        first_article_id TEXT,
        article_ids TEXT NOT NULL,
        sources TEXT NOT NULL,
        languages TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT {_NOW})""",
    "CREATE INDEX stories_updated ON stories (last_reported_utc DESC, id)",
    "CREATE INDEX stories_size ON stories (n_articles DESC, last_reported_utc DESC, id)",
    """CREATE TABLE story_facets (
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, value, story_id)) WITHOUT ROWID""",
    "CREATE INDEX story_facets_story ON story_facets (story_id)",
)

_COLUMNS = STORY_COLUMNS
_UPSERT = (
    f"INSERT INTO stories ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))}) "
    f"ON CONFLICT (id) DO UPDATE SET "
    f"{', '.join(f'{c} = excluded.{c}' for c in _COLUMNS[1:])}, updated_at = {_NOW}"
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM stories s"
# SQLite sorts NULL first, so DESC puts the undated stories last, as the pipeline always did.
_ORDER_BY: dict[str, str] = {
    "updated": "s.last_reported_utc DESC, s.id",
    "size": "s.n_articles DESC, s.last_reported_utc DESC, s.id",
}
_FACET = (
    "EXISTS (SELECT 1 FROM story_facets f WHERE f.kind = ? AND f.value = ? AND f.story_id = s.id)"
)


def put_story(conn: sqlite3.Connection, story: Story) -> None:
    """Insert or replace one summary and its facets (call inside a transaction)."""
    conn.execute(_UPSERT, story_values(story))
    conn.execute("DELETE FROM story_facets WHERE story_id = ?", (story.id,))
    conn.executemany(
        "INSERT INTO story_facets (story_id, kind, value) VALUES (?, ?, ?)", story_facets(story)
    )


def delete_story(conn: sqlite3.Connection, story_id: str) -> bool:
    """Delete the summary and its facets (ON DELETE CASCADE); whether there was one."""
    return conn.execute("DELETE FROM stories WHERE id = ?", (story_id,)).rowcount == 1


def get_story(conn: sqlite3.Connection, story_id: str) -> Story:
    row = conn.execute(f"{_SELECT} WHERE s.id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFoundError(
            f"no story with id {story_id!r}; list the stories with `storyline stories`"
        )
    return row_to_story(row)


def count_stories(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])


def _where(
    language: str | None, source: str | None, since: date | None, until: date | None
) -> tuple[str, list[Any]]:
    """The WHERE clause of the filters. A date range keeps the stories whose first-to-last
    report span overlaps it (local dates of the reports), never the undated ones."""
    terms: list[str] = []
    params: list[Any] = []
    if language is not None:
        terms.append(_FACET)
        params += ["language", fold(language)]
    if source is not None:
        terms.append(_FACET)
        params += ["source", fold(source)]
    if since is not None or until is not None:
        terms.append("s.first_reported IS NOT NULL AND s.last_reported IS NOT NULL")
    if since is not None:
        terms.append("substr(s.last_reported, 1, 10) >= ?")
        params.append(since.isoformat())
    if until is not None:
        terms.append("substr(s.first_reported, 1, 10) <= ?")
        params.append(until.isoformat())
    return (f"WHERE {' AND '.join(terms)}" if terms else ""), params


def story_summaries(conn: sqlite3.Connection, query: StoryQuery) -> tuple[int, list[Story]]:
    """``(how many match, the page of them)``; see :meth:`Store.story_summaries`."""
    order_by = _ORDER_BY[query.sort]  # StoryQuery checked the sort
    where, params = _where(query.language, query.source, query.since, query.until)
    total = int(conn.execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0])
    rows = conn.execute(
        f"{_SELECT} {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
        [*params, -1 if query.limit is None else query.limit, query.offset],
    ).fetchall()
    return total, [row_to_story(row) for row in rows]
