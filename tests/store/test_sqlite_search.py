"""The SQLite store's search window (schema 10): the index of the latest articles that a
search's latest matches are ranked in when it holds enough of them (issue 18, item 4)."""

from __future__ import annotations

import random
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from _store_samples import make_article, make_raw

from storyline.store import SCHEMA_VERSION, SQLiteStore, open_store
from storyline.store import sqlite_search as sqlite_module
from storyline.store.sqlite import fts_query

WORDS = [
    *("storm", "coast", "flood", "rain", "wind", "river"),
    *("bridge", "mayor", "police", "school", "fire", "road"),
]


def _window(path: Path, size: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'search_window'", (str(size),))


def _in_window(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT rowid FROM articles_fts_recent ORDER BY 1")]


def _fill(store: SQLiteStore, n: int, seed: int = 1) -> list[str]:
    """``n`` articles of random words (seeded), stored one after the other; their ids."""
    rng = random.Random(seed)
    ids = []
    for k in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))
        raw = make_raw(k, text)
        store.add_raw(raw)
        article = make_article(raw, title=" ".join(rng.sample(WORDS, 2)), text=text)
        store.add_article(article)
        ids.append(article.id)
    return ids


def _ranked_over_everything(path: Path, query: str, ranked: int, limit: int) -> list[str]:
    """The ranking before the window: the latest ``ranked`` matches of the whole index."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT a.id FROM (SELECT rowid, bm25(articles_fts, 2.0, 1.0) AS rank "
            "FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) r "
            "JOIN articles a ON a.rid = r.rowid ORDER BY r.rank, r.rowid LIMIT ?",
            (fts_query(query), ranked, limit),
        ).fetchall()
    return [row[0] for row in rows]


def test_the_window_holds_the_latest_articles_in_step(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        _window(path, 5)
        ids = _fill(store, 12)
        assert _in_window(path) == [8, 9, 10, 11, 12]
        old, recent = store.get_article(ids[2]), store.get_article(ids[9])
        store.update_article(replace(old, text="volcano"))  # outside the window: not added
        store.update_article(replace(recent, text="glacier"))  # in it: indexed again
        assert _in_window(path) == [8, 9, 10, 11, 12]
        with sqlite3.connect(path) as conn:
            found = conn.execute(
                "SELECT rowid FROM articles_fts_recent WHERE articles_fts_recent MATCH ?",
                ("glacier",),
            ).fetchall()
        assert found == [(10,)]
        assert [hit[0] for hit in store.search("volcano")] == [ids[2]]  # the whole index
        assert [hit[0] for hit in store.search("glacier")] == [ids[9]]


def test_a_store_within_the_window_ranks_as_the_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every article in the window: the same hits, in the same order, as ranking the latest
    matches of the whole index (40 queries of 1-4 words, 3 of their latest matches ranked)."""
    monkeypatch.setattr(sqlite_module, "SEARCH_RANKED", 3)
    path = tmp_path / "s.db"
    rng = random.Random(5)
    with open_store(path) as store:
        _fill(store, 60)
        for _ in range(40):
            query = " ".join(rng.sample(WORDS, rng.randint(1, 4)))
            got = [hit[0] for hit in store.search(query, limit=2)]
            assert got == _ranked_over_everything(path, query, 3, 2), query


