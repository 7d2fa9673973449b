"""`storyline tune ledger` (storyline.evaluation.tune_claims): grouped folds, nested
cross-validation and the rules' verdict, on invented candidates."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.evaluation.tune_claims import (
    ClaimData,
    _folds,
    cross_validate,
    fit_claim_model,
    rules_verdict,
    score,
    sentence_scores,
)
from storyline.extract.claim_model import FEATURES


def _invented(n_groups: int = 30) -> ClaimData:
    """Two candidates per sentence, one sentence in three a claim; the claims' candidates carry
    a time ahead, and the rules say yes to every claim and to one other sentence in six."""
    rng = np.random.default_rng(0)
    rows, owner, gold, group = [], [], [], []
    for s in range(n_groups * 6):
        claim = s % 3 == 0
        gold.append(claim)
        group.append(f"g{s // 6}")
        for _ in range(2):
            x = rng.random(len(FEATURES)) < 0.2
            x[FEATURES.index("time_ahead")] = claim or rng.random() < 0.1
            x[FEATURES.index("rules_future")] = claim or s % 6 == 1
            rows.append(x.astype(float))
            owner.append(s)
    ids = tuple(f"s{i}" for i in range(len(gold)))
    return ClaimData(np.array(rows), np.array(owner), np.array(gold), tuple(group), ids)


def test_a_group_never_falls_on_two_sides_of_a_fold() -> None:
    groups = [f"g{i % 7}" for i in range(50)]
    folds = _folds(groups, 3, "salt")
    for g in set(groups):
        assert len({int(f) for f, h in zip(folds, groups, strict=True) if h == g}) == 1
    assert len(set(folds.tolist())) == 3


def test_a_sentence_is_a_claim_when_one_of_its_candidates_is() -> None:
    data = _invented(2)
    best = sentence_scores(data, np.arange(len(data.x), dtype=float))
    assert best.tolist() == [2 * i + 1 for i in range(len(data.gold))]
    assert score(np.array([True, False]), np.array([True, True]))["recall"] == 0.5


def test_the_nested_cross_validation_learns_what_tells_claims_apart() -> None:
    data = _invented()
    found = cross_validate(data)
    assert found["rules"] == score(rules_verdict(data), data.gold)
    assert found["rules"]["precision"] < 0.7  # the rules take one other sentence in six
    assert found["model_nested_cv"]["precision"] > found["rules"]["precision"]
    assert found["model_nested_cv"]["recall"] >= 0.9
    assert len(found["chosen"]) == 10


def test_the_fitted_model_carries_its_provenance(tmp_path: Path) -> None:
    model = fit_claim_model(_invented(), "storyline tune ledger DIR", tmp_path)
    assert model.meta["command"] == "storyline tune ledger DIR"
    assert "tune half" in model.meta["data"] and model.meta["grouped_cv_at_choice"]["f1"] > 0.5
