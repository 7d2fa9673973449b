"""Fit the ledger's learned link (:mod:`storyline.knowledge.ledger_link_model`) on ECB+.

Data: the gold cross-document event coreference of ECB+ (:func:`.event_coref.load_gold_topics`).
Every event mention (the anchor: its sentence stands for an entry's sentence, its trigger for
the entry's event words) is paired with each annotated sentence of every other document of its
topic; the pair is positive when that sentence holds a mention of the anchor's cross-document
event (an anchor with none is a singleton: all its pairs are negative). The other sub-topic of
a topic is the same kind of event with other actors, places and days: the hard negatives.

Topics (:func:`allowed_topics`): ECB+'s train topics, minus every topic holding a document of
the ledger gold's test half (sentences or pairs: ``half == "test"``; only their ``doc`` field
is read) and minus ECB+'s dev topics (:data:`.ecbplus.DEV_TOPICS`) and test topics 36-45
(:data:`TEST_TOPICS`), which the event-coreference quality gate measures. The tune half's
status pairs come from the topics left, so the blind figure on them is measured with models
fitted without the pair's own topic (``scripts/ledger_link_blind.py``).

Settings (the L2 penalty, the threshold) are chosen by cross-validation grouped by topic
(leave one topic out): for each (anchor, other document) the sentence of highest probability
is linked when it reaches the threshold, as the ledger does; a link is right when that
sentence holds a mention of the anchor's event. The model is then refitted on every topic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster.merge_model import fit_logistic
from storyline.evaluation.ecbplus import DEV_TOPICS, TRAIN_TOPICS
from storyline.evaluation.event_coref import GoldTopic, load_gold_topics
from storyline.knowledge.ledger_link_model import (
    DEFAULT_LINK_MODEL_PATH,
    FEATURES,
    LinkModel,
    pair_features,
    trigger_stems,
)

__all__ = [
    "L2_GRID",
    "TEST_TOPICS",
    "THRESHOLDS",
    "PairSet",
    "allowed_topics",
    "build_pairs",
    "cross_validate",
    "fit_model",
    "ledger_test_topics",
    "train_link_model",
]

#: ECB+'s test topics (the event-coreference gate's; absent from some copies of the corpus).
TEST_TOPICS: tuple[int, ...] = tuple(range(36, 46))
#: Whether an anchor's pairs include the unannotated sentences of the other documents.
WHOLE_DOCUMENTS = True
_MIN_WORDS = 4
_URL = re.compile(r"^\s*https?\s*:")
L2_GRID: tuple[float, ...] = (1.0, 10.0, 100.0, 1000.0)
THRESHOLDS: tuple[float, ...] = tuple(round(0.05 + 0.05 * i, 2) for i in range(18))  # .05-.9


def ledger_test_topics(gold_path: Path) -> set[int]:
    """The ECB+ topics holding a document of the ledger gold's test half (by ``doc`` only)."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    found: set[int] = set()
    spans = [s for s in data["sentences"] if s["half"] == "test"]
    spans += [p[k] for p in data["pairs"] if p["half"] == "test" for k in ("expectation", "later")]
    for span in spans:
        if span["source"] == "ecbplus":
            found.add(int(str(span["doc"]).split("_", 1)[0]))
    return found


def allowed_topics(gold_path: Path) -> list[int]:
    """ECB+ train topics minus the ledger test half's, the dev and the test topics."""
    banned = ledger_test_topics(gold_path) | set(DEV_TOPICS) | set(TEST_TOPICS)
    return [t for t in TRAIN_TOPICS if t not in banned]


@dataclass(frozen=True, slots=True)
class PairSet:
    """Pair features, labels, the topic of each pair and its group (anchor, other document)."""

    x: np.ndarray
    y: np.ndarray
    topic: np.ndarray
    group: np.ndarray


def _sentence_text(tokens: Sequence[str]) -> str:
    from storyline.evaluation.ecbplus import _detokenise

    return _detokenise(tokens)


