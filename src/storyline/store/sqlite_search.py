"""The SQLite store's full-text search: its latest matches, ranked, with snippets.

A search requires every one of its words (at most SEARCH_TERMS). It ranks its SEARCH_RANKED
most recently stored matches by FTS5's bm25 (title weighed 2) and gives the best ``limit``
with a snippet each. Ranking is what costs: bm25 counts, for each word, every article of the
index that has it (its IDF), so the matches are ranked in the window of the latest articles
(schema 10, :data:`~storyline.store.sqlite_schema.SEARCH_WINDOW`) when it holds that many of
them (they are then the store's latest), else in the index of every article. Snippets come
from the index of every article, which keeps the text (the window keeps none, schema 11).
"""

from __future__ import annotations

import sqlite3

from storyline.store.rows import SEARCH_RANKED

__all__ = [
    "fts_phrase",
    "search",
]

# The latest SEARCH_RANKED matches (FTS5 reads them newest first and stops there).
_LATEST = "SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?"
# bm25 of the matches between two rowids, best first (title weighed 2).
_RANKS = (
    "SELECT rowid, bm25({fts}, 2.0, 1.0) AS rank FROM {fts} "
    "WHERE {fts} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank, rowid"
)
# The snippets of the best: read along the matches between their rowids (``+rowid``: no seek
# per hit; seeking each hit in every segment of each word's postings took 7.0 ms a long search
# at 1,000,000 articles, mean of 60; reading along 4.3 ms).
_SNIPPETS = (
    "SELECT a.rid, a.id, snippet(articles_fts, -1, '**', '**', '…', 16) "
    "FROM articles_fts JOIN articles a ON a.rid = articles_fts.rowid "
    "WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? "
    "AND +articles_fts.rowid IN ({marks})"
)
# Whether the window holds every article (a store no bigger than the window).
_WINDOW_COVERS = (
    "SELECT ifnull((SELECT min(rid) FROM articles) >= "
    "(SELECT rowid FROM articles_fts_recent ORDER BY rowid LIMIT 1), 1)"
)


def fts_phrase(term: str) -> str:
    """One word as an FTS5 phrase: quoted, so that no word is syntax."""
    return '"' + term.replace('"', '""') + '"'


def _match(terms: list[str]) -> str:
    return " ".join(fts_phrase(term) for term in terms)


def search(conn: sqlite3.Connection, terms: list[str], limit: int) -> list[tuple[str, str]]:
    """``(article_id, snippet)`` of the best ``limit`` of the latest matches of ``terms``."""
    match = _match(terms)
    covers = bool(conn.execute(_WINDOW_COVERS).fetchone()[0])
    fts = "articles_fts_recent"
    latest = [row[0] for row in conn.execute(_LATEST.format(fts=fts), (match, SEARCH_RANKED))]
    if len(latest) < SEARCH_RANKED and not covers:
        fts = "articles_fts"
        latest = [row[0] for row in conn.execute(_LATEST.format(fts=fts), (match, SEARCH_RANKED))]
    if not latest:
        return []
    rids = _best(conn, fts, terms, latest, limit)
    if not rids:  # deleted meanwhile
        return []
    sql = _SNIPPETS.format(marks=", ".join("?" * len(rids)))
    found = {
        row[0]: (row[1], row[2]) for row in conn.execute(sql, (match, min(rids), max(rids), *rids))
    }
    return [found[rid] for rid in rids if rid in found]


def _best(
    conn: sqlite3.Connection,
    fts: str,
    ranked: list[str],
    latest: list[int],
    limit: int,
) -> list[int]:
    """The best ``limit`` of the ``latest`` matches, by bm25 over the ``ranked`` words."""
    rows = conn.execute(_RANKS.format(fts=fts), (_match(ranked), latest[-1], latest[0]))
    return [rid for rid, _ in rows.fetchmany(limit)]
