"""The learned second stage of the claim gate (issue 19, ledger round 10).

The rules of :mod:`storyline.extract.modality` label an event ``expected`` (a modal, a planning
or forecasting governor, a hedge, a condition, a progressive with a time ahead, ...) and then
decide, with hand-written guards, whether it has a real future reading (``Modality.future``).
Every ``expected`` event is a *candidate*; a logistic regression over general features read off
the parse (:data:`FEATURES`: the tense, aspect and modal of the predicate, its governor, a time
ahead, the attribution, the kind of subject, a question, a quotation, an order to the reader,
a condition, a headline, the sentence's length and place, and the rules' own verdicts) gives
the probability that the candidate is a forward-looking claim, and the candidate is one when
the probability reaches the model's threshold. No word list is fitted to items: the features
are the grammar the rules already read, so the model only weighs them.

The weights ship as ``claim_model.json`` beside this module with their provenance (data,
command, date); they are fitted by ``storyline tune ledger ../shared/data``
(:mod:`storyline.evaluation.tune_claims`) on the tune half of the ledger gold set only. A
missing or corrupt file is a :class:`~storyline.errors.ConfigError`.

:func:`review` is the gate :mod:`storyline.extract.events` calls on each candidate; it decides
only when the model is :data:`ADOPTED` (round 10 left it off: it did not beat the rules).
:func:`recording` collects every candidate's features instead of deciding (the training tool's
view): each candidate is then kept as a claim so that every one of them reaches the output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import ConfigError
from storyline.extract._claim_guards import described, opinion, state, untyped_name
from storyline.extract._clauses import (
    _MODALS,
    _asked,
    _auxiliaries,
    _condition,
    _conditioned,
    _governors,
    _habitual,
    _headline_plan,
    _hedged_will,
    _is_headline,
    _lemma,
    _negation,
    _progressive,
)
from storyline.extract.modality import (
    _PLAN,
    _REPORT,
    _WISH,
    Modality,
    _addressed_to_reader,
    _agent,
    _ahead,
    _checkable,
    _past_plan,
    _quoted,
    attribution,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "ADOPTED",
    "DEFAULT_CLAIM_MODEL_PATH",
    "FEATURES",
    "ClaimModel",
    "claim_features",
    "load_claim_model",
    "recording",
    "review",
]

DEFAULT_CLAIM_MODEL_PATH = Path(__file__).with_name("claim_model.json")

#: The candidate's features, in the order of the model's weights (all 0/1 unless named).
FEATURES: tuple[str, ...] = (
    "rules_future",  # the hand-written rules' verdict (Modality.future)
    "modal_will",  # will / shall / 'll on the predicate
    "modal_would",
    "modal_hedge",  # could / may / might
    "modal_duty",  # should / must
    "modal_can",
    "plan_governor",  # a planning or forecasting verb or adjective governs it
    "plan_past",  # that governor told in the past ("was scheduled to")
    "wish_governor",  # a planning word that only wishes ("hopes to")
    "report_governor",  # a reporting verb governs it ("said it would")
    "attributed",  # a source is found (governor, trailing "X said", "according to")
    "time_ahead",  # a time ahead in the predicate's own words
    "date_in_sentence",  # a DATE or TIME entity anywhere in the sentence
    "tense_base",  # VB
    "tense_present",  # VBZ / VBP
    "tense_past",  # VBD
    "participle",  # VBN
    "gerund",  # VBG
    "progressive",
    "passive",
    "perfect",
    "negated",
    "subject_name",  # a PERSON / ORG / GPE / NORP subject
    "subject_first_person",  # I / we
    "subject_you",
    "subject_it",
    "subject_other_pronoun",
    "subject_agent",  # a subject that can act (a name, a pronoun, a noun for people)
    "subject_untyped_name",
    "no_subject",
    "question",
    "quoted",
    "quote_in_sentence",
    "to_reader",  # an order or advice to "you"
    "condition",  # if / whether / unless on the predicate or its governors
    "conditioned",
    "habitual",
    "hedged",  # "likely", "probably" beside a "will"
    "opinion",
    "described",
    "state",
    "checkable",
    "headline",
    "headline_plan",  # "X to <verb>"
    "has_object",
    "log_words",  # log(1 + words of the sentence)
    "first_sentence",
    "position",  # where the sentence starts in the text, 0..1
)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class ClaimModel:
    """A logistic regression over standardised candidate features, with its threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    features: tuple[str, ...] = FEATURES
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.weights) == len(self.mean) == len(self.scale) == n):
            raise ConfigError("claim model: weights, mean and scale must match the features")
        if self.features != FEATURES:
            raise ConfigError(f"claim model features {self.features} differ from {FEATURES}")
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"claim model threshold must be in (0, 1), got {self.threshold}")
        if any(s <= 0 for s in self.scale):
            raise ConfigError("claim model: every scale must be positive")

    def probability(self, x: tuple[float, ...]) -> float:
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
    def from_dict(cls, data: Any) -> ClaimModel:
        try:
            if data.get("kind") != "logistic_regression":
                raise ValueError(f"kind {data.get('kind')!r} is not logistic_regression")
            return cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                mean=tuple(float(m) for m in data["mean"]),
                scale=tuple(float(s) for s in data["scale"]),
                threshold=float(data["threshold"]),
                features=tuple(data["features"]),
                meta=dict(data.get("meta", {})),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"not a claim model file: {exc}") from exc


@lru_cache(maxsize=4)
def load_claim_model(path: str | None = None) -> ClaimModel:
    """The model in ``path`` (the shipped ``extract/claim_model.json`` when None)."""
    source = Path(path) if path else DEFAULT_CLAIM_MODEL_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the claim model {source}: {exc}") from exc
    return ClaimModel.from_dict(data)


