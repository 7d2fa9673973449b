"""The Store contract: the same checks for every implementation (``store`` is parametrised)."""

from __future__ import annotations

import dataclasses
import random
import string
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from _store_samples import (
    COVERED_SCHEMES,
    UNAVAILABLE_SCHEMES,
    full_article,
    make_article,
    make_raw,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import ConfigError, NotFoundError, StoreError, StoreValueError
from storyline.records import Article, Assignment, Rejection, RemovedLine
from storyline.store import SQLiteStore, Store, known_schemes, open_store


def assert_same_article(got: Article, want: Article) -> None:
    for field in dataclasses.fields(Article):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if field.name == "embedding" and a is not None and b is not None:
            assert a.dtype == np.float32
            np.testing.assert_array_equal(a, np.asarray(b, dtype=np.float32))
        else:
            assert a == b, field.name


def test_every_registered_scheme_is_covered() -> None:
    for scheme in known_schemes():
        assert scheme in COVERED_SCHEMES or scheme in UNAVAILABLE_SCHEMES, scheme


# -- articles ------------------------------------------------------------------------------


def test_article_with_every_field_round_trips(store: Store) -> None:
    raw = make_raw(1)
    article = full_article(raw)
    assert store.add_raw(raw)
    assert store.add_article(article)
    got = store.get_article(article.id)
    assert_same_article(got, article)
    assert got.published is not None and got.published.utcoffset() == timedelta(hours=5)
    assert got.removed_lines == [
        RemovedLine(0, "Menu", "navigation"),
        RemovedLine(2, "Lire aussi", "repeat"),
    ]
    assert got.embedding is not None and got.embedding.flags.writeable


def test_minimal_article_round_trips(store: Store) -> None:
    raw = make_raw(2)
    article = make_article(raw)  # no date, no embedding, empty meta and removed_lines
    store.add_raw(raw)
    store.add_article(article)
    assert_same_article(store.get_article(article.id), article)


def test_naive_date_and_float64_embedding(store: Store) -> None:
    raw = make_raw(3)
    vector = np.linspace(-1, 1, 7)  # float64: stored as float32
    article = make_article(raw, published=datetime(1999, 12, 31, 23, 59), embedding=vector)
    store.add_raw(raw)
    store.add_article(article)
    got = store.get_article(article.id)
    assert got.published == datetime(1999, 12, 31, 23, 59) and got.published.tzinfo is None
    assert got.embedding is not None
    np.testing.assert_array_equal(got.embedding, vector.astype(np.float32))


def test_add_raw_is_idempotent(store: Store) -> None:
    raw = make_raw(4, "bytes \x00 and ünïcode")
    assert not store.has_raw(raw.sha256)
    assert store.add_raw(raw) is True
    assert store.add_raw(raw) is False
    assert store.has_raw(raw.sha256)
    assert store.get_raw(raw.sha256) == raw


def test_add_article_is_idempotent_and_does_not_overwrite(store: Store) -> None:
    raw = make_raw(5)
    article = make_article(raw, title="first")
    store.add_raw(raw)
    assert store.add_article(article) is True
    assert store.add_article(dataclasses.replace(article, title="second")) is False
    assert store.get_article(article.id).title == "first"
    assert store.count_articles() == 1


def test_add_articles_stores_a_batch_as_add_article_would(store: Store) -> None:
    raws = [make_raw(60), make_raw(61)]
    for raw in raws:
        store.add_raw(raw)
    batch = [make_article(raws[i % 2], str(i), seq=i, title=f"t{i}") for i in range(5)]
    assert store.add_articles(batch[:3]) == 3
    assert store.add_articles(batch) == 2  # the first three are there already
    assert store.add_articles([]) == 0
    for article in batch:
        assert_same_article(store.get_article(article.id), article)
    assert [a.id for a in store.iter_articles(order="seq")] == [a.id for a in batch]


def test_the_default_add_articles_agrees(tmp_path: Path) -> None:
    """Store.add_articles (one add_article each, for other backends) and the SQL batch."""
    batch, single = (SQLiteStore(tmp_path / f"{name}.db") for name in ("batch", "single"))
    with batch, single:
        raw = make_raw(64)
        articles = [make_article(raw, str(i), seq=i) for i in range(4)]
        for store in (batch, single):
            store.add_raw(raw)
        assert batch.add_articles(articles[:2]) == Store.add_articles(single, articles[:2]) == 2
        assert batch.add_articles(articles) == Store.add_articles(single, articles) == 2
        assert [a.id for a in batch.iter_articles()] == [a.id for a in single.iter_articles()]


def test_article_briefs_are_read_in_the_order_asked(store: Store) -> None:
    """A page of search hits read at once: in the order asked, unknown ids left out, with
    what a list shows (title, source, date, language, story); the default agrees."""
    raw = make_raw(65)
    store.add_raw(raw)
    when = datetime(2024, 5, 1, 12, tzinfo=UTC)
    articles = [
        make_article(raw, str(i), seq=i, title=f"t{i}", source=f"s{i}", published=when)
        for i in range(3)
    ]
    store.add_articles(articles)
    store.update_article(dataclasses.replace(articles[1], story_id="st-1", language="en"))
    asked = [articles[2].id, "a-missing", articles[0].id, articles[1].id]
    briefs = store.article_briefs(asked)
    assert [a.id for a in briefs] == [articles[2].id, articles[0].id, articles[1].id]
    assert [(a.title, a.source, a.published) for a in briefs][:2] == [
        ("t2", "s2", when),
        ("t0", "s0", when),
    ]
    assert (briefs[2].story_id, briefs[2].language) == ("st-1", "en")
    default = Store.article_briefs(store, asked)
    assert [(a.id, a.title, a.story_id) for a in default] == [
        (a.id, a.title, a.story_id) for a in briefs
    ]
    assert store.article_briefs([]) == []


def test_add_articles_is_all_or_nothing(store: Store) -> None:
    raw = make_raw(62)
    store.add_raw(raw)
    orphan = make_article(make_raw(63), "orphan")  # its raw input was never stored
    with pytest.raises(StoreError, match=orphan.id):
        store.add_articles([make_article(raw, "1"), orphan])
    assert store.count_articles() == 0


def test_article_needs_its_raw_input(store: Store) -> None:
    with pytest.raises(StoreError, match="add_raw"):
        store.add_article(make_article(make_raw(6)))
    assert store.count_articles() == 0


def test_update_article_fills_stage_fields(store: Store) -> None:
    raw = make_raw(7, "Old raw words here")
    article = make_article(raw, title="Old title")
    store.add_raw(raw)
    store.add_article(article)
    updated = dataclasses.replace(
        full_article(raw), id=article.id, seq=article.seq, raw_text=article.raw_text
    )
    assert store.update_article(updated) is None
    assert_same_article(store.get_article(article.id), updated)
    assert [hit[0] for hit in store.search("grève")] == [article.id]
    assert store.search("old title") == []


def test_a_value_the_store_cannot_hold_is_a_store_value_error(store: Store) -> None:
    """A lone surrogate (no UTF-8 encoder takes one): StoreValueError, nothing of the call
    written, the store usable after it."""
    raw = make_raw(9)
    store.add_raw(raw)
    with pytest.raises(StoreValueError, match="refused a value"):
        store.add_article(make_article(raw, "bad", title="lone \ud800"))
    assert store.count_articles() == 0
    assert store.add_article(make_article(raw, "good"))


def test_unknown_ids_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="list them with `storyline stories`") as info:
        store.get_article("a-missing")
    assert "a-missing" in str(info.value)
    assert isinstance(info.value, KeyError)
    with pytest.raises(NotFoundError):
        store.get_raw("0" * 64)
    raw = make_raw(8)
    store.add_raw(raw)
    with pytest.raises(NotFoundError):
        store.update_article(make_article(raw))


