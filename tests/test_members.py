"""A story's member window gives the dict dot products it replaced, over the last members only."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storyline.members import MemberWindow, QueryVector, Vocabulary
from storyline.text_features import sparse_dot

WORDS = [f"w{i}" for i in range(60)]


def _vec(rng: random.Random) -> dict[str, float]:
    return {w: rng.random() for w in rng.sample(WORDS, rng.randint(0, 12))}


@pytest.mark.parametrize("seed", range(5))
def test_best_member_equals_the_dict_dot_products(seed: int) -> None:
    rng = random.Random(seed)
    vocab, window, kept = Vocabulary(), MemberWindow(size=4), []
    for _ in range(7):
        terms, names = _vec(rng), _vec(rng)
        emb = np.asarray([rng.gauss(0, 1) for _ in range(8)], dtype=np.float32)
        window.add(vocab.add(terms), vocab.add(names, "@"), emb)
        kept = [*kept, (terms, names, emb)][-4:]
    assert len(window) == 4
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