def test_the_latest_matches_are_ranked_in_the_window_when_it_holds_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window of 10 of 40 articles: a word in enough of them is ranked there (the hits are
    the latest matches of the store all the same); a word in too few of them is ranked over
    the whole index, its older matches included, without being ranked in the window first
    (its matches are counted before any is ranked)."""
    monkeypatch.setattr(sqlite_module, "SEARCH_RANKED", 3)
    path = tmp_path / "s.db"
    with open_store(path) as store:
        _window(path, 10)
        ids = _fill(store, 40)
        recent = set(ids[30:])
        hits, ranked_in = _search_ranked_in(store, "storm")
        assert set(hits) <= recent and len(hits) == 3 and ranked_in == ["articles_fts_recent"]
        old = store.get_article(ids[0])
        store.update_article(replace(old, title="avalanche", text="avalanche"))
        store.update_article(replace(store.get_article(ids[35]), text="avalanche later"))
        hits, ranked_in = _search_ranked_in(store, "avalanche")
        assert hits == [ids[0], ids[35]]
        assert ranked_in == ["articles_fts"]


def _search_ranked_in(store: SQLiteStore, query: str) -> tuple[list[str], list[str]]:
    """The hits of a search, and the indexes its matches were ranked in."""
    conn = store._connection().conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        hits = [hit[0] for hit in store.search(query, limit=3)]
    finally:
        conn.set_trace_callback(None)
    ranked = [s.split("bm25(")[1].split(",")[0] for s in statements if "bm25(" in s]
    return hits, ranked


def test_a_store_of_schema_9_gets_its_window_filled(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        ids = _fill(store, 6)
    with sqlite3.connect(path) as conn:
        for trigger in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER articles_fts_recent_{trigger}")
        conn.execute("DROP TABLE articles_fts_recent")
        conn.execute("DELETE FROM meta WHERE key = 'search_window'")
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    with open_store(path) as store:
        assert _in_window(path) == [1, 2, 3, 4, 5, 6] and SCHEMA_VERSION >= 10
        assert {hit[0] for hit in store.search("storm")} <= set(ids)


# -- schema 11: the window keeps no copy of the text ---------------------------------------


def _window_matches(conn: sqlite3.Connection, word: str) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM articles_fts_recent WHERE articles_fts_recent MATCH ? "
            "ORDER BY rowid",
            (fts_query(word),),
        )
    ]


def _check_window_in_step(path: Path) -> None:
    """The window indexes exactly the articles from its oldest on, each as its row says: each
    word matches there what it matches in the index of every article from that rowid on."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO articles_fts_recent (articles_fts_recent) VALUES ('integrity-check')"
        )
        oldest = conn.execute("SELECT min(rowid) FROM articles_fts_recent").fetchone()[0]
        for word in [*WORDS, "volcano", "glacier"]:
            everywhere = conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? "
                "ORDER BY rowid",
                (fts_query(word), oldest),
            ).fetchall()
            assert _window_matches(conn, word) == [r[0] for r in everywhere], word


def test_the_window_keeps_no_copy_and_stays_in_step_through_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    rng = random.Random(11)
    with open_store(path) as store:
        _window(path, 8)
        ids = _fill(store, 20)
        for _ in range(30):  # updates in and out of the window, deletes, more articles
            article = store.get_article(rng.choice(ids))
            text = " ".join(rng.choice([*WORDS, "volcano", "glacier"]) for _ in range(5))
            store.update_article(replace(article, text=text, title=rng.choice(WORDS)))
            if rng.random() < 0.3:
                gone = ids.pop(rng.randrange(len(ids)))
                with sqlite3.connect(path) as conn:
                    conn.execute("DELETE FROM articles WHERE id = ?", (gone,))
            if rng.random() < 0.3:
                ids += _fill(store, 1, seed=rng.randrange(1000))
            _check_window_in_step(path)
        assert len(_in_window(path)) == 8
        with sqlite3.connect(path) as conn:  # the window emptied, older articles left
            conn.execute(
                "DELETE FROM articles WHERE rid >= (SELECT min(rowid) FROM articles_fts_recent)"
            )
        assert _in_window(path) == []
        older = store.get_article(ids[0])
        store.update_article(replace(older, text="glacier volcano"))
        assert [hit[0] for hit in store.search("glacier volcano")] == [older.id]
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "articles_fts_recent_content" not in tables  # no copy of the text