def test_count_and_next_seq(store: Store) -> None:
    assert store.count_articles() == 0
    assert store.next_seq() == 1
    raw = make_raw(9)
    store.add_raw(raw)
    store.add_article(make_article(raw, "1", seq=5))
    store.add_article(make_article(raw, "2", seq=3))
    assert store.count_articles() == 2
    assert store.next_seq() == 6


def test_unassigned_articles_are_those_without_a_story_in_seq_order(store: Store) -> None:
    assert store.unassigned_articles() == []
    raw = make_raw(10)
    store.add_raw(raw)
    late, early, placed = (make_article(raw, str(n), seq=s) for n, s in ((1, 8), (2, 4), (3, 6)))
    for article in (late, early, placed):
        store.add_article(article)
    store.update_article(dataclasses.replace(placed, story_id="s1"))
    assert [a.id for a in store.unassigned_articles()] == [early.id, late.id]


def test_unassigned_ids_are_in_publication_order_and_read_back_by_id(store: Store) -> None:
    """What an ingest keeps of its articles (their ids, in the order it clusters them), and
    how it reads them back a batch at a time."""
    assert store.unassigned_ids() == []
    raw = make_raw(10)
    store.add_raw(raw)
    day = datetime(2024, 5, 2, tzinfo=UTC)
    dates = {1: day, 2: None, 3: day - timedelta(days=1), 4: day, 5: None}
    seqs = {1: 9, 2: 2, 3: 7, 4: 3, 5: 1}
    articles = {n: make_article(raw, str(n), seq=seqs[n], published=d) for n, d in dates.items()}
    for article in articles.values():
        store.add_article(article)
    store.update_article(dataclasses.replace(articles[3], story_id="s1"))
    order = [articles[n].id for n in (4, 1, 5, 2)]  # by date, then seq; undated last
    assert store.unassigned_ids() == order
    assert [a.id for a in store.articles_by_id(order[::-1])] == order[::-1]
    assert store.articles_by_id([order[0]]) == [store.get_article(order[0])]
    with pytest.raises(NotFoundError):
        store.articles_by_id([order[0], "nope"])


