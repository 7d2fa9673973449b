"""The expectation ledger scored on a gold set annotated by reading (issue 19).

The gold set (``ledger_gold.json`` beside this module, guideline in docs/ledger-guideline.md)
holds no text of its own: each item points into ``DIR`` (``../shared/data``) by source
(``aeb``: the article-extraction benchmark's gold bodies, ``ecbplus``: an ECB+ document as
:func:`storyline.evaluation.ecbplus.read_document` reads it, sentences joined by newlines,
``uci``: a UCI News Aggregator headline, by its row ``ID``, the title alone; round 8),
document, character offsets and the first 12 hex digits of the sentence's SHA-1, which the
loader checks. Each item belongs to the ``tune`` or the ``test`` half (split by document).

Scores (:func:`evaluate_ledger`):

* claims: a gold sentence is a true positive when it is a claim and the system makes a claim
  from an event whose sentence overlaps it; precision and recall over the gold sentences only;
* fields, on the true positives: ``what`` (the gold predicate lemma is a word of the system's
  ``what``, and so is the gold object's head when there is one), ``who``, ``attributed_to``,
  ``where`` (both empty, or every name the system gives shares a word with the gold one: the
  actor and the source mixed into one ``who`` is wrong), ``when`` (both empty, or they share a
  word other than a preposition);
* status: each pair (an expectation, then a later article's sentence) is run through the real
  story analysis (:func:`storyline.knowledge.analyse_story`) as a two-article story; the later
  sentence's role in the entry that cites the expectation gives ``confirms``, ``shifts``,
  ``cancels`` or ``repeats`` (``none`` when the entry does not cite it, ``missed`` when no entry
  cites the expectation).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.errors import InputError

__all__ = [
    "FIELDS",
    "GOLD_PATH",
    "STATUS_OF_ROLE",
    "GoldPair",
    "GoldSentence",
    "GoldSpan",
    "LedgerGold",
    "PredictedClaim",
    "document_text",
    "evaluate_ledger",
    "field_right",
    "load_ledger_gold",
    "pair_status",
    "score_claims",
    "score_status",
    "sentence_hash",
    "texts_match",
]

GOLD_PATH = Path(__file__).with_name("ledger_gold.json")
FIELDS = ("what", "who", "attributed_to", "where", "when")
HALVES = ("tune", "test")
#: A citation's role in the ledger -> the status a pair's later sentence gives the expectation.
STATUS_OF_ROLE = {
    "confirmed": "confirms",
    "shifted": "shifts",
    "moved": "shifts",
    "cancelled": "cancels",
    "restated": "repeats",
    "reported": "repeats",
}
_WORD = re.compile(r"[\w&]+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP = _word_set(
    "the a an of to in on at for by from with and 's his her its their this that these those "
    "into until till during over about around within starting"
)


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A sentence of the shared data: where it is and the text found there."""

    source: str
    doc: str
    start: int
    end: int
    sha1: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    span: GoldSpan
    half: str
    claim: bool
    fields: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldPair:
    id: str
    half: str
    expectation: GoldSpan
    later: GoldSpan
    status: str


@dataclass(frozen=True, slots=True)
class LedgerGold:
    sentences: tuple[GoldSentence, ...]
    pairs: tuple[GoldPair, ...]


def sentence_hash(text: str) -> str:
    """The check the gold set stores for a sentence: the first 12 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=4)
def _aeb_bodies(directory: Path) -> dict[str, str]:
    path = directory / "article_extraction_benchmark" / "ground-truth.json"
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        message = f"cannot read the extraction benchmark's gold bodies: {exc}"
        raise InputError(message, str(path)) from exc
    return {key: str(value.get("articleBody", "")) for key, value in truth.items()}


@lru_cache(maxsize=256)
def _ecbplus_text(directory: Path, doc: str) -> str:
    from storyline.evaluation.ecbplus import read_document

    topic = doc.split("_", 1)[0]
    return "\n".join(read_document(directory / "ecbplus" / "ECB+" / topic / doc).sentences)


@lru_cache(maxsize=4)
def _uci_titles(directory: Path) -> dict[str, str]:
    path = directory / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {row["ID"]: row["TITLE"] for row in csv.DictReader(handle) if row.get("STORY")}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError) as exc:
        raise InputError(f"cannot read the UCI headlines: {exc}", str(path)) from exc


def document_text(directory: Path, source: str, doc: str) -> str:
    """The text a gold item's offsets count in (see the module docstring)."""
    if source == "uci":
        titles = _uci_titles(directory)
        if doc not in titles:
            raise InputError(f"no row {doc!r} in the UCI headlines", str(directory))
        return titles[doc]
    if source == "aeb":
        bodies = _aeb_bodies(directory)
        if doc not in bodies:
            raise InputError(f"no page {doc!r} in the extraction benchmark", str(directory))
        return bodies[doc]
    if source == "ecbplus":
        return _ecbplus_text(directory, doc)
    raise InputError(f"unknown gold source {source!r} (aeb, ecbplus or uci)", str(directory))


