"""The evaluation helpers around the online clustering runs."""

from __future__ import annotations

import pytest

from storyline.evaluation.metrics import Scores
from storyline.evaluation.runner import ClusteringResult
from storyline.evaluation.stories import order_spread


def _result(f1: float) -> ClusteringResult:
    scores = Scores(f1, f1, f1)
    return ClusteringResult(10, 2, 3, scores, scores, None, 0.1)


def test_order_spread_summarises_every_order() -> None:
    spread = order_spread([_result(0.9), _result(0.8), _result(0.85)])
    assert spread["n"] == 3
    assert spread["bcubed_f1"]["mean"] == pytest.approx(0.85)
    assert spread["bcubed_f1"]["min"] == 0.8
    assert spread["bcubed_f1"]["max"] == 0.9
    assert spread["bcubed_f1"]["each"] == [0.9, 0.8, 0.85]


def test_order_spread_of_one_order_is_that_order() -> None:
    spread = order_spread([_result(0.7)])
    assert spread["bcubed_f1"]["mean"] == spread["bcubed_f1"]["min"] == 0.7