# -- order ---------------------------------------------------------------------------------


def test_iter_articles_orders(store: Store) -> None:
    raw = make_raw(10)
    store.add_raw(raw)
    plus10 = timezone(timedelta(hours=10))
    dates = {
        "late": datetime(2024, 1, 2, 12, 0, tzinfo=UTC),
        "undated-1": None,
        # 2024-01-02T20:00+10:00 is 10:00 UTC: earlier than "late" though its local time is later.
        "local-later": datetime(2024, 1, 2, 20, 0, tzinfo=plus10),
        "early": datetime(2023, 6, 1),  # naive: taken as UTC
        "tie-b": datetime(2024, 1, 3),
        "tie-a": datetime(2024, 1, 3),
        "undated-0": None,
    }
    seqs = {"undated-0": 0, "late": 1, "undated-1": 2, "local-later": 3, "early": 4}
    seqs |= {"tie-a": 5, "tie-b": 6}
    for entry, published in dates.items():
        store.add_article(make_article(raw, entry, published=published, seq=seqs[entry]))
    by_published = [a.entry for a in store.iter_articles()]
    assert by_published == [
        "early",
        "local-later",
        "late",
        "tie-a",
        "tie-b",
        "undated-0",
        "undated-1",
    ]
    assert [a.entry for a in store.iter_articles(order="seq")] == sorted(
        dates, key=seqs.__getitem__
    )
    with pytest.raises(ConfigError, match="published"):
        store.iter_articles(order="random")  # type: ignore[arg-type]


def test_articles_after_a_seq_are_the_later_ones_in_publication_order(store: Store) -> None:
    raw = make_raw(12)
    store.add_raw(raw)
    days = [5, 1, 4, None, 2, 3, None, 1]  # by seq; None: undated
    for seq, day in enumerate(days, 1):
        published = None if day is None else datetime(2024, 3, day, tzinfo=UTC)
        store.add_article(make_article(raw, f"e{seq}", published=published, seq=seq))
    every = list(store.iter_articles())
    for seq in (0, 3, 6, 8):
        after = list(store.articles_after(seq))
        assert [a.id for a in after] == [a.id for a in every if a.seq > seq]
        assert all(a.raw_text for a in after)  # whole articles, as a reload reads them
    # the default (a backend without its own) agrees
    assert [a.id for a in Store.articles_after(store, 3)] == [a.id for a in store.articles_after(3)]
    for seq in (2, 5):
        store.update_article(dataclasses.replace(every[seq], story_id="s1"))
    by_seq = sorted((a for a in store.iter_articles() if a.story_id), key=lambda a: a.seq)
    assert store.assigned_ids_after(0) == [a.id for a in by_seq] and len(by_seq) == 2
    assert store.assigned_ids_after(by_seq[0].seq) == [by_seq[1].id]
    assert Store.assigned_ids_after(store, 0) == store.assigned_ids_after(0)


