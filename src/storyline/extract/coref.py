"""Cross-document event coreference over given event mentions.

The model resolves one *topic* at a time (a set of documents about related events):

1. **Document clustering** (sub-topics): the topic's documents are clustered by
   average-linkage agglomerative clustering of their sublinear TF-IDF vectors (content words
   shared by some but not all documents), cut at each cosine level of :data:`DOC_LEVELS`.
   Whether two mentions' documents fall in the same cluster at each level is a feature, so the
   scorer learns how far to trust each granularity instead of obeying one hard split (on the
   ECB+ train topics, out of fold: CoNLL F1 77.1 against 76.5 for mention clustering inside
   hard document clusters at the best single threshold).
2. **Mention clustering**: mentions are merged by average-linkage agglomerative clustering of
   a learned pairwise coreference probability (logistic regression), cut at a learned
   threshold.

Pairwise features (:data:`FEATURES`): head-lemma match and trigger-lemma overlap (spaCy tags
and parse, lemmas from :func:`storyline.extract.nlp.lemma`); Universal Sentence Encoder cosine
of the trigger words, of the trigger in a window of context and of the sentences; argument
overlap (the trigger's syntactic arguments; the named entities, and the numbers, dates and
times of its sentence; content lemmas); TF-IDF cosine of the documents (raw and z-scored within
the topic) and the document clusters above; same document / sentence / part of speech;
reporting verbs; a few products of these. No feature looks at file names, sentence numbers,
source URLs or datelines.

Everything learned (thresholds, weights, feature scaling) lives in a JSON file,
:data:`DEFAULT_PARAMS_PATH`, recording the data, topics, command and date that produced it
(see :func:`storyline.evaluation.event_coref.train_event_coref`). spaCy analyses and USE
embeddings are cached per sentence for the life of the process.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.text.features import STOPWORDS, idf, sublinear_tf, terms

__all__ = [
    "DEFAULT_PARAMS_PATH",
    "DOC_LEVELS",
    "FEATURES",
    "CorefParams",
    "EventCorefModel",
    "EventMention",
    "TopicData",
    "average_linkage",
    "cluster_documents",
    "cluster_mentions",
    "document_similarity",
    "fit_logistic",
    "fit_pair_scorer",
    "lemma_baseline",
    "same_value",
    "topic_features",
]

#: The shipped parameters, fitted on the ECB+ train topics (see the file's ``provenance``).
DEFAULT_PARAMS_PATH = Path(__file__).with_name("event_coref_params.json")

_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_TIME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_WINDOW = 4  # context tokens either side of a trigger for the context embedding
# Reporting events: same lemma, yet usually different acts (different speakers, times).
_REPORTING = frozenset(
    {"say", "tell", "report", "announce", "confirm", "state", "add", "claim", "explain"}
    | {"reveal", "note", "write", "comment", "insist", "speak", "statement", "announcement"}
    | {"ask", "describe", "according", "quote", "call"}
)


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event mention: its sentence's tokens and the indices of its trigger tokens."""

    id: str
    doc: str
    sentence: int
    tokens: tuple[str, ...]
    span: tuple[int, ...]

    @property
    def trigger(self) -> str:
        return " ".join(self.tokens[i] for i in self.span)


@dataclass(frozen=True, slots=True)
class TopicData:
    """What the model resolves at once: the documents of one topic and their mentions."""

    name: str
    texts: Mapping[str, str]  # document id -> text
    mentions: tuple[EventMention, ...]


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class CorefParams:
    """Learned parameters: thresholds, logistic-regression weights and feature scaling.

    ``mention_threshold`` cuts the mention clustering (average pair probability);
    ``doc_threshold`` is the TF-IDF cosine that best recovers the training sub-topics, used by
    :func:`lemma_baseline` (the model itself reads document clusters at :data:`DOC_LEVELS`).
    A pair's probability is ``sigmoid(((x - mean) / scale) · weights + bias)``.
    """

    doc_threshold: float
    mention_threshold: float
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PARAMS_PATH) -> CorefParams:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            doc_threshold=float(data["doc_threshold"]),
            mention_threshold=float(data["mention_threshold"]),
            features=tuple(data["features"]),
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            mean=tuple(float(m) for m in data["mean"]),
            scale=tuple(float(s) for s in data["scale"]),
            provenance=dict(data.get("provenance", {})),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "provenance": dict(self.provenance),
            "doc_threshold": self.doc_threshold,
            "mention_threshold": self.mention_threshold,
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
        }

    def with_provenance(self, provenance: Mapping[str, Any]) -> CorefParams:
        return replace(self, provenance={**self.provenance, **provenance})


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True, slots=True)
class _SentenceInfo:
    lemmas: tuple[str, ...]  # one per token, lower-cased
    pos: tuple[str, ...]  # coarse universal POS per token
    heads: tuple[int, ...]  # dependency head index per token
    deps: tuple[str, ...]  # dependency label per token
    names: frozenset[str]
    times: frozenset[str]
    content: frozenset[str]


