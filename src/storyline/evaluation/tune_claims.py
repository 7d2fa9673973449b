"""Fit the learned claim gate (:mod:`storyline.extract.claim_model`) on the ledger gold set's
tune half, and measure it honestly (issue 19, ledger round 10).

Candidates: every ``expected`` event of the gold documents, each kept as a claim while its
features are recorded (:func:`storyline.extract.claim_model.recording`). A candidate's label
is its gold sentence's (a claim or not); a gold sentence is predicted a claim when one of its
candidates scores at the threshold, which is how ``storyline eval ledger`` counts claims.

The honest figure is a cross-validation grouped by the gold's split group (an extraction-
benchmark page, an ECB+ topic, a UCI story: never a document's sentences on both sides of a
fold), nested: each outer fold's L2 penalty and threshold are chosen by an inner grouped
cross-validation on the outer training folds only. The rules' own verdict
(``Modality.future``, the feature ``rules_future``) is scored on the same sentences.

``storyline tune ledger ../shared/data`` writes ``extract/claim_model.json``;
``--exclude M10`` leaves out the items whose id starts so (a blind check).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.merge_model import fit_logistic
from storyline.evaluation.ledger import GoldSentence, document_text, load_ledger_gold
from storyline.extract.claim_model import FEATURES, ClaimModel

__all__ = [
    "ClaimData",
    "collect",
    "cross_validate",
    "fit_claim_model",
    "score",
    "without",
    "write_claim_model",
]

L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.20 .. 0.80
OUTER_FOLDS = 10
INNER_FOLDS = 5


@dataclass(frozen=True, slots=True)
class ClaimData:
    """The gold sentences and their candidates: ``x`` (candidates x features), ``owner`` (the
    candidate's sentence), ``gold`` and ``group`` per sentence, ``ids`` the gold ids."""

    x: np.ndarray
    owner: np.ndarray
    gold: np.ndarray
    group: tuple[str, ...]
    ids: tuple[str, ...]

    def subset(self, keep: np.ndarray) -> ClaimData:
        index = np.flatnonzero(keep)
        remap = -np.ones(len(self.gold), dtype=int)
        remap[index] = np.arange(len(index))
        rows = keep[self.owner]
        return ClaimData(
            self.x[rows],
            remap[self.owner[rows]],
            self.gold[index],
            tuple(self.group[i] for i in index),
            tuple(self.ids[i] for i in index),
        )


@lru_cache(maxsize=4)
def _uci_story(directory: Path) -> dict[str, str]:
    path = directory / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["ID"]: row["STORY"] for row in csv.DictReader(handle) if row.get("STORY")}


def split_group(directory: Path, sentence: GoldSentence) -> str:
    """The group the gold's split is drawn by (see docs/ledger-guideline.md, "Halves")."""
    span = sentence.span
    if span.source == "aeb":
        return f"aeb:{span.doc}"
    if span.source == "ecbplus":
        return f"ecbplus:{span.doc.split('_', 1)[0]}"
    return f"uci:{_uci_story(directory)[span.doc]}"


def collect(directory: Path, exclude: str | None = None) -> ClaimData:
    """The tune half's gold sentences with the features of their candidates."""
    from storyline.extract import analyse_many
    from storyline.extract.claim_model import recording

    sentences = [
        s
        for s in load_ledger_gold(directory, "tune").sentences
        if not (exclude and s.id.startswith(exclude))
    ]
    keys = sorted({(s.span.source, s.span.doc) for s in sentences})
    with recording() as seen:
        analyses = analyse_many(
            ((document_text(directory, *key), None, f"{key[0]}:{key[1]}") for key in keys),
            n_process=2 if len(keys) > 40 else 1,
        )
    features = {(c.sentence, c.trigger_start): c.features for c in seen}
    by_doc: dict[tuple[str, str], list[tuple[int, int, tuple[float, ...]]]] = {}
    for key, analysis in zip(keys, analyses, strict=True):
        for event in analysis.events:
            found = features.get((event.sentence, event.trigger_start))
            if event.modality.label == "expected" and found is not None:
                by_doc.setdefault(key, []).append((event.start, event.end, found))
    rows, owner = [], []
    for number, sentence in enumerate(sentences):
        span = sentence.span
        for start, end, values in by_doc.get((span.source, span.doc), ()):
            if start < span.end and span.start < end:
                rows.append(values)
                owner.append(number)
    return ClaimData(
        np.array(rows, dtype=float).reshape(-1, len(FEATURES)),
        np.array(owner, dtype=int),
        np.array([s.claim for s in sentences], dtype=bool),
        tuple(split_group(directory, s) for s in sentences),
        tuple(s.id for s in sentences),
    )


# --- scoring ----------------------------------------------------------------------------------


