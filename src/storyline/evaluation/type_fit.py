"""Fitting and judging the learned type check (:mod:`storyline.extract.type_model`).

``python -m storyline.evaluation.type_fit ../shared/data [--out PATH] [--blind GOLD.json]``
reads the tune half of the entity gold set (never the test half), runs the extraction's rules
on its documents, describes every rule mention that overlaps a gold name by the model's
features, and:

1. chooses the L2 penalty and the override threshold by a cross-validation grouped by document
   (no document on both sides of a fold), scoring "type" and "both" as ``storyline eval
   entities`` does (mentions grouped by ``canonicalise``) against the rules on the same folds;
2. reports a nested estimate (the setting chosen inside each outer fold's training documents);
3. with ``--blind``, scores the rules alone and the rules with the model fitted on the tune half
   on a gold file of items the model never saw;
4. fits the model on every tune document and writes it, with its provenance, to ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.merge_model import fit_logistic
from storyline.evaluation.entities import (
    ENTITY_GOLD_PATH,
    GoldMention,
    SystemMention,
    load_entity_gold,
    score_entities,
)
from storyline.evaluation.ledger import document_text
from storyline.extract.type_model import (
    CLASSES,
    DEFAULT_MODEL_PATH,
    TypeModel,
    family,
    features,
    retyped_labels,
)

__all__ = ["DocData", "collect", "cross_validate", "fit_one_vs_rest", "main"]

L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLD_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
FOLDS = 5


@dataclass
class DocData:
    """One gold document: its rule mentions, their features, their gold families."""

    key: tuple[str, str]
    text: str
    mentions: list[Any]
    x: np.ndarray
    y: list[int | None]  # index in CLASSES of the gold name each mention overlaps most


def collect(directory: Path, gold: Sequence[GoldMention]) -> list[DocData]:
    """The rule mentions and features of every gold document (parsed as ``analyse_many``)."""
    from storyline.extract import nlp
    from storyline.extract.entities import mentions_from_doc

    keys = sorted({(g.source, g.doc) for g in gold})
    texts = [document_text(directory, *key) for key in keys]
    out = []
    docs = nlp.process_many(texts, parse=True, n_process=1)
    for key, text, doc in zip(keys, texts, docs, strict=True):
        article = f"{key[0]}:{key[1]}"
        mentions = mentions_from_doc(doc, article)
        names = [g for g in gold if (g.source, g.doc) == key and g.type is not None]
        y: list[int | None] = []
        for m in mentions:
            hits = [(min(g.end, m.end) - max(g.start, m.start), g) for g in names]
            hits = [h for h in hits if h[0] > 0]
            best = max(hits, key=lambda h: h[0])[1] if hits else None
            y.append(CLASSES.index(family(str(best.type))) if best else None)
        out.append(DocData(key, text, mentions, features(doc, mentions), y))
    return out


def fit_one_vs_rest(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One L2 logistic regression per type family against the rest
    (:func:`storyline.cluster.merge_model.fit_logistic`, Newton's method on standardised
    features; deterministic). Returns (weights F x K, bias K, mean, scale)."""
    columns, biases = [], []
    mean = scale = np.zeros(x.shape[1])
    for k in range(len(CLASSES)):
        w, b, mean, scale = fit_logistic(x, (y == k).astype(float), l2=l2)
        columns.append(w)
        biases.append(b)
    return np.array(columns).T, np.array(biases), mean, scale


def _train(docs: Sequence[DocData], l2: float, threshold: float) -> TypeModel:
    rows = [(d.x[i], y) for d in docs for i, y in enumerate(d.y) if y is not None]
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    w, b, mean, scale = fit_one_vs_rest(x, y, l2)
    return TypeModel(w, b, mean, scale, threshold)


def _predicted(docs: Sequence[DocData], model: TypeModel | None) -> dict[Any, list[Any]]:
    from storyline.extract import canonicalise, find_acronyms

    out: dict[Any, list[Any]] = {}
    for d in docs:
        mentions = d.mentions
        if model is not None and mentions:
            labels = retyped_labels(model, d.x, [m.type for m in mentions])
            mentions = [replace(m, type=t) for m, t in zip(mentions, labels, strict=True)]
        article = f"{d.key[0]}:{d.key[1]}"
        entities = canonicalise({article: mentions}, acronyms=find_acronyms(d.text))
        out[d.key] = sorted(
            (SystemMention(m.start, m.end, e.type, e.name) for e in entities for m in e.mentions),
            key=lambda m: (m.start, m.end),
        )
    return out