_SENTENCE_CACHE: dict[tuple[str, ...], _SentenceInfo] = {}
_EMBED_CACHE: dict[str, np.ndarray] = {}


def _lemma_of(word: str, pos: str) -> str:
    from storyline.extract.nlp import lemma

    kind = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}.get(pos)
    return lemma(word, kind) if kind else word.lower()


def _coarse_pos(tag: str) -> str:
    """Universal POS from a Penn tag (the shared pipeline does not run the attribute ruler)."""
    if tag.startswith("VB") or tag == "MD":
        return "VERB"
    if tag.startswith("NNP"):
        return "PROPN"
    if tag.startswith("NN"):
        return "NOUN"
    if tag.startswith("JJ"):
        return "ADJ"
    return "OTHER"


def _sentence_info(doc: Any) -> _SentenceInfo:
    pos = tuple(_coarse_pos(t.tag_) for t in doc)
    lemmas = tuple(_lemma_of(t.text, p) for t, p in zip(doc, pos, strict=True))
    names = frozenset(e.text.lower() for e in doc.ents if e.label_ in _NAME_LABELS)
    times = {e.text.lower() for e in doc.ents if e.label_ in _TIME_LABELS}
    times |= {t.text.lower() for t in doc if t.like_num}
    content = frozenset(
        lem
        for lem, p in zip(lemmas, pos, strict=True)
        if p in _CONTENT_POS and lem.isalpha() and lem not in STOPWORDS and len(lem) > 1
    )
    heads = tuple(t.head.i for t in doc)
    deps = tuple(t.dep_ for t in doc)
    return _SentenceInfo(lemmas, pos, heads, deps, names, frozenset(times), content)


def _analyse_sentences(sentences: Sequence[tuple[str, ...]]) -> None:
    """Run spaCy (tagger, parser, NER) over the uncached token sequences, as tokenised."""
    todo = list(dict.fromkeys(s for s in sentences if s not in _SENTENCE_CACHE))
    if not todo:
        return
    from spacy.tokens import Doc

    from storyline.extract.nlp import load_pipeline

    nlp = load_pipeline(parse=True)
    docs = (Doc(nlp.vocab, words=[w if w.strip() else "_" for w in s]) for s in todo)
    for tokens, doc in zip(todo, nlp.pipe(docs, batch_size=64), strict=True):
        _SENTENCE_CACHE[tokens] = _sentence_info(doc)


@lru_cache(maxsize=1)
def _use() -> Any:
    from storyline.embed import UseEmbedder

    return UseEmbedder()


def _embed(texts: Sequence[str]) -> np.ndarray:
    """USE rows of ``texts`` (L2-normalised), each text embedded once per process."""
    todo = list(dict.fromkeys(t for t in texts if t not in _EMBED_CACHE))
    if todo:
        _EMBED_CACHE.update(zip(todo, _use().embed(todo), strict=True))
    return np.stack([_EMBED_CACHE[t] for t in texts]) if texts else np.zeros((0, 512))


def _head(mention: EventMention, info: _SentenceInfo) -> int:
    """The trigger token whose syntactic head lies outside the trigger (else the last one)."""
    inside = set(mention.span)
    for i in mention.span:
        if info.heads[i] not in inside or info.heads[i] == i:
            return i
    return mention.span[-1]


_ARG_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "attr",
        "agent",
        "pobj",
        "poss",
        "compound",
        "nmod",
        "npadvmod",
        "dative",
        "oprd",
        "appos",
        "nummod",
    }
)


def _arguments(mention: EventMention, info: _SentenceInfo) -> frozenset[str]:
    """Lemmas of the trigger's syntactic arguments (subject, objects, prepositional objects,
    possessor, compounds, numbers) outside the trigger, with their compound modifiers."""
    inside = set(mention.span)
    children: dict[int, list[int]] = {}
    for i, head in enumerate(info.heads):
        if head != i:
            children.setdefault(head, []).append(i)
    found: set[str] = set()
    frontier = [c for t in mention.span for c in children.get(t, []) if c not in inside]
    while frontier:
        i = frontier.pop()
        if info.deps[i] in ("prep", "agent"):
            frontier.extend(children.get(i, []))
            continue
        if info.deps[i] not in _ARG_DEPS or info.pos[i] not in ("NOUN", "PROPN", "OTHER"):
            continue
        word = info.lemmas[i]
        if word.isalnum() and word not in STOPWORDS:
            found.add(word)
        frontier.extend(c for c in children.get(i, []) if info.deps[c] in ("compound", "nummod"))
    return frozenset(found)


