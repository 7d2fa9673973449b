"""A short extractive summary of a story: 3-5 of its own sentences, each cited.

:func:`summarise` scores every sentence of the story's articles and keeps the best ones that
say something new, in the order they were reported:

* **centrality**: the cosine between the sentence's TF-IDF vector (sublinear term frequency,
  smoothed IDF over the story's sentences, :mod:`storyline.text.features`) and the story's
  centroid: what many sentences of the story talk about;
* **position**: ``1 / (1 + 0.1 * position in its article)``: news puts the gist first;
* **substance**: ``1 + 0.1`` per named entity (three at most), ``+ 0.2`` when the sentence
  holds an extracted event.

Left out: an article's title (the story keeps its title apart), sentences of exact copies,
boilerplate ("Read also", "Comments are closed", a line ending in a colon), sentences under 8 or
over 70 words, and near-duplicates (cosine above 0.5 with a kept sentence: wire copies say the
same thing twice). At most two sentences come from one article while others have candidates.
How many: 3, plus one per further article, at most 5. Sentences come from the extraction's
sentence splitter when given, else from a punctuation rule, so summaries need no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storyline.records import Article
from storyline.text.features import idf, l2_normalise, sparse_dot, sublinear_tf, terms

if TYPE_CHECKING:
    from storyline.extract import Event, Mention

__all__ = ["SummarySentence", "split_sentences", "summarise"]

MIN_SENTENCES = 3
MAX_SENTENCES = 5
_PER_ARTICLE = 2
_NEAR_DUPLICATE = 0.5
_MIN_WORDS, _MAX_WORDS = 8, 70
_BOILERPLATE = re.compile(
    r"\b(?:read\s+(?:also|more)|click\s+here|subscribe|sign\s+up|cookies?|newsletter|"
    r"share\s+this|all\s+rights\s+reserved|comments\s+are\s+closed|follow\s+us|"
    r"advertisement|source\s+site)\b",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[\"“‘«(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of a summary, cited by article and sentence index."""

    article_id: str
    sentence_index: int
    text: str
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "text": self.text,
            "score": round(self.score, 4),
        }


@dataclass(slots=True)
class _Candidate:
    article_id: str
    rank: int  # the article's publication rank
    index: int
    position: int  # among the article's candidate sentences
    text: str
    vector: dict[str, float]
    score: float = 0.0


def split_sentences(text: str) -> list[str]:
    """A model-free sentence split (punctuation and line breaks), whitespace trimmed."""
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


def summarise(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[str]] | None = None,
    *,
    events: Iterable[Event] = (),
    mentions: Iterable[Mention] = (),
    limit: int | None = None,
) -> list[SummarySentence]:
    """The summary of a story (see the module docstring), in the order of the reports.

    ``sentences`` maps an article id to its sentences by index (the extraction's split, so the
    citations match the events'); articles without an entry are split by :func:`split_sentences`.
    ``events`` and ``mentions`` (any article's) favour the sentences that hold them.
    """
    ordered = sorted(articles, key=_publication_key)
    originals = [a for a in ordered if a.duplicate_kind != "exact"] or ordered
    has_event = {(e.article_id, e.sentence_index) for e in events}
    names = Counter((m.article_id, m.sentence) for m in mentions)
    candidates = _candidates(originals, sentences or {})
    if not candidates:
        return []
    _score(candidates, has_event, names)
    wanted = limit or min(MAX_SENTENCES, MIN_SENTENCES + len(originals) - 1)
    picked = _pick(candidates, wanted, n_articles=len({c.article_id for c in candidates}))
    picked.sort(key=lambda c: (c.rank, c.index))
    return [SummarySentence(c.article_id, c.index, c.text, c.score) for c in picked]


def _publication_key(article: Article) -> tuple[bool, datetime, int]:
    published = article.published.replace(tzinfo=None) if article.published else datetime.min
    return (article.published is None, published, article.seq)


def _candidates(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[str]]
) -> list[_Candidate]:
    out: list[_Candidate] = []
    for rank, article in enumerate(articles):
        texts = sentences.get(article.id)
        if texts is None:
            texts = split_sentences(article.text)
        title = _fold(article.title or "")
        position = 0
        for index, text in enumerate(texts):
            if not _usable(text, title):
                continue
            out.append(_Candidate(article.id, rank, index, position, text.strip(), {}))
            position += 1
    return out


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _usable(text: str, title: str) -> bool:
    folded = _fold(text)
    if not folded or folded == title or folded.endswith(":") or _BOILERPLATE.search(text):
        return False
    return _MIN_WORDS <= len(folded.split()) <= _MAX_WORDS


def _score(
    candidates: list[_Candidate],
    has_event: set[tuple[str, int]],
    names: Counter[tuple[str, int]],
) -> None:
    tokens = [terms(c.text) for c in candidates]
    df = Counter(t for toks in tokens for t in set(toks))
    n = len(candidates)
    centroid: Counter[str] = Counter()
    for candidate, toks in zip(candidates, tokens, strict=True):
        weights = {t: w * idf(df[t], n) for t, w in sublinear_tf(toks).items()}
        candidate.vector = l2_normalise(weights)
        centroid.update(candidate.vector)
    unit = l2_normalise(centroid)
    for c in candidates:
        centrality = sparse_dot(c.vector, unit)
        position = 1.0 / (1.0 + 0.1 * c.position)
        key = (c.article_id, c.index)
        substance = 1.0 + 0.1 * min(names[key], 3) + (0.2 if key in has_event else 0.0)
        c.score = centrality * position * substance


def _pick(candidates: list[_Candidate], wanted: int, *, n_articles: int) -> list[_Candidate]:
    ranked = sorted(candidates, key=lambda c: (-c.score, c.rank, c.index))
    picked: list[_Candidate] = []
    per_article: Counter[str] = Counter()
    cap = _PER_ARTICLE if n_articles > 1 else wanted
    for strict in (True, False):  # the per-article cap goes when nothing else is left
        for c in ranked:
            if len(picked) >= wanted:
                return picked
            if any(c is p for p in picked) or (strict and per_article[c.article_id] >= cap):
                continue
            if any(sparse_dot(c.vector, p.vector) > _NEAR_DUPLICATE for p in picked):
                continue
            if not math.isfinite(c.score) or (not c.vector and picked):
                continue
            picked.append(c)
            per_article[c.article_id] += 1
    return picked
