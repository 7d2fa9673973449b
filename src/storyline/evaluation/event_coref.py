"""Cross-document event coreference on ECB+ with gold mentions, scored the standard way.

Gold standard, as in published ECB+ work (Cybulska & Vossen 2015; Barhom et al. 2019;
Cattan et al. 2021):

* **Mentions**: every ``ACTION_*`` and ``NEG_ACTION_*`` markable anchored to tokens, kept only
  when its sentence is listed in ``ECBplus_coreference_sentences.csv`` (the sentences the
  coders annotated for coreference; a markable spanning two sentences is left out).
* **Clusters**: a mention linked by a ``CROSS_DOC_COREF`` relation belongs to the cluster of
  that relation's instance id (the ``note`` attribute). Every other mention, including one
  that only takes part in an ``INTRA_DOC_COREF`` chain, is a singleton.
* **Scores**: MUC, B³, CEAF-e and CoNLL F1 from :mod:`.coref_metrics`, over all mentions of the
  topics evaluated (clusters never cross topics: each topic is resolved on its own).

The model sees only the tokens of the annotated sentences, the mention spans and the text of
the documents as :func:`.ecbplus.read_document` gives it, without the ``ecbplus`` source URL
(sentence 0) and datelines, minus the publication stamps ("First Published: June 13, 2013
4: 59 PM EDT") that only ``ecbplus`` documents carry (:func:`document_text`): none of these
can tell the model which sub-topic a document is from.

:func:`evaluate_event_coref` is the entry point of ``storyline eval ecbplus-events``;
:func:`train_event_coref` refits the shipped parameters on chosen topics.
"""

from __future__ import annotations

import csv
import json
import math
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import InputError
from storyline.evaluation.coref_metrics import clusters_from_mapping, conll
from storyline.evaluation.ecbplus import EcbDocument, read_document
from storyline.extract.coref import (
    DEFAULT_PARAMS_PATH,
    CorefParams,
    EventCorefModel,
    EventMention,
    TopicData,
    average_linkage,
    cluster_mentions,
    document_similarity,
    fit_pair_scorer,
    lemma_baseline,
    same_value,
    topic_features,
)
from storyline.text.features import CALENDAR_WORDS

__all__ = [
    "GoldTopic",
    "conll_f1_of",
    "document_text",
    "evaluate_event_coref",
    "fit_params",
    "load_gold_topics",
    "read_mentions",
    "read_selected_sentences",
    "score_predictions",
    "train_event_coref",
    "tune_doc_threshold",
]

_SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
# Words of a dateline ("First Published: June 13, 2013 4: 59 PM EDT", "Posted Oct 26, 2011"):
# sentences made only of these, numbers, ordinals and calendar words are publication stamps of
# ``ecbplus`` documents that the loader's stricter rule let through.
_STAMP_WORD = re.compile(
    r"(?:published|posted|updated|last|first|modified|time|on|at|by|[ap]m|[apm]|th|st|nd|rd|"
    r"gmt|utc|edt|est|et|cdt|cst|mdt|mst|pdt|pst|bst|cet|cest|ist|aest|hkt)"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class GoldTopic:
    """One ECB+ topic: its documents' texts, its event mentions and their gold clusters."""

    topic: int
    data: TopicData
    gold: dict[str, str]  # mention id -> gold cluster id
    subtopics: dict[str, str]  # document name -> "<topic>ecb" / "<topic>ecbplus" (gold)


def _is_stamp(sentence: str) -> bool:
    """A publication stamp: a short line of date, time and "published/updated" words only."""
    words = [w.lower() for w in _WORD.findall(sentence)]
    return (
        len(sentence) <= 120
        and any(c.isdigit() for c in sentence)
        and all(_STAMP_WORD.fullmatch(w) or w in CALENDAR_WORDS for w in words)
    )


def document_text(doc: EcbDocument) -> str:
    """A document's text for the model: the loader's sentences (no source URL, no datelines),
    without the publication stamps its stricter dateline rule let through."""
    return "\n".join(s for s in doc.sentences if not _is_stamp(s))


def _base(directory: Path) -> Path:
    return directory / "ECB+" if (directory / "ECB+").is_dir() else directory


def _find_sentence_csv(directory: Path) -> Path:
    for candidate in (directory / _SENTENCES_CSV, directory.parent / _SENTENCES_CSV):
        if candidate.is_file():
            return candidate
    raise InputError(f"{_SENTENCES_CSV} not found beside the ECB+ topic folders", str(directory))


def read_selected_sentences(path: Path) -> set[tuple[str, int]]:
    """``{(document stem, sentence number)}`` from the coreference-sentences CSV.

    The stem is the file name without ``.xml``, e.g. ``("1_10ecbplus", 3)``.
    """
    selected: set[tuple[str, int]] = set()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            topic, file = row["Topic"].strip(), row["File"].strip()
            selected.add((f"{topic}_{file}", int(row["Sentence Number"].strip())))
    return selected


def _cross_doc_clusters(root: ET.Element) -> dict[str, str]:
    """``{m_id: instance id}`` for every source of a ``CROSS_DOC_COREF`` relation."""
    clusters: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else ():
        if relation.tag != "CROSS_DOC_COREF":
            continue
        for source in relation.findall("source"):
            clusters.setdefault(source.get("m_id", ""), relation.get("note", ""))
    return clusters


def _sentences(root: ET.Element) -> tuple[dict[int, list[str]], dict[str, tuple[int, int]]]:
    """Tokens per sentence and ``{t_id: (sentence, index in sentence)}``."""
    tokens: dict[int, list[str]] = {}
    where: dict[str, tuple[int, int]] = {}
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "0"))
        row = tokens.setdefault(sentence, [])
        where[token.get("t_id", "")] = (sentence, len(row))
        row.append(token.text or "")
    return tokens, where