def _detok(tokens: Sequence[str]) -> str:
    return " ".join(t for t in tokens if t.strip())


@dataclass(frozen=True, slots=True)
class _Mentions:
    """Per-mention analyses of a group of mentions, as arrays and sets."""

    mentions: tuple[EventMention, ...]
    head: tuple[str, ...]
    lemma_sets: tuple[frozenset[str], ...]
    verbal: np.ndarray  # bool per mention
    names: tuple[frozenset[str], ...]
    times: tuple[frozenset[str], ...]
    arguments: tuple[frozenset[str], ...]
    content: tuple[frozenset[str], ...]
    trigger_vec: np.ndarray
    context_vec: np.ndarray
    sentence_vec: np.ndarray
    reporting: np.ndarray  # bool: the head is a reporting verb or noun


def _analyse(mentions: Sequence[EventMention]) -> _Mentions:
    _analyse_sentences([m.tokens for m in mentions])
    infos = [_SENTENCE_CACHE[m.tokens] for m in mentions]
    heads = [info.lemmas[_head(m, info)] for m, info in zip(mentions, infos, strict=True)]
    lemma_sets = [
        frozenset(info.lemmas[i] for i in m.span if info.lemmas[i] not in STOPWORDS)
        for m, info in zip(mentions, infos, strict=True)
    ]
    windows = [
        _detok(m.tokens[max(0, m.span[0] - _WINDOW) : m.span[-1] + _WINDOW + 1]) for m in mentions
    ]
    return _Mentions(
        mentions=tuple(mentions),
        head=tuple(heads),
        lemma_sets=tuple(s or frozenset({h}) for s, h in zip(lemma_sets, heads, strict=True)),
        verbal=np.array(
            [i.pos[_head(m, i)] == "VERB" for m, i in zip(mentions, infos, strict=True)]
        ),
        names=tuple(i.names for i in infos),
        arguments=tuple(_arguments(m, i) for m, i in zip(mentions, infos, strict=True)),
        times=tuple(i.times for i in infos),
        content=tuple(i.content for i in infos),
        trigger_vec=_embed([m.trigger.lower() for m in mentions]),
        context_vec=_embed(windows),
        sentence_vec=_embed([_detok(m.tokens) for m in mentions]),
        reporting=np.array([h in _REPORTING for h in heads]),
    )


# --------------------------------------------------------------------------- documents


def _tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Row-normalised sublinear TF-IDF vectors of the texts' content words.

    Only words shared by some but not all of the texts count: a word of one text links it to
    nothing, and a word of every text separates nothing (both only add noise to the cosine).
    """
    bags = [sublinear_tf(terms(t)) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    shared = sorted(w for w, n in df.items() if 2 <= n < len(texts))
    vocab = {w: i for i, w in enumerate(shared)}
    matrix = np.zeros((len(texts), max(1, len(vocab))))
    for row, bag in enumerate(bags):
        for word, tf in bag.items():
            if word in vocab:
                matrix[row, vocab[word]] = tf * idf(df[word], len(texts))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def document_similarity(texts: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """Document ids (sorted) and their TF-IDF cosine matrix."""
    names = sorted(texts)
    matrix = _tfidf_matrix([texts[n] for n in names])
    return names, matrix @ matrix.T


def cluster_documents(texts: Mapping[str, str], threshold: float) -> dict[str, int]:
    """``{document id: document cluster}`` by average-linkage over TF-IDF cosine."""
    names, similarity = document_similarity(texts)
    labels = average_linkage(similarity, threshold)
    return dict(zip(names, (int(x) for x in labels), strict=True))


@dataclass(frozen=True, slots=True)
class _Documents:
    """A topic's documents: TF-IDF cosine, its z-scores, and clusters at every level."""

    index: Mapping[str, int]
    cosine: np.ndarray
    cosine_z: np.ndarray
    clusters: tuple[np.ndarray, ...]  # one label array per level of DOC_LEVELS