def _other_sentences(directory: Path, topic: GoldTopic) -> dict[tuple[str, int], str]:
    """The sentences of the topic's documents that hold no annotated mention (four words or
    more, past the source URL and dateline of an ``ecbplus`` document): candidates as an
    article's other sentences are in the ledger (negatives; ECB+ left them unannotated)."""
    base = directory / "ECB+" if (directory / "ECB+").is_dir() else directory
    out: dict[tuple[str, int], str] = {}
    for doc in topic.subtopics:
        root = ET.parse(base / str(topic.topic) / doc).getroot()
        rows: dict[int, list[str]] = {}
        for token in root.iter("token"):
            rows.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
        for number, words in rows.items():
            text = _sentence_text(words)
            if number > 1 and len(text.split()) >= _MIN_WORDS and not _URL.match(text):
                out[(doc, number)] = text
    return out


def _topic_pairs(
    topic: GoldTopic, embed: Any, first_group: int, others: dict[tuple[str, int], str]
) -> tuple[list[Any], int]:
    """Rows ``(features, label, topic, group)`` of one topic."""
    sentences: dict[tuple[str, int], str] = {}
    events: dict[tuple[str, int], set[str]] = {}
    for m in topic.data.mentions:
        key = (m.doc, m.sentence)
        sentences[key] = _sentence_text(m.tokens)
        cluster = topic.gold[m.id]
        if cluster != m.id:
            events.setdefault(key, set()).add(cluster)
    anchors = set(sentences)
    sentences = {**others, **sentences}
    keys = sorted(sentences)
    vectors = embed([sentences[k] for k in keys])
    row_of = {k: i for i, k in enumerate(keys)}
    by_doc: dict[str, list[tuple[str, int]]] = {}
    for k in keys:
        by_doc.setdefault(k[0], []).append(k)
    rows: list[Any] = []
    group = first_group
    for m in topic.data.mentions:
        home = (m.doc, m.sentence)
        assert home in anchors
        event = trigger_stems([m.tokens[i] for i in m.span])
        cluster = topic.gold[m.id]
        for doc, candidates in sorted(by_doc.items()):
            if doc == m.doc:
                continue
            cos = vectors[[row_of[c] for c in candidates]] @ vectors[row_of[home]]
            best = float(cos.max())
            for c, value in zip(candidates, cos, strict=True):
                x = pair_features(sentences[home], event, sentences[c], float(value), best)
                rows.append((x, float(cluster in events.get(c, set())), topic.topic, group))
            group += 1
    return rows, group


def build_pairs(
    directory: Path, topics: Iterable[int], embed: Any, whole: bool = WHOLE_DOCUMENTS
) -> PairSet:
    """Every (anchor mention, sentence of another document) pair of ``topics``: the annotated
    sentences, and with ``whole`` the others too (:func:`_other_sentences`)."""
    rows: list[Any] = []
    group = 0
    for topic in load_gold_topics(directory, sorted(set(topics))):
        others = _other_sentences(directory, topic) if whole else {}
        found, group = _topic_pairs(topic, embed, group, others)
        rows.extend(found)
    return PairSet(
        x=np.array([r[0] for r in rows], dtype=float).reshape(len(rows), len(FEATURES)),
        y=np.array([r[1] for r in rows], dtype=float),
        topic=np.array([r[2] for r in rows], dtype=int),
        group=np.array([r[3] for r in rows], dtype=int),
    )


def fit_model(pairs: PairSet, l2: float, threshold: float, meta: dict[str, Any]) -> LinkModel:
    weights, bias, mean, scale = fit_logistic(pairs.x, pairs.y, l2=l2)
    return LinkModel(
        weights=tuple(float(w) for w in weights),
        bias=bias,
        mean=tuple(float(m) for m in mean),
        scale=tuple(float(s) for s in scale),
        threshold=threshold,
        meta=meta,
    )