def _span(directory: Path, item: Mapping[str, Any]) -> GoldSpan:
    source, doc = str(item["source"]), str(item["doc"])
    start, end = int(item["start"]), int(item["end"])
    text = document_text(directory, source, doc)[start:end]
    if sentence_hash(text) != item["sha1"]:
        raise InputError(
            f"gold sentence {source}:{doc}[{start}:{end}] does not match its hash: the shared "
            "data differs from the data the gold set was annotated on (DIR must be "
            "../shared/data, unchanged)",
            str(directory),
        )
    return GoldSpan(source, doc, start, end, str(item["sha1"]), text)


def load_ledger_gold(
    directory: Path, half: str | None = None, path: Path = GOLD_PATH
) -> LedgerGold:
    """The gold set with its sentences read from ``directory`` (one half, or both)."""
    if half not in (None, *HALVES):
        raise InputError(f"half must be tune or test, not {half!r}", str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the ledger gold set: {exc}", str(path)) from exc
    sentences = tuple(
        GoldSentence(
            id=str(item["id"]),
            span=_span(directory, item),
            half=str(item["half"]),
            claim=bool(item["claim"]),
            fields={name: item.get(name) for name in FIELDS} if item["claim"] else {},
        )
        for item in data["sentences"]
        if half is None or item["half"] == half
    )
    pairs = tuple(
        GoldPair(
            id=str(item["id"]),
            half=str(item["half"]),
            expectation=_span(directory, item["expectation"]),
            later=_span(directory, item["later"]),
            status=str(item["status"]),
        )
        for item in data["pairs"]
        if half is None or item["half"] == half
    )
    return LedgerGold(sentences, pairs)


# --- matching ---------------------------------------------------------------------------------


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str | None) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text or "")} - _STOP


def field_right(name: str, gold: str | None, predicted: str | Sequence[str] | None) -> bool:
    """Whether a claim's field is right (see the module docstring for each rule)."""
    names = [predicted] if isinstance(predicted, str) else list(predicted or [])
    names = [n for n in names if n and n.strip()]
    if not gold:
        return not names
    if not names:
        return False
    gold_words = _words(gold)
    if name == "what":
        verb, *rest = gold.split()
        said = set().union(*(_words(n) for n in names))
        return _stem(verb) in said and (not rest or bool(_words(" ".join(rest)) & said))
    return all(_words(n) & gold_words for n in names)


def texts_match(a: str, b: str) -> bool:
    """Whether two renderings of a sentence are the same sentence (the system's sentence
    boundaries may differ from the gold's: one may hold the other)."""
    x, y = " ".join(a.split()), " ".join(b.split())
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    wx, wy = set(_WORD.findall(x.lower())), set(_WORD.findall(y.lower()))
    return len(wx & wy) / max(1, len(wx | wy)) >= 0.6


# --- claims -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredictedClaim:
    start: int
    end: int
    fields: Mapping[str, str | Sequence[str] | None]


def _overlaps(a: GoldSpan, start: int, end: int) -> bool:
    return start < a.end and a.start < end


def score_claims(
    sentences: Sequence[GoldSentence],
    predicted: Mapping[tuple[str, str], Sequence[PredictedClaim]],
) -> dict[str, Any]:
    """Claim precision/recall over the gold sentences and field accuracy on the matches."""
    counts: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for sentence in sentences:
        span = sentence.span
        found = [
            p for p in predicted.get((span.source, span.doc), ()) if _overlaps(span, p.start, p.end)
        ]
        if sentence.claim and found:
            counts["tp"] += 1
            for name in FIELDS:
                right[name] += field_right(name, sentence.fields.get(name), found[0].fields[name])
        elif found:
            counts["fp"] += 1
        elif sentence.claim:
            counts["fn"] += 1
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "fields": {name: round(right[name] / tp, 4) if tp else 0.0 for name in FIELDS},
    }