def test_a_sidecar_path_only_beside_a_writable_file(store: Store, tmp_path: Path) -> None:
    found = store.sidecar_path(".cache")
    if isinstance(store, SQLiteStore) and not store.in_memory:
        assert found == Path(f"{store.path}.cache")
    else:
        assert found is None  # PostgreSQL and a store in memory keep no file of their own


def test_iter_articles_of_one_story_and_writing_while_iterating(store: Store) -> None:
    raw = make_raw(11)
    store.add_raw(raw)
    for i in range(600):  # more than one chunk
        story = "s-even" if i % 2 == 0 else "s-odd"
        store.add_article(make_article(raw, str(i), seq=i, story_id=story))
    seen = 0
    for article in store.iter_articles(order="seq", story_id="s-even"):
        store.update_article(dataclasses.replace(article, language="en"))
        seen += 1
    assert seen == 300
    assert {a.language for a in store.iter_articles(story_id="s-even")} == {"en"}
    assert {a.language for a in store.iter_articles(story_id="s-odd")} == {None}
    assert list(store.iter_articles(story_id="s-none")) == []


# -- transactions --------------------------------------------------------------------------


def test_transaction_rollback_keeps_earlier_data(store: Store) -> None:
    raw1, raw2 = make_raw(12, "kept words"), make_raw(13, "vanished words")
    with store.transaction():
        store.add_raw(raw1)
        store.add_article(make_article(raw1))
    with pytest.raises(RuntimeError, match="parser bug"), store.transaction():
        store.add_raw(raw2)
        store.add_article(make_article(raw2))
        store.add_rejection(Rejection(raw2.path, "boom"), raw2.sha256)
        store.put_state("model", {"n": 2})
        raise RuntimeError("parser bug")
    assert store.has_raw(raw1.sha256) and not store.has_raw(raw2.sha256)
    assert store.count_articles() == 1
    assert store.rejections() == []
    assert store.get_state("model") is None
    assert store.search("vanished") == []
    assert len(store.search("kept")) == 1


def test_failed_write_inside_a_transaction_undoes_the_block(store: Store) -> None:
    raw = make_raw(14)
    store.add_raw(raw)
    with pytest.raises(StoreError), store.transaction():
        store.add_article(make_article(raw, "1"))
        store.add_article(make_article(make_raw(15), "2"))  # raw not stored
    assert store.count_articles() == 0
    store.add_article(make_article(raw, "1"))  # the store is usable afterwards
    assert store.count_articles() == 1


def test_nested_transaction_undoes_only_the_inner_block(store: Store) -> None:
    raw = make_raw(16)
    with store.transaction():
        store.add_raw(raw)
        store.add_article(make_article(raw, "outer"))
        with pytest.raises(ValueError), store.transaction():
            store.add_article(make_article(raw, "inner"))
            raise ValueError
        store.add_article(make_article(raw, "after"))
    assert sorted(a.entry for a in store.iter_articles()) == ["after", "outer"]


# -- rejections, assignments, state --------------------------------------------------------


def test_rejections(store: Store) -> None:
    raw = make_raw(17)
    store.add_raw(raw)
    first = Rejection("a.bin", "binary file")
    second = Rejection(raw.path, "no text", entry="item-2")
    assert store.add_rejection(first) is True
    assert store.add_rejection(second, raw.sha256) is True
    assert store.add_rejection(first) is False  # re-ingesting does not repeat it
    assert store.add_rejection(second, raw.sha256) is False
    assert store.rejections() == [first, second]


def test_long_rejections_are_kept_once(store: Store) -> None:
    """A rejection's path, entry and reason come from the input and can run to thousands of
    characters (a 6,000-character JSON id once stopped an ingest on PostgreSQL)."""
    rng = random.Random(5)
    long = "".join(rng.choices(string.ascii_letters + string.digits, k=6000))
    rejection = Rejection(f"/in/{long[:3000]}.jsonl", f"line 1: {long}", entry=long)
    assert store.add_rejection(rejection) is True
    assert store.add_rejection(rejection) is False
    assert store.add_rejection(dataclasses.replace(rejection, entry=long[:-1])) is True
    assert store.rejections()[0] == rejection