def _documents(texts: Mapping[str, str]) -> _Documents:
    names, similarity = document_similarity(texts)
    clusters = tuple(average_linkage(similarity, level) for level in DOC_LEVELS)
    index = {n: i for i, n in enumerate(names)}
    return _Documents(index, similarity, _zscore(similarity), clusters)


# --------------------------------------------------------------------------- pair features

#: Cosine thresholds at which documents are clustered into sub-topics; "both mentions are in
#: the same document cluster" at each level is a pairwise feature.
DOC_LEVELS: tuple[float, ...] = (0.06, 0.10, 0.14, 0.18, 0.22)

#: The pairwise features, in the order of :attr:`CorefParams.weights`.
FEATURES: tuple[str, ...] = (
    "head_lemma_match",
    "trigger_lemma_jaccard",
    "trigger_cosine",
    "context_cosine",
    "sentence_cosine",
    "content_jaccard",
    "names_jaccard",
    "names_both",
    "times_jaccard",
    "times_both",
    "arguments_jaccard",
    "arguments_both",
    "document_cosine",
    "document_cosine_z",
    *(f"same_document_cluster@{level:.2f}" for level in DOC_LEVELS),
    "both_reporting",
    "lemma_x_reporting",
    "same_document",
    "same_sentence",
    "same_pos",
    "lemma_x_sentence",
    "lemma_x_context",
    "trigger_x_sentence",
)


def same_value(values: Sequence[Hashable]) -> np.ndarray:
    """``(n, n)`` matrix of 1.0 where ``values[i] == values[j]``, else 0.0."""
    codes = {v: i for i, v in enumerate(dict.fromkeys(values))}
    ids = np.array([codes[v] for v in values])
    return (ids[:, None] == ids[None, :]).astype(np.float64)