def read_mentions(
    path: Path, selected: set[tuple[str, int]]
) -> tuple[list[EventMention], dict[str, str]]:
    """The event mentions of one document in the selected sentences, and their gold clusters.

    Mention ids are ``"<document stem>:<m_id>"``; a mention without a cross-document relation
    gets its own id as cluster (a singleton).
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"not a readable ECB+ document: {exc}", str(path)) from exc
    stem = path.name.removesuffix(".xml")
    tokens, where = _sentences(root)
    cross = _cross_doc_clusters(root)
    mentions: list[EventMention] = []
    gold: dict[str, str] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        if not markable.tag.startswith(("ACTION_", "NEG_ACTION_")):
            continue
        anchors = [where[a.get("t_id", "")] for a in markable.findall("token_anchor")]
        if not anchors or len({s for s, _ in anchors}) != 1:
            continue
        sentence = anchors[0][0]
        if (stem, sentence) not in selected:
            continue
        mention_id = f"{stem}:{markable.get('m_id')}"
        span = tuple(sorted(i for _, i in anchors))
        mentions.append(
            EventMention(mention_id, path.name, sentence, tuple(tokens[sentence]), span)
        )
        gold[mention_id] = cross.get(markable.get("m_id", ""), mention_id)
    return mentions, gold


def _topic_dirs(directory: Path, topics: Iterable[int] | None) -> list[Path]:
    base = _base(directory)
    if not base.is_dir():
        raise InputError("not a directory", str(directory))
    wanted = set(topics) if topics is not None else None
    dirs = [
        d
        for d in base.iterdir()
        if d.is_dir() and d.name.isdigit() and (wanted is None or int(d.name) in wanted)
    ]
    if not dirs:
        raise InputError("no ECB+ topic folders found (expected ECB+/<topic>/)", str(directory))
    return sorted(dirs, key=lambda d: int(d.name))


def load_gold_topics(directory: Path | str, topics: Iterable[int] | None = None) -> list[GoldTopic]:
    """Every topic folder of ``directory`` (or just ``topics``) with gold event mentions."""
    directory = Path(directory)
    selected = read_selected_sentences(_find_sentence_csv(_base(directory)))
    out: list[GoldTopic] = []
    for topic_dir in _topic_dirs(directory, topics):
        texts: dict[str, str] = {}
        subtopics: dict[str, str] = {}
        mentions: list[EventMention] = []
        gold: dict[str, str] = {}
        for path in sorted(topic_dir.glob("*.xml")):
            doc = read_document(path)
            texts[path.name] = document_text(doc)
            subtopics[path.name] = doc.subtopic
            doc_mentions, doc_gold = read_mentions(path, selected)
            mentions.extend(doc_mentions)
            gold.update(doc_gold)
        data = TopicData(str(topic_dir.name), texts, tuple(mentions))
        out.append(GoldTopic(int(topic_dir.name), data, gold, subtopics))
    return out


def conll_f1_of(gold: Mapping[str, str], predicted: Mapping[str, int]) -> float:
    """CoNLL F1 (a fraction) of ``{item: cluster}`` maps: the score the training tunes."""
    key, response = clusters_from_mapping(gold), clusters_from_mapping(predicted)
    return conll(key, response).conll_f1


def score_predictions(gold: Sequence[GoldTopic], predicted: dict[str, int]) -> dict[str, Any]:
    """CoNLL-style scores (percentages) of ``{mention id: cluster}`` against the gold topics."""
    key_map = {m: f"{t.topic}/{c}" for t in gold for m, c in t.gold.items()}
    key = clusters_from_mapping(key_map)
    response = clusters_from_mapping(predicted)
    out: dict[str, Any] = conll(key, response).to_dict()
    out["n_mentions"] = len(key_map)
    out["n_gold_clusters"] = len(key)
    out["n_pred_clusters"] = len(response)
    return out


def evaluate_event_coref(
    directory: Path | str,
    topics: Iterable[int] | None = None,
    params: CorefParams | None = None,
    method: str = "model",
) -> dict[str, Any]:
    """Resolve the gold event mentions of ``directory``'s topics and score them.

    Returns ``{"muc": {"precision", "recall", "f1"}, "b3": {...}, "ceafe": {...},
    "conll_f1", "n_mentions", "n_gold_clusters", "n_pred_clusters", "topics", "method",
    "seconds"}``; every score is a percentage (0-100), as the CoNLL reference scorer prints
    it. ``params`` defaults to the shipped parameters
    (:data:`storyline.extract.coref.DEFAULT_PARAMS_PATH`). ``method="lemma"`` scores the
    same-head-lemma baseline within predicted document clusters instead of the model.
    """
    if method not in ("model", "lemma"):
        raise ValueError(f"method must be 'model' or 'lemma', got {method!r}")
    start = time.perf_counter()
    gold = load_gold_topics(Path(directory), topics)
    params = params if params is not None else CorefParams.load()
    model = EventCorefModel(params)
    predicted: dict[str, int] = {}
    for topic in gold:
        if method == "model":
            labels = model.resolve(topic.data)
        else:
            labels = lemma_baseline(topic.data, params.doc_threshold)
        predicted.update({m: topic.topic * 100_000 + c for m, c in labels.items()})
    out = score_predictions(gold, predicted)
    out["topics"] = [t.topic for t in gold]
    out["method"] = method
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


# --------------------------------------------------------------------------- training

_DOC_GRID = tuple(round(0.02 * i, 2) for i in range(1, 31))
_MENTION_GRID = tuple(round(0.025 * i, 3) for i in range(4, 39))


def _grid(values: Sequence[float], score: Callable[[float], float]) -> tuple[float, float]:
    """The value with the best score (the first of equals), and that score."""
    best, best_score = values[0], -math.inf
    for value in values:
        current = score(value)
        if current > best_score:
            best, best_score = value, current
    return best, best_score


def tune_doc_threshold(gold: Sequence[GoldTopic]) -> tuple[float, float]:
    """The TF-IDF threshold that best recovers the gold sub-topics (CoNLL F1 over documents).

    The model uses document clusters at fixed levels as features; this threshold serves the
    lemma baseline and is reported with the parameters.
    """
    similarities = [document_similarity(t.data.texts) for t in gold]
    key = {f"{t.topic}/{d}": f"{t.topic}/{s}" for t in gold for d, s in t.subtopics.items()}

    def score(threshold: float) -> float:
        predicted: dict[str, int] = {}
        for topic, (names, similarity) in zip(gold, similarities, strict=True):
            labels = average_linkage(similarity, threshold)
            predicted.update(
                {
                    f"{topic.topic}/{n}": topic.topic * 100_000 + int(x)
                    for n, x in zip(names, labels, strict=True)
                }
            )
        return conll_f1_of(key, predicted)

    return _grid(_DOC_GRID, score)


def _upper(matrix: np.ndarray) -> np.ndarray:
    i, j = np.triu_indices(matrix.shape[0], k=1)
    return matrix[i, j]


def _fit(features: Sequence[np.ndarray], labels: Sequence[np.ndarray], l2: float) -> CorefParams:
    x = np.concatenate([_upper(f) for f in features]) if features else np.zeros((0, 0))
    y = np.concatenate([_upper(lab) for lab in labels]) if labels else np.zeros(0)
    return fit_pair_scorer(x, y, l2=l2)


def _out_of_fold(
    features: Sequence[np.ndarray], labels: Sequence[np.ndarray], folds: int, l2: float
) -> list[np.ndarray]:
    """Pair probabilities of every topic from a scorer fitted on the other folds' topics."""
    probs: list[np.ndarray] = [np.zeros((0, 0))] * len(features)
    folds = max(2, min(folds, len(features)))
    for fold in range(folds):
        train = [k for k in range(len(features)) if k % folds != fold]
        model = EventCorefModel(_fit([features[k] for k in train], [labels[k] for k in train], l2))
        for k in range(fold, len(features), folds):
            probs[k] = model.probabilities(features[k])
    return probs