def _probabilities(model: LinkModel, x: np.ndarray) -> np.ndarray:
    mean, scale = np.array(model.mean), np.array(model.scale)
    z = ((x - mean) / scale) @ np.array(model.weights) + model.bias
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def _links(prob: np.ndarray, pairs: PairSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: the best probability, whether its best sentence is right, whether any is."""
    order = np.lexsort((-prob, pairs.group))
    groups = pairs.group[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    top = order[first]
    has = np.zeros(int(pairs.group.max()) + 1 if len(pairs.group) else 0)
    np.maximum.at(has, pairs.group, pairs.y)
    return prob[top], pairs.y[top], has[pairs.group[top]]


def _scores(best: np.ndarray, right: np.ndarray, has: np.ndarray, t: float) -> dict[str, float]:
    linked = best >= t
    correct = float((linked & (right > 0)).sum())
    p = correct / max(1.0, float(linked.sum()))
    r = correct / max(1.0, float(has.sum()))
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def cross_validate(pairs: PairSet) -> dict[str, Any]:
    """Leave-one-topic-out figures for each L2 and threshold, the best setting by link F1,
    and the cosine rule's (the sentence of highest cosine, linked at 0.50) on the same groups."""
    topics = sorted(set(pairs.topic.tolist()))
    grid: dict[str, Any] = {}
    for l2 in L2_GRID:
        prob = np.zeros(len(pairs.y))
        for held in topics:
            out = pairs.topic == held
            train = PairSet(pairs.x[~out], pairs.y[~out], pairs.topic[~out], pairs.group[~out])
            model = fit_model(train, l2, 0.5, {})
            prob[out] = _probabilities(model, pairs.x[out])
        best, right, has = _links(prob, pairs)
        grid[str(l2)] = {str(t): _scores(best, right, has, t) for t in THRESHOLDS}
    chosen = max(
        ((float(l2), float(t)) for l2 in grid for t in grid[l2]),
        key=lambda lt: (round(grid[str(lt[0])][str(lt[1])]["f1"], 4), -lt[0], -lt[1]),
    )
    cosine = pairs.x[:, FEATURES.index("cosine")]
    cos_best, cos_right, cos_has = _links(cosine, pairs)
    return {
        "l2": chosen[0],
        "threshold": chosen[1],
        "figures": {k: round(v, 4) for k, v in grid[str(chosen[0])][str(chosen[1])].items()},
        "cosine_rule_0.50": {
            k: round(v, 4) for k, v in _scores(cos_best, cos_right, cos_has, 0.5).items()
        },
        "grid_f1": {
            l2: {t: round(s["f1"], 4) for t, s in by_t.items()} for l2, by_t in grid.items()
        },
    }


def train_link_model(
    directory: Path,
    gold_path: Path,
    output: Path | None = DEFAULT_LINK_MODEL_PATH,
    command: str = "",
    embed: Any = None,
) -> tuple[LinkModel, dict[str, Any]]:
    """Build the pairs of the allowed topics, cross-validate, refit on all and write JSON."""
    if embed is None:
        from storyline.knowledge.ledger_semantic import use_embed

        embed = use_embed
    topics = allowed_topics(gold_path)
    pairs = build_pairs(directory, topics, embed)
    cv = cross_validate(pairs)
    meta = {
        "data": "ECB+ gold cross-document event coreference (ACTION_* mentions of the "
        "annotated sentences, ECBplus_coreference_sentences.csv)",
        "topics": topics,
        "excluded": "ECB+ topics with a document of the ledger gold's test half, ECB+ dev "
        "topics (2, 5, 12, 18, 21, 23, 34, 35) and test topics 36-45",
        "n_pairs": len(pairs.y),
        "n_positive": int(pairs.y.sum()),
        "n_groups": len(set(pairs.group.tolist())),
        "cross_validation": "leave one topic out; per (anchor, other document) the sentence "
        "of highest probability linked at the threshold",
        "cv": cv,
        "command": command,
        "date": dt.date.today().isoformat(),
    }
    model = fit_model(pairs, cv["l2"], cv["threshold"], meta)
    if output is not None:
        output.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    return model, meta