# --- features ---------------------------------------------------------------------------------

_HEDGE_MODALS = frozenset({"could", "may", "might"})
_DUTY_MODALS = frozenset({"should", "must"})
_WILL = frozenset({"will", "shall", "'ll", "wo"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _modal_kind(token: Token) -> str:
    """The modal on the predicate or on the verb that governs it through an infinitive."""
    heads = [token, *(g for dep, g in _governors(token) if dep == "xcomp")][:3]
    for head in heads:
        for aux in _auxiliaries(head):
            word = aux.lower_
            if word in _MODALS:
                return "would" if word in {"would", "'d"} else "can" if word == "ca" else word
    return ""


def _governor_flags(token: Token) -> tuple[bool, bool, bool, bool]:
    """(plan, plan told in the past, wish, report) among the verbs governing the predicate."""
    plan = past = wish = report = False
    for dep, gov in _governors(token):
        if dep == "conj":
            continue
        base = _lemma(gov)
        if base in _PLAN or gov.lower_ in _PLAN:
            plan = True
            past = past or _past_plan(gov)
            wish = wish or base in _WISH
        if base in _REPORT:
            report = True
            break
    return plan, past, wish, report


def _subject_of(token: Token) -> Token | None:
    current = token
    for _ in range(4):
        found = next((c for c in current.children if c.dep_ in _SUBJECTS), None)
        if found is not None or current.head.i == current.i:
            return found
        if current.dep_ not in {"xcomp", "conj", "acomp"}:
            return None
        current = current.head
    return None


def _subject_flags(token: Token) -> tuple[float, ...]:
    subject = _subject_of(token)
    if subject is None:
        return (0.0,) * 7 + (1.0,)
    word = subject.lower_
    pronoun = subject.tag_ == "PRP"
    return (
        float(subject.ent_type_ in _NAMED),
        float(word in {"i", "we"}),
        float(word in {"you", "your"}),
        float(word == "it"),
        float(pronoun and word not in {"i", "we", "you", "it"}),
        float(_agent(subject)),
        float(untyped_name(subject)),
        0.0,
    )


def _form_flags(token: Token) -> tuple[float, ...]:
    tag = token.tag_
    auxes = _auxiliaries(token)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)
    perfect = any(_lemma(a) == "have" for a in auxes)
    return (
        float(tag == "VB"),
        float(tag in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes)),
        float(tag == "VBD" or any(a.tag_ == "VBD" for a in auxes)),
        float(tag == "VBN"),
        float(tag == "VBG"),
        float(_progressive(token) is not None),
        float(passive),
        float(perfect),
        float(_negation(token) is not None),
    )


def claim_features(token: Token, modality: Modality) -> tuple[float, ...]:
    """The features of the candidate whose predicate is ``token`` (see :data:`FEATURES`)."""
    sent = token.sent
    text = sent.text.strip()
    words = [t for t in sent if not t.is_punct]
    modal = _modal_kind(token)
    plan, past, wish, report = _governor_flags(token)
    doc_chars = max(1, len(token.doc.text))
    values = (
        float(modality.future is not False),
        float(modal in _WILL),
        float(modal == "would"),
        float(modal in _HEDGE_MODALS),
        float(modal in _DUTY_MODALS),
        float(modal == "can"),
        float(plan),
        float(past),
        float(wish),
        float(report),
        float(modality.attributed_to is not None or attribution(token) is not None),
        float(_ahead(token)),
        float(any(t.ent_type_ in {"DATE", "TIME"} for t in sent)),
        *_form_flags(token),
        *_subject_flags(token),
        float(_asked(token, text.rstrip(" \"'”’"))),
        float(_quoted(token)),
        float(any(t.text in {'"', "“", "”"} for t in sent)),
        float(_addressed_to_reader(token)),
        float(_condition(token) is not None),
        float(_conditioned(token)),
        float(_habitual(token)),
        float(_hedged_will(token)),
        float(opinion(token)),
        float(described(token)),
        float(state(token)),
        float(_checkable(token)),
        float(_is_headline(text)),
        float(_headline_plan(token)),
        float(any(c.dep_ in {"dobj", "attr", "xcomp"} for c in token.children)),
        math.log1p(len(words)),
        float(sent.start == 0),
        sent.start_char / doc_chars,
    )
    return values


# --- the gate ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    """One candidate seen while :func:`recording`: its sentence as written, its trigger's
    offset in the text and its features."""

    sentence: str
    trigger_start: int
    features: tuple[float, ...]


_RECORDS: list[list[Candidate]] = []


@contextmanager
def recording() -> Iterator[list[Candidate]]:
    """Collect every candidate's features; each candidate is kept as a claim meanwhile."""
    found: list[Candidate] = []
    _RECORDS.append(found)
    try:
        yield found
    finally:
        _RECORDS.remove(found)


#: Whether the ledger's claims are the model's. Round 10 measured it and left it off: on the
#: tune half's nested grouped cross-validation the model reached claim P 0.853 R 0.794 where
#: the rules (fitted on those very items) give P 0.874 R 0.794, and on the round's 100 new
#: items it made the same 1 right and 1 wrong claim as the rules (docs/ledger-guideline.md).
ADOPTED = False


def review(token: Token, modality: Modality) -> Modality:
    """The modality with ``future`` decided by the model, for an ``expected`` candidate, when
    the model is :data:`ADOPTED` (else the rules' modality, unchanged, at no cost)."""
    if modality.label != "expected" or not (_RECORDS or ADOPTED):
        return modality
    features = claim_features(token, modality)
    if _RECORDS:
        _RECORDS[-1].append(Candidate(token.sent.text.strip(), token.idx, features))
        return replace(modality, future=True)
    model = load_claim_model()
    return replace(modality, future=model.probability(features) >= model.threshold)
