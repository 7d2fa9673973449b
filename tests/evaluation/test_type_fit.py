"""Fitting the learned type check (evaluation/type_fit.py): the one-vs-rest fit is
deterministic and learns a separable toy problem; the folds never put one document on both
sides."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storyline.evaluation.type_fit import _folds, fit_one_vs_rest


def test_the_one_vs_rest_fit_is_deterministic_and_learns() -> None:
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 40)
    x = rng.normal(size=(120, 4))
    x[np.arange(120), y] += 4.0  # feature k marks class k
    first = fit_one_vs_rest(x, y, l2=1.0)
    second = fit_one_vs_rest(x, y, l2=1.0)
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)
    w, b, mean, scale = first
    z = ((x - mean) / scale) @ w + b
    assert (z[:, :3].argmax(axis=1) == y).mean() > 0.95


@dataclass
class _Doc:
    key: tuple[str, str]


def test_each_document_is_in_exactly_one_fold() -> None:
    docs = [_Doc(("aeb", f"page{i}")) for i in range(23)]
    folds = _folds(docs, 5)  # type: ignore[arg-type]
    held = sorted(i for fold in folds for i in fold)
    assert held == list(range(23))
    assert all(len(fold) in (4, 5) for fold in folds)