def _predict_claims(
    directory: Path, docs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[PredictedClaim]]:
    from storyline.extract import analyse_many
    from storyline.knowledge.claims import claims_of

    keys = sorted(set(docs))
    analyses = analyse_many(
        ((document_text(directory, *key), None, f"{key[0]}:{key[1]}") for key in keys),
        n_process=2 if len(keys) > 40 else 1,
    )
    out: dict[tuple[str, str], list[PredictedClaim]] = {}
    for key, analysis in zip(keys, analyses, strict=True):
        out[key] = [
            PredictedClaim(
                c.start,
                c.end,
                {
                    "what": c.what,
                    "who": c.who,
                    "attributed_to": c.attributed_to,
                    "where": c.where,
                    "when": c.when,
                },
            )
            for c in claims_of(analysis.events)
        ]
    return out


# --- status -----------------------------------------------------------------------------------


def pair_status(
    expectations: Iterable[Any], expected: tuple[str, GoldSpan], later: tuple[str, GoldSpan]
) -> str:
    """The status a pair's later sentence gives its expectation in a built ledger (entries
    with ``first_reported`` and ``evidence`` citations; ``expected`` and ``later``: an article
    id and the gold sentence in it; see the module docstring)."""

    def cites(citation: Any, where: tuple[str, GoldSpan]) -> bool:
        return bool(
            citation.article_id == where[0] and texts_match(citation.sentence, where[1].text)
        )

    entries = [
        e for e in expectations if any(cites(c, expected) for c in [e.first_reported, *e.evidence])
    ]
    if not entries:
        return "missed"
    for entry in entries:
        for citation in [entry.first_reported, *entry.evidence]:
            role = STATUS_OF_ROLE.get(citation.role)
            if role and cites(citation, later):
                return role
    return "none"


def _story_status(directory: Path, pair: GoldPair) -> str:
    from storyline.knowledge import analyse_story
    from storyline.records import Article, article_id_for

    articles = []
    for seq, span in enumerate((pair.expectation, pair.later)):
        text = document_text(directory, span.source, span.doc)
        articles.append(
            Article(
                id=article_id_for(f"{pair.id}:{seq}:{span.doc}"),
                raw_id=span.doc,
                path=span.doc,
                format="ecbplus",
                raw_text=text,
                text=text,
                language="en",
                seq=seq,
            )
        )
    knowledge = analyse_story(articles)
    return pair_status(
        knowledge.expectations,
        (articles[0].id, pair.expectation),
        (articles[1].id, pair.later),
    )


def score_status(pairs: Sequence[GoldPair], status_of: Callable[[GoldPair], str]) -> dict[str, Any]:
    """Status accuracy over the pairs, with the confusion (gold -> predicted -> count)."""
    confusion: dict[str, Counter[str]] = {}
    right = 0
    for pair in pairs:
        predicted = status_of(pair)
        confusion.setdefault(pair.status, Counter())[predicted] += 1
        right += predicted == pair.status
    return {
        "accuracy": round(right / len(pairs), 4) if pairs else 0.0,
        "n_pairs": len(pairs),
        "confusion": {gold: dict(sorted(c.items())) for gold, c in sorted(confusion.items())},
    }


def evaluate_ledger(directory: Path, half: str | None = None) -> dict[str, Any]:
    """Claims, fields and statuses on the gold set (one half, or both)."""
    started = time.perf_counter()
    gold = load_ledger_gold(directory, half)
    predicted = _predict_claims(directory, ((s.span.source, s.span.doc) for s in gold.sentences))
    claims = score_claims(gold.sentences, predicted)
    status = score_status(gold.pairs, lambda pair: _story_status(directory, pair))
    return {
        "half": half or "both",
        "n_sentences": len(gold.sentences),
        "n_gold_claims": sum(s.claim for s in gold.sentences),
        "claims": {k: v for k, v in claims.items() if k != "fields"},
        "fields": claims["fields"],
        "status": status,
        "seconds": round(time.perf_counter() - started, 2),
    }