def test_a_store_of_schema_10_gets_a_window_without_its_copy(tmp_path: Path) -> None:
    from storyline.store.sqlite_schema import MIGRATIONS

    path = tmp_path / "s.db"
    with open_store(path) as store:
        ids = _fill(store, 9)
    with sqlite3.connect(path) as conn:  # back to schema 10: the window with its copy
        for trigger in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER articles_fts_recent_{trigger}")
        conn.execute("DROP TABLE articles_fts_recent")
        conn.execute("DELETE FROM meta WHERE key = 'search_window'")
        for statement in MIGRATIONS[9]:
            conn.execute(statement)
        conn.execute("UPDATE meta SET value = '10' WHERE key = 'schema_version'")
        assert "articles_fts_recent_content" in {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master")
        }
    with open_store(path) as store:
        assert SCHEMA_VERSION >= 11 and _in_window(path) == list(range(1, 10))
        _window(path, 6)
        ids += _fill(store, 3, seed=2)
        assert _in_window(path) == list(range(7, 13))
        store.update_article(replace(store.get_article(ids[10]), text="glacier"))
        assert [hit[0] for hit in store.search("glacier")] == [ids[10]]
        _check_window_in_step(path)
    with sqlite3.connect(path) as conn:
        assert "articles_fts_recent_content" not in {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master")
        }


# -- words in most articles are required, not ranked (a store bigger than the window) -------


def _ecb_store(path: Path, shared_data: Path, n: int, window: int) -> None:
    """``n`` ECB+ documents (real news text), stored in their order, in a store with a window
    of the latest ``window``."""
    from storyline.evaluation.ecbplus import load_documents

    with open_store(path) as store:
        _window(path, window)
        for k, doc in zip(range(n), load_documents(shared_data / "ecbplus"), strict=False):
            text = " ".join(doc.sentences)
            raw = make_raw(k, text)
            store.add_raw(raw)
            store.add_article(make_article(raw, title=doc.sentences[0], text=text))


def _ranked_in_window(path: Path, terms: list[str], ranked: int, limit: int) -> list[str]:
    """The window's ranking of the latest ``ranked`` matches, every word ranked."""
    match = " ".join(fts_query(t) or "" for t in terms)
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT a.id FROM (SELECT rowid, bm25(articles_fts_recent, 2.0, 1.0) AS rank "
            "FROM articles_fts_recent WHERE articles_fts_recent MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) r "
            "JOIN articles a ON a.rid = r.rowid ORDER BY r.rank, r.rowid LIMIT ?",
            (match, ranked, limit),
        ).fetchall()
    return [row[0] for row in rows]


def test_words_in_most_articles_are_required_but_not_ranked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    """400 ECB+ documents, a window of the latest 300 (the store is bigger): in a search of a
    word in most articles ('the', 'said', 'in', 'was') and rarer ones, the common words are left out
    of bm25 (their IDF is 1e-6) and the hits are the window's ranking with every word, the
    same 10 in the same order; every hit has every word; a search of common words alone ranks
    them all."""
    monkeypatch.setattr(sqlite_module, "SEARCH_RANKED", 40)
    monkeypatch.setattr(sqlite_module, "SHARE_SAMPLE", 300)
    path = tmp_path / "s.db"
    _ecb_store(path, shared_data, 400, 300)
    queries = [
        ["the", "police"], ["said", "the", "fire"], ["in", "the", "killed"],
        ["the", "her", "said"], ["in", "was", "police"], ["the", "two", "fire"],
    ]  # fmt: skip
    with open_store(path) as store:
        for terms in queries:
            hits, ranked_in = _search_ranked_words(store, " ".join(terms))
            assert len(hits) == 10, terms
            assert hits == _ranked_in_window(path, terms, 40, 10), terms
            assert set(ranked_in) < set(terms) and ranked_in, (terms, ranked_in)
            assert all(t not in ranked_in for t in ("the", "said", "in", "was"))
            for hit in hits:
                text = store.get_article(hit).text.casefold()
                assert all(re.search(rf"\b{t}\b", text) for t in terms), (terms, hit)
        _, ranked_in = _search_ranked_words(store, "the in said")
        assert sorted(ranked_in) == ["in", "said", "the"]


