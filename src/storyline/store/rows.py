"""Records <-> table rows, shared by the SQL backends (SQLite and PostgreSQL).

Both keep the same columns with the same encodings, so that a record reads back equal from
either: datetimes as ISO 8601 strings as given (their UTC offset kept) plus a fixed-width UTC
sort key; ``removed_lines``, ``meta``, assignment terms and story lists as JSON text;
embeddings as little-endian float32 bytes with their dimension. Rows are read by column name
(``sqlite3.Row`` and psycopg's ``dict_row`` both allow it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

import numpy as np

from storyline.errors import NotFoundError, StoreError
from storyline.records import Article, Assignment, RemovedLine, Source, Story, storable

__all__ = [
    "ARTICLE_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "BRIEF_COLUMNS",
    "LIGHT_COLUMNS",
    "SEARCH_RANKED",
    "SEARCH_TERMS",
    "SOURCE_COLUMNS",
    "STORY_COLUMNS",
    "article_values",
    "assignment_values",
    "fold",
    "json_text",
    "not_found",
    "row_to_article",
    "row_to_assignment",
    "row_to_source",
    "row_to_story",
    "search_terms",
    "source_values",
    "story_facets",
    "story_values",
    "utc_key",
    "utc_text",
]

Row = Mapping[str, Any]

ARTICLE_COLUMNS = (
    "id", "seq", "raw_id", "path", "format", "entry", "url", "source", "title", "published",
    "published_utc", "raw_text", "text", "removed_lines", "language", "text_hash",
    "duplicate_of", "duplicate_kind", "duplicate_similarity", "embedding", "embedding_dim",
    "story_id", "meta",
)  # fmt: skip
# The columns read as empty by a light read (the two big ones), and what they read as.
LIGHT_COLUMNS = {"raw_text": "'' AS raw_text", "embedding": "NULL AS embedding"}
# The columns a brief read (Store.story_members) leaves out too: what a summary never reads.
BRIEF_COLUMNS = {
    **LIGHT_COLUMNS,
    "text": "'' AS text",
    "removed_lines": "'[]' AS removed_lines",
    "meta": "'{}' AS meta",
}
ASSIGNMENT_COLUMNS = (
    "article_id", "story_id", "new_story", "score", "lexical", "dense", "time_gap_days",
    "shared_terms", "shared_names", "best_other_story", "reason",
)  # fmt: skip
STORY_COLUMNS = (
    "id", "title", "n_articles", "independent_origins", "first_reported", "first_reported_utc",
    "last_reported", "last_reported_utc", "first_article_id", "article_ids", "sources",
    "languages",
)  # fmt: skip


def not_found(article_id: str) -> NotFoundError:
    return NotFoundError(f"no article with id {article_id}; list them with `storyline stories`")


# A folded source or language keeps at most this many characters: they are keys of an index
# (story_facets), and PostgreSQL's B-tree entries hold ~2.7 KB (a 6,000-character source name
# stopped the ingest there). Real names are far shorter.
FOLDED_CHARS = 500


# A search uses at most this many distinct words of its query (case folded, in their order): every
# word is required, and each adds a posting list to read. At 200,000 articles (SQLite, this
# 2-core VM, benchmarks/big_store.py's store, the latest 2,000 matches ranked), the pool's
# commonest words on a quiet machine: 3 took 18-22 ms, 4 26-50, 5 38-61, 6 56-136, 8 63-163
# (and 32, ranking every match, 0.15-0.3 s under load): 4 keeps p95 under 200 ms under load.
SEARCH_TERMS = 4
# ... and ranks at most this many of its matches, the most recently stored: one word found in
# every article ("the") had SQLite rank all 200,000 (0.5-0.9 s); the latest 2,000: 10-30 ms.
SEARCH_RANKED = 2000


def search_terms(words: list[str]) -> list[str]:
    """The words a search uses: the first :data:`SEARCH_TERMS` distinct ones (case folded)."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
        if len(seen) == SEARCH_TERMS:
            break
    return list(seen.values())


def fold(text: str) -> str:
    """How sources, languages and entity names are compared: case folded, outer spaces
    dropped, at most FOLDED_CHARS characters, storable (a NUL from a query string or an
    article is U+FFFD, which PostgreSQL's text can hold)."""
    return storable(text.casefold().strip()[:FOLDED_CHARS])


def json_text(value: Any, what: str) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError) as e:
        raise StoreError(f"{what}: not JSON-serialisable ({e})") from e


def utc_key(published: datetime) -> str:
    """A sort key in fixed-width ISO form: aware datetimes in UTC, naive ones as they are."""
    if published.utcoffset() is not None:
        with suppress(OverflowError):  # year 1 or 9999 near the edge: keep the local time
            published = published.astimezone(UTC)
    return published.replace(tzinfo=None).isoformat(timespec="microseconds")


# -- articles --------------------------------------------------------------------------------