def test_a_rejection_quoting_a_nul_is_kept_with_a_replacement_character(store: Store) -> None:
    store.add_rejection(Rejection("x.jsonl", "line 2: bad id 'a\x00b'", entry="a\x00b"))
    assert store.rejections() == [Rejection("x.jsonl", "line 2: bad id 'a\ufffdb'", "a\ufffdb")]


def test_assignments_round_trip(store: Store) -> None:
    raw = make_raw(18)
    store.add_raw(raw)
    first = make_article(raw, "1", seq=1, published=datetime(2024, 5, 2))
    second = make_article(raw, "2", seq=2, published=datetime(2024, 5, 1))
    other = make_article(raw, "3", seq=3)
    for article in (first, second, other):
        store.add_article(article)
    a1 = Assignment(first.id, "s-one", True, 0.0, 0.0, 0.0, None, reason="new story")
    a2 = Assignment(
        second.id, "s-one", False, 0.61, 0.5, 0.72, 1.25, ("grève", "zürich"), ("Zoë",), "s-two"
    )
    a3 = Assignment(other.id, "s-two", True, 0.0, 0.0, 0.0, None)
    for assignment in (a1, a2, a3):
        store.save_assignment(assignment)
    assert store.assignments("s-one") == [a2, a1]  # publication order
    assert store.assignments() == [a2, a1, a3]
    assert store.get_article(second.id).story_id == "s-one"
    assert store.story_ids() == ["s-one", "s-two"]
    assert store.story_article_ids("s-one") == [second.id, first.id]
    assert store.story_article_ids("s-none") == []
    moved = dataclasses.replace(a3, story_id="s-one", new_story=False)
    store.save_assignment(moved)  # one assignment per article: replaced
    assert store.assignments("s-two") == [] and moved in store.assignments("s-one")
    with pytest.raises(NotFoundError):
        store.save_assignment(dataclasses.replace(a1, article_id="a-missing"))


def test_state_round_trip(store: Store) -> None:
    assert store.get_state("boilerplate") is None
    state = {"counts": {"example.org": {"Menu": 3}}, "ünï": [1.5, None, True], "n": 0}
    store.put_state("boilerplate", state)
    assert store.get_state("boilerplate") == state
    store.put_state("boilerplate", {"n": 1})
    assert store.get_state("boilerplate") == {"n": 1}
    with pytest.raises(StoreError, match="JSON"):
        store.put_state("bad", {"when": datetime(2024, 1, 1)})
    assert store.get_state("bad") is None


def test_analysis_cache_round_trip(store: Store) -> None:
    raw = make_raw(30)
    store.add_raw(raw)
    article = make_article(raw, published=datetime(2022, 9, 15, 8, tzinfo=UTC))
    store.add_article(article)
    assert store.get_analysis(article.id) is None
    data = {"version": 1, "events": [{"who": ["Xi Jinping"], "when": None}], "ü": 1.5}
    store.put_analysis(article.id, data)
    assert store.get_analysis(article.id) == data
    store.put_analysis(article.id, {"version": 2})
    assert store.get_analysis(article.id) == {"version": 2}
    with pytest.raises(NotFoundError):
        store.put_analysis("a-missing", data)
    with pytest.raises(StoreError, match="JSON"):
        store.put_analysis(article.id, {"when": datetime(2024, 1, 1)})
    assert store.get_analysis(article.id) == {"version": 2}
    other = make_article(raw, "later", published=datetime(2022, 9, 16, tzinfo=UTC))
    store.add_article(other)
    store.add_article(make_article(raw, "undated"))
    assert store.latest_published() == other.published


# -- search --------------------------------------------------------------------------------


def test_search_finds_words_in_titles_and_texts(store: Store) -> None:
    raw = make_raw(19)
    store.add_raw(raw)
    strike = make_article(
        raw, "1", title="Grève générale à Zürich", text="Les trains sont à l'arrêt."
    )
    storm = make_article(raw, "2", title="Storm warning", text="A storm hits the coast of Zürich.")
    uncleaned = make_article(raw, "3", raw_text="Before cleaning the volcano erupted")
    for article in (strike, storm, uncleaned):
        store.add_article(article)
    assert [hit[0] for hit in store.search("GREVE")] == [strike.id]  # case and accents folded
    assert {hit[0] for hit in store.search("zurich")} == {strike.id, storm.id}
    assert [hit[0] for hit in store.search("storm coast")] == [storm.id]
    assert [hit[0] for hit in store.search("volcano")] == [uncleaned.id]
    assert store.search("storm volcano") == []  # every word is required
    assert len(store.search("zurich", limit=1)) == 1
    assert store.search("zurich", limit=0) == []
    (_, snippet), *_ = store.search("trains")
    assert "**trains**" in snippet


