"""The SQLite store's full-text search: its latest matches, ranked, with snippets.

A search requires every one of its words (at most SEARCH_TERMS). It ranks its SEARCH_RANKED
most recently stored matches by FTS5's bm25 (title weighed 2) and gives the best ``limit``
with a snippet each. Ranking is what costs: bm25 counts, for each word, every article of the
index that has it (its IDF), so the matches are ranked in the window of the latest articles
(schema 10, :data:`~storyline.store.sqlite_schema.SEARCH_WINDOW`) when it holds that many of
them (they are then the store's latest: ``"estimated"``, the weights being the window's).
Else they are ranked in the index of every article (``"exact"``) when that counts at most
MAIN_RANK_POSTINGS postings of the ranked words; else only the window's matches are ranked
(``"capped"``: older matches are left out, or follow unranked, newest first, when the window
has fewer than asked for). Snippets come from the index of every article, which keeps the
text (the window keeps none, schema 11).

In a store bigger than the window the ranking is already the window's estimate; there a word
in most articles is required but not ranked (:func:`scored_terms`): bm25 gives a word in at
least half the articles an IDF of 1e-6, so it adds nothing to the order beside a rarer word,
and counting it was most of a long search's cost (``the``: 200,000 postings in the window).
A store within the window ranks every word, as the index of every article would.
"""

from __future__ import annotations

import sqlite3

from storyline.store.base import SearchRanking, SearchResult
from storyline.store.rows import SEARCH_RANKED

__all__ = [
    "COMMON_SHARE",
    "MAIN_RANK_POSTINGS",
    "RARE_SHARE",
    "SHARE_SAMPLE",
    "fts_phrase",
    "scored_terms",
    "search",
]

# A word is common (not ranked) when it is in at least COMMON_SHARE of the latest SHARE_SAMPLE
# articles, and only when another of the search's words is in at most RARE_SHARE of them (so
# that a word with a real IDF is left to rank: were every word near half the articles, their
# 1e-6 IDFs would be all the order there is). bm25's IDF is 1e-6 from a share of one half;
# the margins are ~6 standard errors of a share counted over 5,000 articles (0.7 points). The
# share is counted over the latest articles of the whole index (~0.2 ms a word), not the
# window's 200,000.
COMMON_SHARE = 0.55
RARE_SHARE = 0.45
SHARE_SAMPLE = 5000

# A search whose window holds fewer than SEARCH_RANKED of its matches is ranked over the index
# of every article (exactly) when that counts at most this many postings of its ranked words
# (estimated from their shares of the latest articles), else only its matches in the window
# are ranked ("capped"). bm25 counts every article that has each ranked word (~30 ns a posting
# on this 2-core VM), so ranking 4 words each in a quarter of 1,000,000 articles took 40-47 ms
# of a long search's 50-68 (8 of 80 long searches of benchmarks/load.py at 1,000,000 articles);
# 200,000 (~6 ms): a word in every article of the window, which the window path may count too.
MAIN_RANK_POSTINGS = 200_000

# The latest SEARCH_RANKED matches (FTS5 reads them newest first and stops there).
_LATEST = "SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?"
# bm25 of the matches between two rowids, best first (title weighed 2).
_RANKS = (
    "SELECT rowid, bm25({fts}, 2.0, 1.0) AS rank FROM {fts} "
    "WHERE {fts} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank, rowid"
)
# The best of the latest matches of the index of every article, in one statement.
_RANKS_LATEST = (
    "SELECT rowid FROM (SELECT rowid, bm25(articles_fts, 2.0, 1.0) AS rank FROM articles_fts "
    "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY rank, rowid LIMIT ?"
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
# Whether the window holds every article (a store no bigger than the window; NULL, not, when
# the window is empty: its articles deleted, older ones left).
_WINDOW_COVERS = (
    "SELECT (SELECT min(rid) FROM articles) >= w.oldest, w.oldest FROM "
    "(SELECT (SELECT rowid FROM articles_fts_recent ORDER BY rowid LIMIT 1) AS oldest) w"
)
# The latest matches with their bm25 (title weighed 2), newest first: counted and ranked in one
# pass over the words' postings.
_SCORED_LATEST = (
    "SELECT rowid, bm25({fts}, 2.0, 1.0) FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT ?"
)
# The latest matches older than the window's oldest article.
_OLDER = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid < ? "
    "ORDER BY rowid DESC LIMIT ?"
)
# How many articles the store spans (at least as many as it holds).
_ARTICLES_SPAN = "SELECT (SELECT max(rid) FROM articles) - (SELECT min(rid) FROM articles) + 1"
# The oldest of the latest SHARE_SAMPLE articles of the index (its row sizes: small rows).
_SAMPLE_FROM = "SELECT id FROM articles_fts_docsize ORDER BY id DESC LIMIT 1 OFFSET ?"
_SAMPLE_COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?"


def fts_phrase(term: str) -> str:
    """One word as an FTS5 phrase: quoted, so that no word is syntax."""
    return '"' + term.replace('"', '""') + '"'


def _match(terms: list[str]) -> str:
    return " ".join(fts_phrase(term) for term in terms)