def _folds(docs: Sequence[DocData], k: int) -> list[list[int]]:
    def rank(i: int) -> str:
        return hashlib.sha256(f"10:{docs[i].key[1]}".encode()).hexdigest()

    order = sorted(range(len(docs)), key=rank)
    return [order[f::k] for f in range(k)]


def cross_validate(
    docs: Sequence[DocData], gold: Sequence[GoldMention], l2: float, k: int = FOLDS
) -> dict[float, dict[str, Any]]:
    """Grouped k-fold scores, for each threshold of the grid, of the rules with the model (and
    of the rules alone, key 1.01), every document predicted by a model not trained on it."""
    predictions: dict[float, dict[Any, list[Any]]] = {t: {} for t in (*THRESHOLD_GRID, 1.01)}
    for fold in _folds(docs, k):
        held = [docs[i] for i in fold]
        train = [d for i, d in enumerate(docs) if i not in set(fold)]
        model = _train(train, l2, 0.5)
        for t in THRESHOLD_GRID:
            predictions[t].update(_predicted(held, replace(model, threshold=t)))
        predictions[1.01].update(_predicted(held, None))
    keys = {d.key for d in docs}
    ours = [g for g in gold if (g.source, g.doc) in keys]
    return {t: score_entities(ours, p) for t, p in predictions.items()}


def _choose(docs: Sequence[DocData], gold: Sequence[GoldMention]) -> tuple[float, float, Any]:
    table = {l2: cross_validate(docs, gold, l2) for l2 in L2_GRID}
    best = max(
        ((l2, t) for l2 in L2_GRID for t in THRESHOLD_GRID),
        key=lambda lt: (table[lt[0]][lt[1]]["both"], table[lt[0]][lt[1]]["type"], lt[1]),
    )
    return best[0], best[1], table


def nested(docs: Sequence[DocData], gold: Sequence[GoldMention]) -> dict[str, Any]:
    """Outer grouped folds; the setting chosen by an inner grouped CV on the outer training
    documents; every document predicted once by a model that never saw it."""
    ours: dict[Any, list[Any]] = {}
    rules: dict[Any, list[Any]] = {}
    chosen = []
    for fold in _folds(docs, FOLDS):
        held = [docs[i] for i in fold]
        train = [d for i, d in enumerate(docs) if i not in set(fold)]
        l2, t, _ = _choose(train, gold)
        chosen.append((l2, t))
        ours.update(_predicted(held, _train(train, l2, t)))
        rules.update(_predicted(held, None))
    return {
        "rules": score_entities(gold, rules),
        "rules+model": score_entities(gold, ours),
        "chosen": chosen,
    }


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--gold", type=Path, default=ENTITY_GOLD_PATH)
    parser.add_argument("--blind", type=Path, help="a gold file of items kept out of training")
    parser.add_argument("--nested", action="store_true", help="also the nested estimate")
    parser.add_argument("--no-write", action="store_true", help="report only, write no model")
    return parser.parse_args(argv)


def _grid(table: dict[float, dict[float, dict[str, Any]]]) -> dict[str, dict[str, float]]:
    return {
        f"{l2}/{t}": {m: table[l2][t][m] for m in ("type", "both")}
        for l2 in L2_GRID
        for t in THRESHOLD_GRID
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Choose, judge, fit and write the model (see the module docstring)."""
    args = _arguments(argv)
    gold = load_entity_gold(args.directory, "tune", args.gold)
    docs = collect(args.directory, gold)
    l2, threshold, table = _choose(docs, gold)
    report: dict[str, Any] = {
        "l2": l2,
        "threshold": threshold,
        "cv_rules": table[l2][1.01],
        "cv_rules+model": table[l2][threshold],
        "cv_grid": _grid(table),
    }
    if args.nested:
        report["nested"] = nested(docs, gold)
    model = _train(docs, l2, threshold)
    if args.blind:
        blind = load_entity_gold(args.directory, "tune", args.blind)
        blind_docs = collect(args.directory, blind)
        report["blind_rules"] = score_entities(blind, _predicted(blind_docs, None))
        report["blind_rules+model"] = score_entities(blind, _predicted(blind_docs, model))
    meta = {
        "data": "entity_gold.json, tune half only; documents read from ../shared/data",
        "n_documents": len(docs),
        "n_mentions": sum(y is not None for d in docs for y in d.y),
        "command": "python -m storyline.evaluation.type_fit ../shared/data --nested",
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "l2": l2,
        "cv": {k: report[k] for k in ("cv_rules", "cv_rules+model", "nested") if k in report},
        "adopted": False,
    }
    if not args.no_write:
        text = json.dumps(replace(model, meta=meta).to_dict(), indent=1)
        args.out.write_text(text + "\n", encoding="utf-8")
    json.dump(report, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