def test_search_uses_the_first_distinct_words_of_a_long_query(store: Store) -> None:
    """A long query (500 characters of common words) costs at most SEARCH_TERMS posting lists:
    a repeated word counts once, and words after the SEARCH_TERMS-th distinct one are not
    required."""
    from storyline.store.rows import SEARCH_TERMS

    raw = make_raw(22)
    store.add_raw(raw)
    text = "The police found orchids in the glass house near the town."
    both = make_article(raw, "both", title="Police warning", text=text)
    police = make_article(raw, "police", title="Police", text="The police said nothing.")
    for article in (both, police):
        store.add_article(article)
    repeated = "police POLICE Police " * 20 + "orchids"
    assert [hit[0] for hit in store.search(repeated)] == [both.id]
    present = ["police", "warning", "the", "found", "orchids", "in", "glass", "house", "near"]
    assert len(present) > SEARCH_TERMS
    words = present[:SEARCH_TERMS]
    assert [hit[0] for hit in store.search(" ".join([*words, "absent"]))] == [both.id]
    assert store.search(" ".join([*words[:-1], "absent"])) == []  # within them: required


HOSTILE = [
    '"', '""', "'", "AND OR (", "NOT", "NEAR(a b)", "*", "a*", "^a", "title:storm", "body:",
    "-storm", "storm OR", "(((", ")", "{a b}", "a + b", "\x00", "\\", "", "   ", "é\u0301",
    "🚀", "_", "a" * 10_000, "storm " * 1000, "\ufffd",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_search_survives_hostile_queries(store: Store, query: str) -> None:
    raw = make_raw(20)
    store.add_raw(raw)
    store.add_article(make_article(raw, title="Storm warning", text="a storm, b and (c)"))
    result = store.search(query)
    assert isinstance(result, list)


def test_search_never_raises(store: Store) -> None:
    raw = make_raw(21)
    store.add_raw(raw)
    store.add_article(make_article(raw, title="Storm warning", text="NEAR the coast AND OR"))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query=st.text(), limit=st.integers(min_value=-5, max_value=50))
    def check(query: str, limit: int) -> None:
        hits = store.search(query, limit)
        assert len(hits) <= max(limit, 0)
        assert all(isinstance(i, str) and isinstance(s, str) for i, s in hits)

    check()


# -- lifecycle and threads -----------------------------------------------------------------


def test_closed_store_refuses_work(store: Store) -> None:
    with store as same:
        assert same is store
    store.close()  # twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.count_articles()


def test_reader_thread_while_a_writer_writes(store: Store) -> None:
    batches, per_batch = 20, 10
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def write() -> None:
        try:
            for b in range(batches):
                raw = make_raw(1000 + b, f"storm batch {b}")
                with store.transaction():
                    store.add_raw(raw)
                    for i in range(per_batch):
                        store.add_article(make_article(raw, str(i), seq=b * per_batch + i))
        except BaseException as e:  # reported below
            errors.append(e)
        finally:
            done.set()

    def read() -> None:
        try:
            while True:
                finished = done.is_set()  # then one last read, which sees every batch
                counts.append(store.count_articles())
                sum(1 for _ in store.iter_articles())
                store.search("storm", 5)
                if finished:
                    break
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert counts == sorted(counts)  # never goes back
    assert all(c % per_batch == 0 for c in counts)  # a reader never sees half a transaction
    assert counts[-1] == batches * per_batch


def _second_handle(store: Store) -> Store | None:
    """Another open of the same store (as another process would have); None in memory."""
    if isinstance(store, SQLiteStore):
        return None if store.in_memory else SQLiteStore(store.path)
    return open_store(getattr(store, "url"))  # noqa: B009 - PostgresStore is an extra