def fit_params(gold: Sequence[GoldTopic], l2: float = 1.0, folds: int = 5) -> CorefParams:
    """Learn every parameter from ``gold`` alone.

    The pairwise scorer is fitted on all mention pairs of each topic. The clustering threshold
    is tuned for CoNLL F1 on out-of-fold probabilities (topics split in ``folds``), so it is
    not tuned on pairs the scorer has seen; the scorer is then refitted on every topic.
    """
    if len(gold) < 2:
        raise ValueError("training needs at least two topics")
    features = [topic_features(t.data) for t in gold]
    labels = [same_value([t.gold[m.id] for m in t.data.mentions]) for t in gold]
    probs = _out_of_fold(features, labels, folds, l2)
    key = {m: f"{t.topic}/{c}" for t in gold for m, c in t.gold.items()}

    def score(threshold: float) -> float:
        predicted: dict[str, int] = {}
        for topic, p in zip(gold, probs, strict=True):
            clusters = cluster_mentions(topic.data.mentions, p, threshold)
            predicted.update({m: topic.topic * 100_000 + c for m, c in clusters.items()})
        return conll_f1_of(key, predicted)

    threshold, oof = _grid(_MENTION_GRID, score)
    doc_threshold, doc_f1 = tune_doc_threshold(gold)
    fitted = _fit(features, labels, l2)
    return replace(
        fitted,
        doc_threshold=doc_threshold,
        mention_threshold=threshold,
        provenance={
            "l2": l2,
            "folds": folds,
            "train_out_of_fold_conll_f1": round(100 * oof, 2),
            "train_document_clustering_conll_f1": round(100 * doc_f1, 2),
        },
    )


def train_event_coref(
    directory: Path | str,
    topics: Iterable[int],
    output: Path | str | None = DEFAULT_PARAMS_PATH,
    command: str | None = None,
) -> CorefParams:
    """Fit the model on ``topics`` only and write its parameters to ``output``.

    The written JSON records the topics, the data directory, the command and the date, so the
    shipped defaults say what produced them. ``output=None`` writes nothing.
    """
    topic_list = sorted(set(topics))
    gold = load_gold_topics(Path(directory), topic_list)
    params = fit_params(gold).with_provenance(
        {
            "topics": [t.topic for t in gold],
            "data": str(Path(directory).resolve()),
            "gold": "ACTION_*/NEG_ACTION_* mentions of the sentences listed in "
            f"{_SENTENCES_CSV}; clusters = CROSS_DOC_COREF instance ids, others singletons",
            "n_documents": sum(len(t.data.texts) for t in gold),
            "n_mentions": sum(len(t.data.mentions) for t in gold),
            "command": command or f"train_event_coref({str(directory)!r}, {topic_list})",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    if output is not None:
        Path(output).write_text(json.dumps(params.to_json(), indent=2) + "\n", encoding="utf-8")
    return params