def article_values(article: Article) -> dict[str, Any]:
    """The article's row, by column name."""
    embedding: bytes | None = None
    dim: int | None = None
    if article.embedding is not None:
        vector = np.asarray(article.embedding, dtype="<f4")
        if vector.ndim != 1:
            raise StoreError(
                f"article {article.id}: an embedding is one vector, got shape {vector.shape}"
            )
        embedding, dim = vector.tobytes(), int(vector.shape[0])
    published = article.published
    removed = [[r.line_no, r.line, r.rule] for r in article.removed_lines]
    return {
        "id": article.id,
        "seq": article.seq,
        "raw_id": article.raw_id,
        "path": article.path,
        "format": article.format,
        "entry": article.entry,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published": None if published is None else published.isoformat(),
        "published_utc": None if published is None else utc_key(published),
        "raw_text": article.raw_text,
        "text": article.text,
        "removed_lines": json_text(removed, f"article {article.id}: removed_lines"),
        "language": article.language,
        "text_hash": article.text_hash,
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "duplicate_similarity": article.duplicate_similarity,
        "embedding": embedding,
        "embedding_dim": dim,
        "story_id": article.story_id,
        "meta": json_text(article.meta, f"article {article.id}: meta"),
    }


def _decode_embedding(row: Row) -> np.ndarray | None:
    blob, dim = row["embedding"], row["embedding_dim"]
    if blob is None:
        return None
    vector = np.frombuffer(blob, dtype="<f4")
    if vector.shape[0] != dim:
        raise StoreError(
            f"article {row['id']}: stored embedding has {vector.shape[0]} values, not {dim}"
        )
    return vector.astype(np.float32)  # a native-order, writable copy


def row_to_article(row: Row) -> Article:
    published = row["published"]
    return Article(
        id=row["id"],
        raw_id=row["raw_id"],
        path=row["path"],
        format=row["format"],
        entry=row["entry"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        published=None if published is None else datetime.fromisoformat(published),
        raw_text=row["raw_text"],
        text=row["text"],
        removed_lines=[RemovedLine(*line) for line in json.loads(row["removed_lines"])],
        language=row["language"],
        text_hash=row["text_hash"],
        duplicate_of=row["duplicate_of"],
        duplicate_kind=row["duplicate_kind"],
        duplicate_similarity=row["duplicate_similarity"],
        embedding=_decode_embedding(row),
        story_id=row["story_id"],
        seq=row["seq"],
        meta=json.loads(row["meta"]),
    )


# -- assignments -----------------------------------------------------------------------------


def assignment_values(a: Assignment) -> tuple[Any, ...]:
    """The assignment's row, in :data:`ASSIGNMENT_COLUMNS` order."""
    return (
        a.article_id, a.story_id, int(a.new_story), a.score, a.lexical, a.dense,
        a.time_gap_days, json_text(list(a.shared_terms), a.article_id),
        json_text(list(a.shared_names), a.article_id), a.best_other_story, a.reason,
    )  # fmt: skip


def row_to_assignment(row: Row) -> Assignment:
    return Assignment(
        article_id=row["article_id"],
        story_id=row["story_id"],
        new_story=bool(row["new_story"]),
        score=row["score"],
        lexical=row["lexical"],
        dense=row["dense"],
        time_gap_days=row["time_gap_days"],
        shared_terms=tuple(json.loads(row["shared_terms"])),
        shared_names=tuple(json.loads(row["shared_names"])),
        best_other_story=row["best_other_story"],
        reason=row["reason"],
    )


# -- story summaries -------------------------------------------------------------------------


def story_values(story: Story) -> tuple[Any, ...]:
    """The summary's row, in :data:`STORY_COLUMNS` order."""
    first, last = story.first_reported, story.last_reported
    return (
        story.id, story.title, story.n_articles, story.independent_origins,
        None if first is None else first.isoformat(),
        None if first is None else utc_key(first),
        None if last is None else last.isoformat(),
        None if last is None else utc_key(last),
        story.first_article_id, json.dumps(story.article_ids),
        json.dumps(story.sources, ensure_ascii=False),
        json.dumps(story.languages, ensure_ascii=False),
    )  # fmt: skip


def story_facets(story: Story) -> list[tuple[str, str, str]]:
    """``(story_id, kind, value)`` rows: its sources and languages, folded, sorted."""
    facets = {("source", fold(s)) for s in story.sources}
    facets |= {("language", fold(x)) for x in story.languages}
    return [(story.id, kind, value) for kind, value in sorted(facets)]


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def row_to_story(row: Row) -> Story:
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


# -- sources ---------------------------------------------------------------------------------

SOURCE_COLUMNS = (
    "url",
    "name",
    "kind",
    "every_s",
    "allow_private",
    "etag",
    "last_modified",
    "added_at",
    "last_fetch",
    "last_new",
    "next_due",
    "errors_in_row",
    "last_error",
)


def utc_text(when: datetime | None) -> str | None:
    """A source's time as stored: UTC, fixed width, so that text order is time order (a naive
    datetime is taken as UTC)."""
    if when is None:
        return None
    if when.utcoffset() is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _utc(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def source_values(source: Source) -> tuple[Any, ...]:
    return (
        source.url,
        source.name,
        source.kind,
        float(source.every_s),
        int(source.allow_private),
        source.etag,
        source.last_modified,
        utc_text(source.added_at or datetime.now(UTC)),
        utc_text(source.last_fetch),
        utc_text(source.last_new),
        utc_text(source.next_due),
        source.errors_in_row,
        source.last_error,
    )


def row_to_source(row: Row) -> Source:
    return Source(
        id=int(row["id"]),
        url=row["url"],
        name=row["name"],
        kind=row["kind"],
        every_s=float(row["every_s"]),
        allow_private=bool(row["allow_private"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        added_at=_utc(row["added_at"]),
        last_fetch=_utc(row["last_fetch"]),
        last_new=_utc(row["last_new"]),
        next_due=_utc(row["next_due"]),
        errors_in_row=int(row["errors_in_row"]),
        last_error=row["last_error"],
    )
