"""Clustering metrics: BCubed and pairwise precision/recall/F1 over item -> cluster maps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from math import comb

__all__ = ["Scores", "bcubed", "pairwise", "token_prf"]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _check(gold: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> None:
    if set(gold) != set(pred):
        missing = len(set(gold) ^ set(pred))
        raise ValueError(f"gold and predicted clusterings cover different items ({missing} differ)")


def bcubed(gold: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> Scores:
    """BCubed precision/recall (Bagga & Baldwin 1998), averaged over items."""
    _check(gold, pred)
    if not gold:
        return Scores(0.0, 0.0, 0.0)
    joint = Counter((gold[i], pred[i]) for i in gold)
    gold_size = Counter(gold.values())
    pred_size = Counter(pred.values())
    precision = sum(n * n / pred_size[p] for (_, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in joint.items()) / len(gold)
    return Scores.of(precision, recall)


def pairwise(gold: Mapping[str, Hashable], pred: Mapping[str, Hashable]) -> Scores:
    """Pairwise precision/recall: over all item pairs put together by the prediction / gold."""
    _check(gold, pred)
    joint = Counter((gold[i], pred[i]) for i in gold)
    together_both = sum(comb(n, 2) for n in joint.values())
    together_pred = sum(comb(n, 2) for n in Counter(pred.values()).values())
    together_gold = sum(comb(n, 2) for n in Counter(gold.values()).values())
    precision = together_both / together_pred if together_pred else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return Scores.of(precision, recall)


def token_prf(predicted: list[str], gold: list[str]) -> Scores:
    """Token-level precision/recall/F1 of a bag of tokens (the scrapinghub benchmark's way)."""
    if not predicted and not gold:
        return Scores(1.0, 1.0, 1.0)
    overlap = sum((Counter(predicted) & Counter(gold)).values())
    precision = overlap / len(predicted) if predicted else 0.0
    recall = overlap / len(gold) if gold else 0.0
    return Scores.of(precision, recall)