def search(conn: sqlite3.Connection, terms: list[str], limit: int) -> SearchResult:
    """The best ``limit`` of the latest matches of ``terms``, with snippets, and how they
    were ranked (:class:`~storyline.store.base.SearchResult`)."""
    match = _match(terms)
    covers, oldest = conn.execute(_WINDOW_COVERS).fetchone()
    shares = None if covers else _shares(conn, terms)
    ranked = terms if covers else _scored(terms, shares)
    # too costly to rank over every article: ranked in the window however few it holds
    capped = not covers and _everywhere_cost(conn, ranked, shares) > MAIN_RANK_POSTINGS
    fts = "articles_fts_recent"
    scored: list[tuple[int, float]] | None = None
    if len(ranked) == len(terms) and (covers or capped):  # counted and ranked in one pass
        scored = conn.execute(_SCORED_LATEST.format(fts=fts), (match, SEARCH_RANKED)).fetchall()
        latest = [row[0] for row in scored]
    else:  # counted first: ranked in the window only when it holds enough
        latest = [row[0] for row in conn.execute(_LATEST.format(fts=fts), (match, SEARCH_RANKED))]
    ranking: SearchRanking = "exact" if covers else "estimated"
    if len(latest) < SEARCH_RANKED and not covers:
        if not capped:
            rids = _best_everywhere(conn, terms, ranked, limit)
            return SearchResult(_snippets(conn, match, rids), "exact")
        ranking = "capped"
    if scored is not None:
        rids = [rid for rid, _ in sorted(scored, key=lambda row: (row[1], row[0]))[:limit]]
    else:
        rids = _best(conn, fts, ranked, latest, limit, pruned=len(ranked) < len(terms))
    if ranking == "capped" and len(rids) < limit:
        rids += _older(conn, match, oldest, limit - len(rids))
    return SearchResult(_snippets(conn, match, rids), ranking, len(latest))


def _snippets(conn: sqlite3.Connection, match: str, rids: list[int]) -> list[tuple[str, str]]:
    """``(article_id, snippet)`` of the articles ``rids``, in that order."""
    if not rids:
        return []
    sql = _SNIPPETS.format(marks=", ".join("?" * len(rids)))
    found = {
        row[0]: (row[1], row[2]) for row in conn.execute(sql, (match, min(rids), max(rids), *rids))
    }
    return [found[rid] for rid in rids if rid in found]


def _older(conn: sqlite3.Connection, match: str, oldest: int | None, count: int) -> list[int]:
    """The latest ``count`` matches older than the window (from ``oldest``), unranked."""
    if oldest is None:  # an empty window: every match is older
        rows = conn.execute(_LATEST.format(fts="articles_fts"), (match, count))
    else:
        rows = conn.execute(_OLDER, (match, oldest, count))
    return [row[0] for row in rows]


def _everywhere_cost(
    conn: sqlite3.Connection, ranked: list[str], shares: dict[str, float] | None
) -> float:
    """The postings that ranking over the index of every article would count for the
    ``ranked`` words: their shares of the latest articles times the articles of the store."""
    if shares is None:  # fewer articles than the sample: a small store
        return 0.0
    articles = conn.execute(_ARTICLES_SPAN).fetchone()[0] or 0
    return sum(shares[term] for term in ranked) * articles


def _best_everywhere(
    conn: sqlite3.Connection, terms: list[str], ranked: list[str], limit: int
) -> list[int]:
    """The best ``limit`` of the latest matches, ranked over the index of every article: in
    one statement when every word is ranked (reading the matches first took 12 ms of a long
    search's 58 at 1,000,000 articles)."""
    if len(ranked) == len(terms):
        rows = conn.execute(_RANKS_LATEST, (_match(terms), SEARCH_RANKED, limit))
        return [row[0] for row in rows]
    fts = "articles_fts"
    latest = [
        row[0] for row in conn.execute(_LATEST.format(fts=fts), (_match(terms), SEARCH_RANKED))
    ]
    return _best(conn, fts, ranked, latest, limit, pruned=True)


def _best(
    conn: sqlite3.Connection,
    fts: str,
    ranked: list[str],
    latest: list[int],
    limit: int,
    *,
    pruned: bool,
) -> list[int]:
    """The best ``limit`` of the ``latest`` matches (newest first), by bm25 over the
    ``ranked`` words. With words left out (``pruned``) the ranked words match more articles
    between the same rowids: those are skipped (every word is required)."""
    if not latest:
        return []
    rows = conn.execute(_RANKS.format(fts=fts), (_match(ranked), latest[-1], latest[0]))
    wanted = set(latest) if pruned else None
    best: list[int] = []
    for rid, _ in rows:
        if wanted is None or rid in wanted:
            best.append(rid)
            if len(best) == limit:
                break
    return best


def scored_terms(conn: sqlite3.Connection, terms: list[str]) -> list[str]:
    """The words to rank by: all but those in most of the latest articles (COMMON_SHARE),
    when another word is rare enough (RARE_SHARE) to order the matches."""
    return _scored(terms, _shares(conn, terms))


def _shares(conn: sqlite3.Connection, terms: list[str]) -> dict[str, float] | None:
    """Each word's share of the latest SHARE_SAMPLE articles (None: fewer articles)."""
    row = conn.execute(_SAMPLE_FROM, (SHARE_SAMPLE - 1,)).fetchone()
    if row is None:
        return None
    return {
        term: conn.execute(_SAMPLE_COUNT, (fts_phrase(term), row[0])).fetchone()[0] / SHARE_SAMPLE
        for term in terms
    }


def _scored(terms: list[str], shares: dict[str, float] | None) -> list[str]:
    if len(terms) < 2 or shares is None or min(shares.values()) > RARE_SHARE:
        return terms
    return [term for term in terms if shares[term] < COMMON_SHARE]
