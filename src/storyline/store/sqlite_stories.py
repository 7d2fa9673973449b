"""The story summaries of the SQLite store: their tables, and the SQL that writes and reads them.

A story's summary (:class:`~storyline.records.Story`) is one row of ``stories``; its sources
and languages are also kept folded (``casefold().strip()``) in ``story_facets``, so that the
story list is filtered, sorted and paged in SQL. :class:`~storyline.store.sqlite.SQLiteStore`
calls these functions on its connections (inside its own transactions).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from storyline.errors import NotFoundError
from storyline.records import Story
from storyline.store.base import StoryQuery

__all__ = [
    "STORIES_MIGRATION",
    "count_stories",
    "delete_story",
    "fold",
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

_COLUMNS = (
    "id", "title", "n_articles", "independent_origins", "first_reported", "first_reported_utc",
    "last_reported", "last_reported_utc", "first_article_id", "article_ids", "sources",
    "languages",
)  # fmt: skip
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


def fold(text: str) -> str:
    """How sources and languages are compared: case folded, outer spaces dropped."""
    return text.casefold().strip()


def put_story(conn: sqlite3.Connection, story: Story, utc_key: Callable[[datetime], str]) -> None:
    """Insert or replace one summary and its facets (call inside a transaction).

    ``utc_key`` makes the sort key of a datetime (the articles' own, so both sort alike).
    """
    first, last = story.first_reported, story.last_reported
    conn.execute(
        _UPSERT,
        (
            story.id, story.title, story.n_articles, story.independent_origins,
            None if first is None else first.isoformat(),
            None if first is None else utc_key(first),
            None if last is None else last.isoformat(),
            None if last is None else utc_key(last),
            story.first_article_id, json.dumps(story.article_ids),
            json.dumps(story.sources, ensure_ascii=False),
            json.dumps(story.languages, ensure_ascii=False),
        ),
    )  # fmt: skip
    conn.execute("DELETE FROM story_facets WHERE story_id = ?", (story.id,))
    facets = {("source", fold(s)) for s in story.sources}
    facets |= {("language", fold(x)) for x in story.languages}
    conn.executemany(
        "INSERT INTO story_facets (story_id, kind, value) VALUES (?, ?, ?)",
        [(story.id, kind, value) for kind, value in sorted(facets)],
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
    return _row_to_story(row)


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
    return total, [_row_to_story(row) for row in rows]


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _row_to_story(row: sqlite3.Row) -> Story:
    return Story(
        id=row["id"],
        title=row["title"],
        article_ids=json.loads(row["article_ids"]),
        n_articles=row["n_articles"],
        independent_origins=row["independent_origins"],
        first_reported=_when(row["first_reported"]),
        last_reported=_when(row["last_reported"]),
        first_article_id=row["first_article_id"],
        sources=json.loads(row["sources"]),
        languages=json.loads(row["languages"]),
    )
