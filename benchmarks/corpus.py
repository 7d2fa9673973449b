"""Synthetic article streams of any size, made honestly from real news text (seeded).

Sources (read in place from ``../shared/data``): the ECB+ corpus (982 real reports of 86
real events, CC BY 3.0) and the UCI News Aggregator sample (real headlines and publishers).
No text is repeated verbatim at scale: each article is a **sentence-level recombination**:

* with probability 0.7 an *event article*: an ECB+ event (sub-topic) is drawn, 6-12 sentences
  are sampled from two of its reports and shuffled, the title is a sentence of one of them;
* otherwise a *mixed article*: 4-8 sentences from two random events' reports and a real UCI
  headline as the title (these mostly open stories of their own, as one-off news does).

Time runs forward (``per_day`` articles a day): an event recurs in "episodes" of 20 days, so
stories age out of the clusterer's active set as in a real stream, and the same event's
episodes months apart are separate stories. With ``seed`` fixed, the stream is the same.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from storyline.evaluation.ecbplus import read_document
from storyline.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
ECB = SHARED / "ecbplus" / "ECB+"
UCI = SHARED / "uci_news_aggregator" / "uci-news-aggregator.head6367.csv"
START = datetime(2023, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    id: str
    title: str
    text: str
    published: datetime
    source: str
    event: str  # the gold story it was made from ("mixed:<k>" for mixed articles)

    def to_article(self, **fields: Any) -> Article:
        """As a stored-like :class:`Article` (``fields``: seq, language, embedding, ...)."""
        return Article(
            id=self.id,
            raw_id=self.id,
            path=self.id,
            format="jsonl",
            title=self.title,
            text=self.text,
            raw_text=self.text,
            **fields,
        )


@dataclass(frozen=True, slots=True)
class Pool:
    events: dict[str, list[list[str]]]  # event -> reports -> sentences
    headlines: list[tuple[str, str]]  # (title, publisher)


def _sentences(path: Path) -> list[str]:
    """The document's sentences as the ECB+ loader reads them (URL and datelines dropped)."""
    return [s for s in read_document(path).sentences if len(s) > 30]


def load_pool() -> Pool:
    events: dict[str, list[list[str]]] = defaultdict(list)
    for path in sorted(ECB.glob("*/*.xml")):
        topic, rest = path.stem.split("_", 1)
        sentences = _sentences(path)
        if len(sentences) >= 3:
            events[f"{topic}{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}"].append(sentences)
    with UCI.open(newline="", encoding="utf-8") as handle:
        headlines = [(r["TITLE"], r["PUBLISHER"]) for r in csv.DictReader(handle) if r["TITLE"]]
    return Pool(dict(sorted(events.items())), headlines)


def stream(pool: Pool, n: int, seed: int = 0, per_day: int = 2000) -> Iterator[SyntheticArticle]:
    """``n`` synthetic articles in publication order."""
    rng = random.Random(seed)
    names = list(pool.events)
    for k in range(n):
        when = START + timedelta(days=k / per_day)
        day = k // per_day
        title, source = rng.choice(pool.headlines)
        if rng.random() < 0.7:
            event = rng.choice(names)
            a, b = rng.choice(pool.events[event]), rng.choice(pool.events[event])
            sentences = rng.sample(a + b, min(len(a + b), rng.randint(6, 12)))
            title, gold = rng.choice(a[:2]), f"{event}@{day // 20}"
        else:
            a = rng.choice(pool.events[rng.choice(names)])
            b = rng.choice(pool.events[rng.choice(names)])
            sentences = rng.sample(a + b, min(len(a + b), rng.randint(4, 8)))
            gold = f"mixed:{k}"
        yield SyntheticArticle(
            id=f"syn-{seed}-{k}",
            title=title[:160],
            text="\n\n".join(sentences),
            published=when,
            source=source,
            event=gold,
        )