def test_writer_lock_excludes_every_other_holder_of_the_store(store: Store) -> None:
    other = _second_handle(store)
    if other is None:
        with store.writer_lock():  # a store only this process sees: nothing to wait for
            return
    entered, errors = threading.Event(), []

    def take_it() -> None:
        try:
            with other.writer_lock():
                entered.set()
        except BaseException as e:  # reported below
            errors.append(e)

    with other, store.writer_lock():
        thread = threading.Thread(target=take_it)
        thread.start()
        assert not entered.wait(0.3)  # blocked while this handle holds it
        store.count_articles()  # the holder goes on working meanwhile
    thread.join(30)
    assert entered.is_set() and errors == []
    with store.writer_lock():  # released: the first handle takes it again
        pass


# -- a batch of assigned articles ------------------------------------------------------------


def _stage_results(raw_seed: int) -> tuple[list[Article], list[tuple[Article, Assignment]]]:
    """Three stored articles and, for each, its stage results and assignment as a pipeline
    writes them: one keeps its text, one loses a line and gets a title, one gets a vector."""
    raw = make_raw(raw_seed, "Menu\nStorm hits the coast\nmore rain tomorrow")
    stored = [make_article(raw, str(n), seq=n, title=None) for n in (1, 2, 3)]
    kept = dataclasses.replace(stored[0], text=stored[0].raw_text, language="en", story_id="s-a")
    trimmed = dataclasses.replace(
        stored[1],
        text="Storm hits the coast\nmore rain tomorrow",
        removed_lines=[RemovedLine(0, "Menu", "navigation")],
        title="Storm hits the coast",
        text_hash="h2",
        duplicate_of=stored[0].id,
        duplicate_kind="near",
        duplicate_similarity=0.8,
        story_id="s-a",
    )
    vector = np.arange(4, dtype=np.float32) / 4
    embedded = dataclasses.replace(
        stored[2], text=stored[2].raw_text, embedding=vector, story_id="s-b"
    )
    assignments = [
        Assignment(kept.id, "s-a", True, 0.0, 0.0, 0.0, None, reason="new story"),
        Assignment(trimmed.id, "s-a", False, 0.7, 0.6, 0.0, 0.5, ("storm",), ("Storm",), None),
        Assignment(embedded.id, "s-b", True, 0.1, 0.1, 0.2, None, reason="new story"),
    ]
    return stored, list(zip([kept, trimmed, embedded], assignments, strict=True))


def _fill(store: Store, raw_seed: int) -> list[tuple[Article, Assignment]]:
    stored, assigned = _stage_results(raw_seed)
    store.add_raw(make_raw(raw_seed, "Menu\nStorm hits the coast\nmore rain tomorrow"))
    for article in stored:
        store.add_article(article)
    return assigned


def test_save_assigned_stores_what_update_and_save_assignment_store(store: Store) -> None:
    assigned = _fill(store, 31)
    store.save_assigned(assigned)
    for article, assignment in assigned:
        assert_same_article(store.get_article(article.id), article)
        assert assignment in store.assignments(assignment.story_id)
    assert store.story_ids() == ["s-a", "s-b"]
    assert sorted(hit[0] for hit in store.search("storm")) == sorted(a.id for a, _ in assigned)
    menu = sorted(hit[0] for hit in store.search("menu"))  # the trimmed article lost that line
    assert menu == sorted([assigned[0][0].id, assigned[2][0].id])


def test_save_assigned_equals_the_one_by_one_calls(tmp_path: Path) -> None:
    """The SQLite batch (three statements) and the default (one call per article) agree."""
    batch, single = (SQLiteStore(tmp_path / f"{name}.db") for name in ("batch", "single"))
    with batch, single:
        assigned = _fill(batch, 32)
        _fill(single, 32)
        batch.save_assigned(assigned)
        Store.save_assigned(single, assigned)  # the base class's loop
        for article, _ in assigned:
            assert_same_article(batch.get_article(article.id), single.get_article(article.id))
        assert batch.assignments() == single.assignments()
        assert batch.search("storm") == single.search("storm")
        assert batch.search("menu") == single.search("menu")


def test_save_assigned_is_all_or_nothing(store: Store) -> None:
    assigned = _fill(store, 33)
    ghost = dataclasses.replace(assigned[1][0], id="a-missing")
    with pytest.raises(NotFoundError, match="a-missing"):
        store.save_assigned([assigned[0], (ghost, assigned[1][1])])
    assert store.assignments() == []
    assert store.get_article(assigned[0][0].id).story_id is None
    assert store.unassigned_articles() != []
