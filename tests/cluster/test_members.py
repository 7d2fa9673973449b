"""A story's member window gives the dict dot products it replaced, over the last members only."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storyline.cluster.members import MemberWindow, QueryVector, Vocabulary, heaviest
from storyline.text.features import sparse_dot

WORDS = [f"w{i}" for i in range(60)]


def _vec(rng: random.Random) -> dict[str, float]:
    return {w: rng.random() for w in rng.sample(WORDS, rng.randint(0, 12))}


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("steps", [2, 7, 13])  # under, past and well past the window
def test_best_member_equals_the_dict_dot_products(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    vocab, window, kept = Vocabulary(), MemberWindow(size=4), []
    for _ in range(steps):
        terms, names = _vec(rng), _vec(rng)
        emb = np.asarray([rng.gauss(0, 1) for _ in range(8)], dtype=np.float32)
        window.add(vocab.add(terms), vocab.add(names, "@"), emb)
        kept = [*kept, (terms, names, emb)][-4:]
    assert len(window) == min(steps, 4)
    query_terms, query_names = _vec(rng), _vec(rng)
    query_terms["unseen"] = 1.0  # a key no member has
    rows = (vocab.lookup(query_terms), vocab.lookup(query_names, "@"))
    with QueryVector().holding(rows, len(vocab)) as held:
        lexical, names = window.best(held)
    assert lexical == pytest.approx(max(sparse_dot(query_terms, t) for t, _, _ in kept), abs=1e-12)
    assert names == pytest.approx(max(sparse_dot(query_names, n) for _, n, _ in kept), abs=1e-12)
    vec = np.ones(8, dtype=np.float32)
    best = window.best_embedding(vec)
    assert best == pytest.approx(max(float(vec @ e) for _, _, e in kept), rel=1e-5)


def test_the_query_vector_is_zeroed_after_use() -> None:
    vocab, query = Vocabulary(), QueryVector()
    row = vocab.add({"a": 1.0, "b": 2.0})
    with query.holding((row,), len(vocab)) as held:
        assert held[row.ids].tolist() == [1.0, 2.0]
    with query.holding((), len(vocab)) as held:
        assert not held.any()


def test_an_empty_window_matches_nothing() -> None:
    window = MemberWindow(size=3)
    assert window.best(np.zeros(4)) == (0.0, 0.0)
    assert window.best_embedding(np.ones(4, dtype=np.float32)) is None


def test_best_members_are_the_last_match_rows_and_rows_keeps_them_all() -> None:
    vocab, window = Vocabulary(), MemberWindow(size=5, match=2)
    members = [{"a": 3.0}, {"a": 2.0, "b": 1.0}, {"b": 1.0}, {"a": 1.0}, {"c": 1.0}, {"b": 0.5}]
    for i, vec in enumerate(members):
        window.add(vocab.add(vec), vocab.add({}), np.full(2, float(i), dtype=np.float32))
    terms, _, vectors = window.rows()
    assert len(terms) == 5  # members 1-5: the first left
    query = vocab.lookup({"a": 1.0, "b": 1.0})
    with QueryVector().holding((query,), len(vocab)) as held:
        # members 4 ({"c"}) and 5 ({"b": 0.5}) are compared; 1-3 ({"a"}, {"b"}) are not
        assert window.best(held) == (pytest.approx(0.5), 0.0)
    assert window.best_embedding(np.ones(2, dtype=np.float32)) == pytest.approx(10.0)
    assert [float(v[0]) for v in vectors if v is not None] == [1.0, 2.0, 3.0, 4.0, 5.0]
    short = MemberWindow(size=5, match=3)
    short.add(vocab.add({"a": 2.0}), vocab.add({}), None)
    short.add(vocab.add({"b": 1.0}), vocab.add({}), None)
    with QueryVector().holding((query,), len(vocab)) as held:
        assert short.best(held) == (pytest.approx(2.0), 0.0)  # fewer than match: all compared


def test_members_are_compared_by_their_heaviest_terms_at_unit_length() -> None:
    vocab = Vocabulary()
    row = vocab.add({"a": 0.8, "b": 0.1, "c": 0.5, "d": 0.3})
    top = heaviest(row, 2)
    assert [vocab.expand(top)[k] for k in ("a", "c")] == pytest.approx(
        [0.8 / 0.89**0.5, 0.5 / 0.89**0.5]
    )
    assert set(vocab.expand(top)) == {"a", "c"}
    assert heaviest(row, 4) is row and heaviest(row, 0) is row
    window = MemberWindow(size=3, terms=2)
    window.add(row, vocab.add({}), None)
    query = vocab.lookup({"b": 1.0, "d": 1.0})  # the member's two lightest terms
    with QueryVector().holding((query,), len(vocab)) as held:
        assert window.best(held) == (0.0, 0.0)
    assert window.rows()[0][0] is row  # splits still see the whole member


def test_a_late_embedding_counts_only_while_its_member_is_compared() -> None:
    vocab, window = Vocabulary(), MemberWindow(size=3)
    for i in range(5):
        window.add(vocab.add({f"w{i}": 1.0}), vocab.add({}), None)
    assert window.best_embedding(np.ones(2, dtype=np.float32)) is None
    window.set_embedding(1, np.full(2, 9.0, dtype=np.float32))  # member 1 has left
    window.set_embedding(3, np.full(2, 2.0, dtype=np.float32))
    assert window.best_embedding(np.ones(2, dtype=np.float32)) == pytest.approx(4.0)
    assert window.best_embedding(np.ones(3, dtype=np.float32)) is None  # another width
    assert [v is not None for v in window.rows()[2]] == [False, True, False]


def test_heaviest_of_an_all_zero_row_stays_zero() -> None:
    vocab = Vocabulary()
    top = heaviest(vocab.add({"a": 0.0, "b": 0.0, "c": 0.0}), 2)
    assert top.ids.size == 2 and not top.weights.any()


def test_a_looked_up_row_of_known_keys_is_the_added_row() -> None:
    """The clusterer stores a member's row as looked up for ranking when every key was known
    (StoryClusterer._add_member): the same ids, order and weights as Vocabulary.add gives."""
    vocab = Vocabulary()
    vocab.add({"w3": 1.0, "w1": 2.0})
    vec = {"w1": 0.25, "w3": 0.5}
    looked, added = vocab.lookup(vec), vocab.add(vec)
    assert looked.ids.tolist() == added.ids.tolist()
    assert looked.weights.tolist() == added.weights.tolist()
    assert looked.ids.dtype == added.ids.dtype and looked.weights.dtype == added.weights.dtype
    assert vocab.lookup({**vec, "new": 1.0}).ids.size == len(vec)  # a new key: added instead