def score(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Claim precision, recall and F1 over gold sentences (predicted, gold: booleans)."""
    tp = int((predicted & gold).sum())
    fp = int((predicted & ~gold).sum())
    fn = int((~predicted & gold).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def sentence_scores(data: ClaimData, candidate: np.ndarray) -> np.ndarray:
    """Per gold sentence, the best score of its candidates (-1 without any)."""
    best = -np.ones(len(data.gold))
    np.maximum.at(best, data.owner, candidate)
    return best


def rules_verdict(data: ClaimData) -> np.ndarray:
    return sentence_scores(data, data.x[:, FEATURES.index("rules_future")]) >= 1.0


def _folds(groups: Sequence[str], k: int, salt: str) -> np.ndarray:
    """A fold per sentence: its group's, the groups dealt round-robin in a hashed order."""
    order = sorted(set(groups), key=lambda g: hashlib.sha256(f"{salt}:{g}".encode()).hexdigest())
    fold_of = {g: i % k for i, g in enumerate(order)}
    return np.array([fold_of[g] for g in groups], dtype=int)


def _fit(data: ClaimData, l2: float) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    labels = data.gold[data.owner].astype(float)
    return fit_logistic(data.x, labels, l2=l2)


def _predict(fitted: tuple[np.ndarray, float, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    weights, bias, mean, scale = fitted
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ weights + bias)))


def _oof(data: ClaimData, l2: float, k: int, salt: str) -> np.ndarray:
    """Out-of-fold sentence scores of a grouped k-fold cross-validation."""
    folds = _folds(data.group, k, salt)
    out = -np.ones(len(data.gold))
    for fold in range(k):
        train = data.subset(folds != fold)
        test_mask = folds == fold
        test = data.subset(test_mask)
        if not len(train.x) or not len(test.x):
            continue
        out[test_mask] = sentence_scores(test, _predict(_fit(train, l2), test.x))
    return out


def _choose(data: ClaimData, k: int, salt: str) -> tuple[float, float, dict[str, float]]:
    """The (L2, threshold) with the best F1 of a grouped k-fold cross-validation."""
    best: tuple[float, float, float, dict[str, float]] | None = None
    for l2 in L2_GRID:
        scores = _oof(data, l2, k, salt)
        for t in THRESHOLDS:
            found = score(scores >= t, data.gold)
            if best is None or found["f1"] > best[0]:
                best = (found["f1"], l2, t, found)
    assert best is not None
    return best[1], best[2], best[3]


def cross_validate(data: ClaimData) -> dict[str, Any]:
    """The nested grouped cross-validation (module docstring) beside the rules' own verdict."""
    folds = _folds(data.group, OUTER_FOLDS, "outer")
    predicted = np.zeros(len(data.gold), dtype=bool)
    chosen = []
    for fold in range(OUTER_FOLDS):
        train_mask = folds != fold
        train, test = data.subset(train_mask), data.subset(~train_mask)
        l2, t, _ = _choose(train, INNER_FOLDS, f"inner{fold}")
        chosen.append({"fold": fold, "l2": l2, "threshold": t})
        scores = sentence_scores(test, _predict(_fit(train, l2), test.x))
        predicted[~train_mask] = scores >= t
    rules = rules_verdict(data)
    has_candidate = sentence_scores(data, np.zeros(len(data.x))) >= 0
    return {
        "sentences": len(data.gold),
        "gold_claims": int(data.gold.sum()),
        "candidates": len(data.x),
        "gold_claims_with_a_candidate": int((data.gold & has_candidate).sum()),
        "groups": len(set(data.group)),
        "model_nested_cv": score(predicted, data.gold),
        "rules": score(rules, data.gold),
        "chosen": chosen,
    }


def without(data: ClaimData, names: Sequence[str]) -> ClaimData:
    """``data`` with the named features held at 0 (an ablation: what the rest can learn)."""
    unknown = set(names) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown features {sorted(unknown)}; known: {', '.join(FEATURES)}")
    x = data.x.copy()
    for name in names:
        x[:, FEATURES.index(name)] = 0.0
    return ClaimData(x, data.owner, data.gold, data.group, data.ids)


def fit_claim_model(data: ClaimData, command: str, directory: Path) -> ClaimModel:
    """The model fitted on all of ``data`` with the L2 and threshold a grouped CV chose; its
    provenance holds the nested grouped CV beside the rules' figure on the same sentences."""
    nested = cross_validate(data)
    l2, threshold, cv = _choose(data, OUTER_FOLDS, "final")
    weights, bias, mean, scale = _fit(data, l2)
    return ClaimModel(
        weights=tuple(float(w) for w in weights),
        bias=bias,
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        threshold=threshold,
        meta={
            "data": f"{directory}: ledger_gold.json tune half ({len(data.gold)} sentences, "
            f"{int(data.gold.sum())} claims, {len(data.x)} candidates, "
            f"{len(set(data.group))} groups)",
            "command": command,
            "date": dt.date.today().isoformat(),
            "l2": l2,
            "grouped_cv_at_choice": cv,
            "nested_grouped_cv": nested["model_nested_cv"],
            "rules_same_sentences": nested["rules"],
            "gold_claims_with_a_candidate": nested["gold_claims_with_a_candidate"],
        },
    )


def write_claim_model(model: ClaimModel, path: Path) -> Path:
    path.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path
