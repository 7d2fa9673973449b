"""A learned check of a name's type (issue 19, entity round 10).

The word rules of :mod:`storyline.extract.entities` type a name from cues fitted page by page;
this module weighs general evidence instead. Each mention the rules keep is described by
:func:`features`: the rules' type and the model's (spaCy's) label, the mention's shape (capitals,
words, digits), a generic suffix word ("Inc", "University", "County", "Stadium"), the word before
it (a preposition of place, a title such as "President"), its dependency role and the class of
the verb that governs it, and how the text's other mentions of the same surface were typed.
One L2 logistic regression per family against the rest (:class:`TypeModel`, fitted on the tune
half of the entity gold set by ``python -m storyline.evaluation.type_fit``, shipped as
``type_model.json`` beside this module with its provenance) gives a probability for each type
family; :func:`retype` replaces the rules' type only when the model prefers another family with
at least the model's threshold.

Not wired into the extraction: measured by a cross-validation grouped by document on the tune
half, and on 152 new names it never trained on, it did not beat the rules (docs/entity-guideline.md,
round 10), so :func:`~storyline.extract.entities.mentions_from_doc` does not call it. It is kept,
with its training and its figures, for a later round with more or other data.

The runtime needs numpy only. A missing or corrupt model file raises
:class:`~storyline.errors.ConfigError`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["CLASSES", "FEATURES", "TypeModel", "features", "load_type_model", "retype"]

DEFAULT_MODEL_PATH = Path(__file__).with_name("type_model.json")

#: The type families the model chooses among (GPE, LOC and FAC are one place family).
CLASSES: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "PRODUCT", "WORK")
_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "WORK_OF_ART": "WORK"}
_LABEL = {"PLACE": "GPE", "WORK": "WORK_OF_ART"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Generic last words of names, by the family they usually mark (no item's name).
_SUFFIXES: dict[str, frozenset[str]] = {
    "company": _words(
        "inc inc. corp corp. co co. ltd ltd. llc plc group company companies holdings bank "
        "airlines airline motors technologies systems media entertainment brands partners"
    ),
    "body": _words(
        "university college institute school council party committee department agency "
        "association union club league foundation commission board ministry court office "
        "police service services authority society center's federation army"
    ),
    "press": _words("news times post press journal herald tribune magazine daily network"),
    "region": _words(
        "county city state province republic district region island islands valley country"
    ),
    "nature": _words("river lake mountain mountains sea ocean bay beach park forest canyon"),
    "facility": _words(
        "street st. road avenue ave boulevard bridge airport stadium arena hospital hall "
        "center centre museum church building tower station square courthouse"
    ),
    "event": _words(
        "festival games championship championships cup war show conference summit awards "
        "series tournament olympics"
    ),
}
_TITLES = _words(
    "mr mr. mrs mrs. ms ms. dr dr. president ceo senator sen. sen gov. gov governor rep. rep "
    "minister judge coach chairman chairwoman director officer sheriff chief secretary mayor "
    "prof. professor sgt. lt. capt. spokesman spokeswoman actor actress singer player author "
    "founder manager leader king queen prince pope detective attorney st."
)
_PREPOSITIONS = ("in", "at", "from", "to", "of", "on", "by", "for", "with", "near")
_SPEECH = _words("say tell add note announce explain write report claim state ask reply")
_MOTION = _words("visit travel go come arrive return move fly leave live")
_MARKET = _words("buy sell acquire launch release own invest hire announce report")
_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "poss", "appos", "conj")

FEATURES: tuple[str, ...] = (
    *(f"rule_{c}" for c in CLASSES),
    *(f"spacy_{c}" for c in CLASSES),
    "spacy_none",
    "spacy_agrees",
    "all_caps",
    "title_case",
    "lower_word",
    "has_digit",
    "has_symbol",
    "one_word",
    "two_words",
    "many_words",
    "log_chars",
    *(f"suffix_{k}" for k in _SUFFIXES),
    "title_before",
    "the_before",
    *(f"prep_{p}" for p in _PREPOSITIONS),
    "possessive_after",
    "noun_after",
    "capital_after",
    *(f"dep_{d}" for d in _DEPS),
    "head_verb",
    "head_speech",
    "head_motion",
    "head_market",
    "head_noun",
    *(f"vote_{c}" for c in CLASSES),
    *(f"spacy_vote_{c}" for c in CLASSES),
    "log_repeats",
    "word_of_person",
    "word_of_org",
    "word_of_place",
    "sentence_start",
    "first_sentence",
    "headline_line",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def family(label: str) -> str:
    """The family of an entity type (``GPE`` -> ``PLACE``)."""
    return _FAMILY.get(label, label)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _spacy_labels(doc: Doc) -> dict[int, str]:
    """Each token's spaCy entity family (the model's own label, before any rule)."""
    out: dict[int, str] = {}
    for ent in doc.ents:
        if family(ent.label_) in CLASSES:
            for i in range(ent.start, ent.end):
                out[i] = family(ent.label_)
    return out


def features(doc: Doc, mentions: Sequence[Any]) -> np.ndarray:
    """One row of :data:`FEATURES` per mention (``Mention``-like: text, type, start, end)."""
    out = np.zeros((len(mentions), len(FEATURES)))
    spacy = _spacy_labels(doc)
    text = doc.text  # rebuilt from the tokens at each access: once
    sent_start = np.zeros(len(doc), dtype=int)
    for sent in doc.sents:
        sent_start[sent.start : sent.end] = sent.start
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    spacy_votes: dict[str, Counter[str]] = defaultdict(Counter)
    words_of: dict[str, set[str]] = defaultdict(set)
    spans = [_span(doc, m.start, m.end) for m in mentions]
    for m, span in zip(mentions, spans, strict=True):
        key = m.text.casefold()
        votes[key][family(m.type)] += 1
        if span is not None:
            spacy_votes[key][spacy.get(span.root.i, "none")] += 1
        if " " in key:
            for word in key.split():
                words_of[word].add(family(m.type))
    for row, (m, span) in enumerate(zip(mentions, spans, strict=True)):
        _fill(out[row], doc, m, span, spacy)
        if span is not None:
            _position(out[row], text, span, int(sent_start[span.start]))
        key = m.text.casefold()
        total = sum(votes[key].values())
        for c in CLASSES:
            out[row, _INDEX[f"vote_{c}"]] = votes[key][c] / total
            seen = sum(spacy_votes[key].values()) or 1
            out[row, _INDEX[f"spacy_vote_{c}"]] = spacy_votes[key][c] / seen
        out[row, _INDEX["log_repeats"]] = np.log(total)
        if " " not in key:
            for c, name in (("PERSON", "person"), ("ORG", "org"), ("PLACE", "place")):
                out[row, _INDEX[f"word_of_{name}"]] = c in words_of[key]
    return out


def _fill(row: np.ndarray, doc: Doc, m: Any, span: Span | None, spacy: dict[int, str]) -> None:
    def put(name: str, value: float = 1.0) -> None:
        row[_INDEX[name]] = value

    put(f"rule_{family(m.type)}")
    words = m.text.split()
    put("all_caps", m.text.isupper())
    put("title_case", all(w[:1].isupper() for w in words))
    put("lower_word", any(w[:1].islower() for w in words))
    put("has_digit", any(ch.isdigit() for ch in m.text))
    put("has_symbol", bool(re.search(r"[&+/@]", m.text)))
    put("one_word" if len(words) == 1 else "two_words" if len(words) == 2 else "many_words")
    put("log_chars", float(np.log(len(m.text) + 1)))
    last = words[-1].casefold() if words else ""
    for kind, suffixes in _SUFFIXES.items():
        put(f"suffix_{kind}", last in suffixes)
    if span is None:
        put("spacy_none")
        return
    label = spacy.get(span.root.i)
    put(f"spacy_{label}" if label else "spacy_none")
    put("spacy_agrees", label == family(m.type))
    _context(put, doc, span)


def _context(put: Any, doc: Doc, span: Span) -> None:
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in {"the", "a", "an"}:
        put("the_before")
        before = doc[span.start - 2] if span.start > 1 else None
    if before is not None:
        put("title_before", before.lower_ in _TITLES)
        if before.lower_ in _PREPOSITIONS:
            put(f"prep_{before.lower_}")
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None:
        put("possessive_after", after.tag_ == "POS")
        put("noun_after", after.pos_ == "NOUN")
        put("capital_after", after.is_title and not after.is_sent_start)
    root = span.root
    if root.dep_ in _DEPS:
        put(f"dep_{root.dep_}")
    head = root.head
    if root.dep_ == "pobj" and head.head is not head:
        head = head.head
    if head is not root:
        put("head_verb", head.pos_ in {"VERB", "AUX"})
        put("head_speech", head.lemma_ in _SPEECH)
        put("head_motion", head.lemma_ in _MOTION)
        put("head_market", head.lemma_ in _MARKET)
        put("head_noun", head.pos_ == "NOUN")


def _position(row: np.ndarray, text: str, span: Span, sent_start: int) -> None:
    row[_INDEX["sentence_start"]] = span.start == sent_start
    row[_INDEX["first_sentence"]] = sent_start == 0
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start : line_end if line_end >= 0 else len(text)].split()
    capitals = sum(w[:1].isupper() for w in line)
    row[_INDEX["headline_line"]] = len(line) >= 3 and capitals / len(line) > 0.7


@dataclass(frozen=True, slots=True)
class TypeModel:
    """One-vs-rest logistic regressions over standardised :data:`FEATURES`, one per family."""

    weights: np.ndarray  # (len(FEATURES), len(CLASSES))
    bias: np.ndarray  # (len(CLASSES),)
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, k = len(FEATURES), len(CLASSES)
        if self.weights.shape != (n, k) or self.bias.shape != (k,):
            raise ConfigError(f"type model: weights must be {n} x {k} and bias {k} long")
        if self.mean.shape != (n,) or self.scale.shape != (n,) or (self.scale <= 0).any():
            raise ConfigError(f"type model: mean and scale must be {n} long, scale positive")
        if not (np.isfinite(self.weights).all() and np.isfinite(self.bias).all()):
            raise ConfigError("type model: weights must be finite")
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"type model threshold must be in (0, 1], got {self.threshold}")

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Each family's one-vs-rest probability, normalised over the families."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return np.asarray(p / p.sum(axis=1, keepdims=True))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "one_vs_rest_logistic_regression",
            "features": list(FEATURES),
            "classes": list(CLASSES),
            "weights": np.round(self.weights, 6).tolist(),
            "bias": np.round(self.bias, 6).tolist(),
            "mean": np.round(self.mean, 6).tolist(),
            "scale": np.round(self.scale, 6).tolist(),
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TypeModel:
        try:
            if list(data["features"]) != list(FEATURES):
                raise ConfigError("type model features differ from the code's FEATURES")
            if list(data["classes"]) != list(CLASSES):
                raise ConfigError("type model classes differ from the code's CLASSES")
            return cls(
                weights=np.array(data["weights"], dtype=float),
                bias=np.array(data["bias"], dtype=float),
                mean=np.array(data["mean"], dtype=float),
                scale=np.array(data["scale"], dtype=float),
                threshold=float(data["threshold"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"not a type model file: {exc}") from exc


@lru_cache(maxsize=4)
def load_type_model(path: str | None = None) -> TypeModel:
    """The model in ``path`` (the shipped ``extract/type_model.json`` when None)."""
    source = Path(path) if path else DEFAULT_MODEL_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the type model {source}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"not a type model file: {source}")
    return TypeModel.from_dict(data)


def retyped_labels(model: TypeModel, x: np.ndarray, labels: Sequence[str]) -> list[str]:
    """The labels after the model's check: a mention whose most probable family is another
    than its label's, with at least the threshold, takes that family's type."""
    if not len(labels):
        return []
    probs = model.probabilities(x)
    out = []
    for label, p in zip(labels, probs, strict=True):
        best = int(p.argmax())
        choice = CLASSES[best]
        if choice != family(label) and p[best] >= model.threshold:
            label = _LABEL.get(choice, choice)
        out.append(label)
    return out


def retype(doc: Doc, mentions: list[Any], model: TypeModel | None = None) -> list[Any]:
    """``mentions`` (``Mention`` objects) with the types the model overrides (see above)."""
    if not mentions or not doc.has_annotation("DEP"):  # fitted on parsed text only
        return mentions
    from dataclasses import replace

    model = model or load_type_model()
    labels = retyped_labels(model, features(doc, mentions), [m.type for m in mentions])
    return [m if m.type == t else replace(m, type=t) for m, t in zip(mentions, labels, strict=True)]
