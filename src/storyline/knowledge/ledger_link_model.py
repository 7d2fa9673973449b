"""A learned link: does a later sentence report the same event as a ledger entry? (round 10)

Nine rounds linked a later report to an entry by word rules fitted to the 53 status pairs of
the ledger gold's tune half; they did not carry over to its test half (confirmations 2/15 there:
the later report tells the event in other words and no rule links it). This module scores a
(entry sentence, later sentence) pair with a logistic regression fitted on far more pairs:
the gold cross-document event coreference of ECB+ (an event mention in one document, each
annotated sentence of another document of its topic; positive when that sentence holds a
mention of the same event), by :mod:`storyline.evaluation.ledger_link_train`, on the ECB+
topics that hold no document of the ledger gold's test half and are none of ECB+'s dev and
test topics (the event-coreference gate's).

The features (:data:`FEATURES`) are general, read from the two texts alone, so that they are
computed alike on ECB+ and in the ledger: the Universal Sentence Encoder cosine of the two
sentences and its gap to the best sentence of the later article, the event's words (its
trigger's stems) in the later sentence, shared content words, shared and conflicting names
(capitalised words; :func:`name_words`), numbers, days named, another occurrence told. Call-off
and new-date cues, negation and the later sentence's tense were tried and left out: they tell
what became of the event (its status, read after the link by
:func:`storyline.knowledge.ledger_semantic.reading`), not whether it is the same one; on ECB+
they took negative weights (a link model would then pass over the very call-offs the ledger
needs) and the grouped cross-validation was no better with them (link F1 0.457 against 0.461).
The weights ship as ``ledger_link_model.json`` beside this module with their provenance (data,
topics, command, date, grouped cross-validation); the runtime needs numpy only.

Round 10 measured it and kept the cosine rule (:data:`storyline.knowledge.ledger_semantic.LINK`):
docs/ledger-guideline.md, "Round 10: a learned link".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.knowledge.ledger_match import (
    content_stems,
    other_day,
    stem,
    tokens,
    word_set,
)

__all__ = [
    "DEFAULT_LINK_MODEL_PATH",
    "FEATURES",
    "LinkModel",
    "load_link_model",
    "name_words",
    "pair_features",
    "trigger_stems",
]

DEFAULT_LINK_MODEL_PATH = Path(__file__).with_name("ledger_link_model.json")

#: The pair features, in the order of the model's weights.
FEATURES: tuple[str, ...] = (
    "cosine",  # Universal Sentence Encoder cosine of the two sentences
    "cosine_gap",  # cosine minus the best cosine of the later article's sentences (<= 0)
    "trigger",  # a word of the later sentence has a stem of the event's words
    "shared_content",  # log(1 + content-word stems shared)
    "content_jaccard",  # shared / all content-word stems of the two
    "shared_names",  # log(1 + capitalised words shared)
    "name_conflict",  # both name someone or somewhere, nothing in common
    "number_conflict",  # both give numbers of two digits or more, none in common
    "day_conflict",  # the two name different days as written (a weekday, a month's day)
    "other_occasion",  # the later sentence tells another occurrence ("such", "previous")
    "log_words",  # log of the later sentence's word count
)

_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b")
_OTHER = re.compile(
    r"\b(?:such|another|previous|prior|earlier|again|once\s+more|a\s+(?:second|third))\b|"
    r"\blast\s+(?:time|year|month|season)\b",
    re.IGNORECASE,
)
# Capitalised words that name nobody: function words at a sentence's start, calendar words.
_NOT_NAMES = word_set(
    "the a an in on at for by from with and or but that this these those which who what when "
    "he she it they we i you his her its their our there here after before as if while "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december mr mrs ms dr"
)


def name_words(sentence: str) -> set[str]:
    """The capitalised words of a sentence (names of people, organisations and places, as
    written), lower-cased, without calendar and function words; the first word of the
    sentence counts only when the next one is capitalised too ("Lindsay Lohan checked in")."""
    words = _WORD.findall(sentence)
    out = set()
    for i, word in enumerate(words):
        if not word[0].isupper() or word.lower() in _NOT_NAMES or len(word) < 2:
            continue
        if i == 0 and not (len(words) > 1 and words[1][0].isupper()):
            continue
        out.add(word.lower().removesuffix("'s").removesuffix("’s"))
    return out


def trigger_stems(words: Sequence[str]) -> frozenset[str]:
    """The stems (four letters or more) of an event's words."""
    return frozenset(s for s in (stem(w) for w in words) if len(s) >= 4)


def _numbers(sentence: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(sentence)}


def pair_features(
    plan: str, event: frozenset[str], later: str, cosine: float, best: float
) -> tuple[float, ...]:
    """The features (:data:`FEATURES`) of an entry's sentence ``plan`` (its event's stems:
    ``event``) and a later sentence, given their cosine and the best cosine of the later
    article's sentences to ``plan``."""
    mine, theirs = content_stems(plan), content_stems(later)
    shared = mine & theirs
    names_a, names_b = name_words(plan), name_words(later)
    numbers_a, numbers_b = _numbers(plan), _numbers(later)
    later_stems = {stem(t.group()) for t in tokens(later)}
    return (
        cosine,
        cosine - best,
        float(bool(event & later_stems)),
        math.log1p(len(shared)),
        len(shared) / max(1, len(mine | theirs)),
        math.log1p(len(names_a & names_b)),
        float(bool(names_a and names_b and not names_a & names_b)),
        float(bool(numbers_a and numbers_b and not numbers_a & numbers_b)),
        float(other_day(plan, later)),
        float(_OTHER.search(later) is not None),
        math.log(max(1, len(later.split()))),
    )


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A logistic regression over standardised pair features, with its decision threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    features: tuple[str, ...] = FEATURES
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.features)
        if self.features != FEATURES:
            raise ConfigError(f"ledger link model features {self.features} differ from {FEATURES}")
        if not (len(self.weights) == len(self.mean) == len(self.scale) == n):
            raise ConfigError("ledger link model: weights, mean and scale must match the features")
        if any(s <= 0 or not math.isfinite(s) for s in self.scale):
            raise ConfigError("ledger link model: every scale must be a positive number")
        if not all(math.isfinite(v) for v in (*self.weights, *self.mean, self.bias)):
            raise ConfigError("ledger link model: weights, mean and bias must be finite")
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"ledger link model threshold must be in (0, 1): {self.threshold}")

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias
        for w, m, s, v in zip(self.weights, self.mean, self.scale, x, strict=True):
            z += w * (v - m) / s
        return _sigmoid(z)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "logistic_regression",
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
            "threshold": self.threshold,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: Any) -> LinkModel:
        try:
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                mean=tuple(float(m) for m in data["mean"]),
                scale=tuple(float(s) for s in data["scale"]),
                threshold=float(data["threshold"]),
                features=tuple(data["features"]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"not a ledger link model: {exc!r}") from exc


@lru_cache(maxsize=4)
def load_link_model(path: str | None = None) -> LinkModel:
    """The model in ``path`` (the shipped ``ledger_link_model.json`` when None)."""
    source = Path(path) if path else DEFAULT_LINK_MODEL_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the ledger link model {source}: {exc}") from exc
    return LinkModel.from_dict(data)