def _search_ranked_words(store: SQLiteStore, query: str) -> tuple[list[str], list[str]]:
    """The hits of a search (10), and the words its bm25 statement ranked by."""
    conn = store._connection().conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        hits = [hit[0] for hit in store.search(query, limit=10)]
    finally:
        conn.set_trace_callback(None)
    ranked = [s for s in statements if "bm25(" in s]
    assert len(ranked) == 1
    return hits, re.findall(r'"(\w+)"', ranked[0].split("MATCH")[1])


# -- a bound on a search's cost: ranked in the window only when every article would cost more --


def _store_of(path: Path, texts: list[str], window: int) -> list[str]:
    """A store of ``texts`` (stored in that order, titled by their first word) with a window of
    the latest ``window``; the articles' ids."""
    ids = []
    with open_store(path) as store:
        _window(path, window)
        for k, text in enumerate(texts):
            raw = make_raw(k, text)
            store.add_raw(raw)
            article = make_article(raw, title=text.split()[0], text=text)
            store.add_article(article)
            ids.append(article.id)
    return ids


def test_common_words_with_few_recent_matches_are_ranked_in_the_window_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 older articles with 'storm' and 'coast', and a window of the latest 10 that holds 3
    of their 8 latest matches. Ranking the 8 over every article would count more postings of
    the two words (each in most of the latest articles) than the bound: the search is capped,
    says so, and ranks the window's 3 matches alone, as the window ranks them; asked for more
    hits than the window has, the latest older matches follow, newest first. Without the bound
    the same search is ranked over every article, and a rare word's search always is: the
    exact ranking, as before."""
    monkeypatch.setattr(sqlite_module, "SEARCH_RANKED", 8)
    monkeypatch.setattr(sqlite_module, "SHARE_SAMPLE", 10)
    rng = random.Random(4)
    older = [
        " ".join(["storm"] * rng.randint(1, 4) + ["coast"] * rng.randint(1, 4) + ["rain"] * k)
        for k in range(30)
    ]
    older[3] += " volcano"
    recent = ["storm river", "coast bridge", "storm coast", "coast coast storm mayor"]
    recent += ["storm fire", "coast road", "storm storm coast", "storm", "coast", "school"]
    path = tmp_path / "s.db"
    ids = _store_of(path, older + recent, window=10)
    with open_store(path) as store:
        monkeypatch.setattr(sqlite_module, "MAIN_RANK_POSTINGS", 10)
        capped = store.search_result("storm coast", limit=2)
        assert (capped.ranking, capped.approximate, capped.ranked) == ("capped", True, 3)
        assert capped.note and "only the 3 matches among the latest articles" in capped.note
        assert [hit[0] for hit in capped.hits] == _ranked_in_window(path, ["storm", "coast"], 8, 2)
        assert {hit[0] for hit in capped.hits} <= set(ids[30:])
        more = store.search_result("storm coast", limit=5)
        in_window = _ranked_in_window(path, ["storm", "coast"], 8, 5)
        assert sorted(in_window) == sorted([ids[32], ids[33], ids[36]])
        assert [hit[0] for hit in more.hits] == [*in_window, ids[29], ids[28]]
        assert store.search("storm coast", limit=2) == capped.hits
        rare = store.search_result("volcano storm")
        assert (rare.ranking, [hit[0] for hit in rare.hits]) == ("exact", [ids[3]])
        monkeypatch.setattr(sqlite_module, "MAIN_RANK_POSTINGS", 10_000)
        exact = store.search_result("storm coast", limit=5)
        assert (exact.ranking, exact.approximate, exact.note) == ("exact", False, None)
        assert [hit[0] for hit in exact.hits] == _ranked_over_everything(path, "storm coast", 8, 5)