def _jaccard(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise Jaccard of the sets, and whether both sets of a pair are non-empty."""
    vocab = {w: i for i, w in enumerate(sorted(set().union(*sets)))} if sets else {}
    incidence = np.zeros((len(sets), max(1, len(vocab))))
    for row, items in enumerate(sets):
        for item in items:
            incidence[row, vocab[item]] = 1.0
    inter = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    both = ((sizes[:, None] > 0) & (sizes[None, :] > 0)).astype(np.float64)
    return jac, both


def _zscore(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` standardised by the mean and deviation of its off-diagonal entries."""
    n = matrix.shape[0]
    if n < 3:
        return np.zeros_like(matrix)
    off = matrix[~np.eye(n, dtype=bool)]
    return (matrix - off.mean()) / (off.std() + 1e-9)


def _document_columns(m: _Mentions, docs: _Documents) -> dict[str, np.ndarray]:
    rows = np.array([docs.index.get(x.doc, -1) for x in m.mentions])
    known = rows >= 0
    pair_known = (known[:, None] & known[None, :]).astype(np.float64)
    rows = np.where(known, rows, 0)
    columns = {
        "document_cosine": docs.cosine[np.ix_(rows, rows)] * pair_known,
        "document_cosine_z": docs.cosine_z[np.ix_(rows, rows)] * pair_known,
    }
    for level, labels in zip(DOC_LEVELS, docs.clusters, strict=True):
        columns[f"same_document_cluster@{level:.2f}"] = same_value(labels[rows]) * pair_known
    return columns


def _features(m: _Mentions, docs: _Documents) -> np.ndarray:
    """The ``(n, n, len(FEATURES))`` feature tensor of every ordered pair of mentions."""
    lemma = same_value(m.head)
    names, names_both = _jaccard(m.names)
    times, times_both = _jaccard(m.times)
    arguments, arguments_both = _jaccard(m.arguments)
    sentence_cos = m.sentence_vec @ m.sentence_vec.T
    context_cos = m.context_vec @ m.context_vec.T
    trigger_cos = m.trigger_vec @ m.trigger_vec.T
    reporting = (m.reporting[:, None] & m.reporting[None, :]).astype(np.float64)
    columns = {
        "head_lemma_match": lemma,
        "trigger_lemma_jaccard": _jaccard(m.lemma_sets)[0],
        "trigger_cosine": trigger_cos,
        "context_cosine": context_cos,
        "sentence_cosine": sentence_cos,
        "content_jaccard": _jaccard(m.content)[0],
        "names_jaccard": names,
        "names_both": names_both,
        "times_jaccard": times,
        "times_both": times_both,
        "arguments_jaccard": arguments,
        "arguments_both": arguments_both,
        **_document_columns(m, docs),
        "both_reporting": reporting,
        "lemma_x_reporting": lemma * reporting,
        "same_document": same_value([x.doc for x in m.mentions]),
        "same_sentence": same_value([(x.doc, x.sentence) for x in m.mentions]),
        "same_pos": (m.verbal[:, None] == m.verbal[None, :]).astype(np.float64),
        "lemma_x_sentence": lemma * sentence_cos,
        "lemma_x_context": lemma * context_cos,
        "trigger_x_sentence": trigger_cos * sentence_cos,
    }
    return np.stack([columns[name] for name in FEATURES], axis=-1)


def topic_features(topic: TopicData) -> np.ndarray:
    """The pair feature tensor ``(n, n, len(FEATURES))`` of the topic's mentions, in order."""
    if not topic.mentions:
        return np.zeros((0, 0, len(FEATURES)))
    return _features(_analyse(topic.mentions), _documents(topic.texts))


# --------------------------------------------------------------------------- clustering


def average_linkage(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage agglomerative clustering: merge while the best average >= threshold.

    ``similarity`` is a symmetric ``(n, n)`` matrix; returns a cluster label per row. Ties go
    to the lowest indices, so the result is deterministic.
    """
    n = similarity.shape[0]
    labels = np.arange(n)
    if n < 2:
        return labels
    total = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(total, 0.0)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    while True:
        average = total / np.outer(size, size)
        average[~alive, :] = -np.inf
        average[:, ~alive] = -np.inf
        np.fill_diagonal(average, -np.inf)
        a, b = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        total[a, a] = 0.0
        size[a] += size[b]
        alive[b] = False
        labels[labels == b] = a
    return labels


def cluster_mentions(
    mentions: Sequence[EventMention], similarity: np.ndarray, threshold: float
) -> dict[str, int]:
    """``{mention id: cluster number}`` (numbered from 0 in order of first mention)."""
    labels = average_linkage(similarity, threshold).tolist() if len(mentions) else []
    renumber = {x: i for i, x in enumerate(dict.fromkeys(labels))}
    return {m.id: renumber[x] for m, x in zip(mentions, labels, strict=True)}


# --------------------------------------------------------------------------- logistic regression


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (IRLS); the bias is not penalised.

    Returns ``(weights, bias)``. ``x`` should be standardised.
    """
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = _sigmoid(design @ theta)
        gradient = design.T @ (p - y) + penalty * theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def fit_pair_scorer(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> CorefParams:
    """Standardise the pair features ``x`` and fit the logistic scorer to labels ``y``.

    The thresholds of the result are placeholders (0.0 and 0.5): set them with ``replace``.
    """
    if len(y) == 0 or y.min() == y.max():
        raise ValueError("training needs both coreferent and non-coreferent mention pairs")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    weights, bias = fit_logistic((x - mean) / scale, y, l2=l2)
    return CorefParams(
        doc_threshold=0.0,
        mention_threshold=0.5,
        features=FEATURES,
        weights=tuple(weights.tolist()),
        bias=bias,
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
    )


# --------------------------------------------------------------------------- the model


class EventCorefModel:
    """The model with fixed parameters: :meth:`resolve` one topic at a time."""

    def __init__(self, params: CorefParams) -> None:
        if tuple(params.features) != FEATURES:
            raise ValueError("the parameters were fitted for a different feature set")
        self.params = params
        self._w = np.asarray(params.weights)
        self._mean = np.asarray(params.mean)
        self._scale = np.asarray(params.scale)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Coreference probability of every pair of a feature tensor (last axis: features),
        symmetrised for a square ``(n, n, F)`` tensor."""
        p = _sigmoid(((features - self._mean) / self._scale) @ self._w + self.params.bias)
        if p.ndim == 2 and p.shape[0] == p.shape[1]:
            p = (p + p.T) / 2
        return p

    def resolve(self, topic: TopicData) -> dict[str, int]:
        """``{mention id: cluster number}`` for every mention of the topic."""
        probs = self.probabilities(topic_features(topic))
        return cluster_mentions(topic.mentions, probs, self.params.mention_threshold)


def lemma_baseline(topic: TopicData, doc_threshold: float) -> dict[str, int]:
    """The classic baseline: mentions with the same head lemma in the same predicted document
    cluster (TF-IDF, average linkage at ``doc_threshold``) corefer."""
    if not topic.mentions:
        return {}
    doc_cluster = cluster_documents(topic.texts, doc_threshold)
    heads = _analyse(topic.mentions).head
    keys = [(doc_cluster.get(m.doc, m.doc), h) for m, h in zip(topic.mentions, heads, strict=True)]
    return cluster_mentions(topic.mentions, same_value(keys), 0.5)
