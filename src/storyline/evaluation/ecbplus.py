"""ECB+ (Cybulska & Vossen, LREC 2014) as a story-clustering gold standard.

Layout: ``DIR/ECB+/<topic>/<topic>_<n>ecb.xml`` and ``..._<n>ecbplus.xml`` (tokenised XML,
``<token sentence="N">word</token>``), or ``DIR/<topic>/...`` directly. Each topic holds two
sub-topics, each one real-world event: the ``ecb`` documents and the ``ecbplus`` documents.
A sub-topic is a gold story.

Two leaks are removed so that a score measures events, not the corpus split: every
``ecbplus`` document starts with its source URL as sentence 0 (it becomes the article's
``url`` metadata, not text), and most carry a short dateline near the top (a sentence made only
of date and time tokens, which ``ecb`` documents never have): datelines are dropped.

ECB+ documents carry no publication date. :func:`publication_dates` gives them synthetic ones
for measuring time handling (``storyline eval ecbplus --dates spread:N``): each topic gets a
seeded date, each of its two events (sub-topics) a date within :data:`LOOKALIKE_DAYS` of it, so
that the look-alike events of a topic are close in time (the hard case: the publication gap
cannot tell them apart), and each document a publication time drawn within ``N`` days after its
event's date (follow-ups come late). The text's own dates are real and left as they are.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storyline.errors import ConfigError, InputError
from storyline.records import Article, article_id_for

__all__ = [
    "DATE_MODES",
    "DEV_TOPICS",
    "LOOKALIKE_DAYS",
    "TRAIN_TOPICS",
    "EcbDocument",
    "date_spread",
    "load_documents",
    "publication_dates",
    "to_article",
]

#: The dev topics of the usual ECB+ split; never tune on these.
DEV_TOPICS: tuple[int, ...] = (2, 5, 12, 18, 21, 23, 34, 35)
#: Topics 1-35 minus the dev topics (the corpus has no topics 15 and 17).
TRAIN_TOPICS: tuple[int, ...] = tuple(
    t for t in range(1, 36) if t not in DEV_TOPICS and t not in (15, 17)
)

#: ``--dates``: ``none`` (ECB+ as it is, no publication dates: the default) or ``spread:N``.
DATE_MODES = ("none", "spread:N")
#: The events of one topic happen within this many days of each other (spread mode).
LOOKALIKE_DAYS = 30
_FIRST_TOPIC_DAY = datetime(2008, 1, 1, tzinfo=UTC)
_TOPIC_YEARS = 6  # topic dates are drawn over this many years from _FIRST_TOPIC_DAY

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s|n't|'re|'ll|'ve|'d|'m)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_URL_SENTENCE = re.compile(r"^\s*https?\s*:\s*/\s*/")
_DATE_TOKEN = re.compile(
    r"^(?:\d{1,4}|\d{1,2}(?:st|nd|rd|th)|[:/|,.@\-–]|"
    r"am|pm|a\.m\.|p\.m\.|[ap]m|et|est|edt|pt|pst|pdt|gmt|utc|bst|cet|"
    r"published|updated|posted|last|on|at|by|originally|first|time|release|ago|year|days?|"
    r"downloaded|in|edited|created|story|article|hrs|[apm]|[ap]\.|m\.|[()\[\]+]|gmt\+\d{0,2}|"
    r"ist|aest|aedt|cest|hkt|jst|wib|sast|eat|[a-z]{0,2}[sd]t|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|[a-z]{3,4}\.|"
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|\d{1,2}(?:am|pm)|\d{1,2}:\d{2})$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class EcbDocument:
    name: str  # e.g. "1_10ecbplus.xml"
    topic: int
    subtopic: str  # "1ecb" or "1ecbplus": the gold story
    url: str | None
    sentences: tuple[str, ...]


def _detokenise(tokens: Iterable[str]) -> str:
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return text.replace("`` ", '"').replace(" ''", '"')


def _is_dateline(tokens: list[str]) -> bool:
    words = [t for t in tokens if t.strip()]
    return bool(words) and len(words) <= 32 and all(_DATE_TOKEN.match(t.strip()) for t in words)


def _read_sentences(path: Path) -> dict[int, list[str]]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"not a readable ECB+ document: {exc}", str(path)) from exc
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    return sentences


def read_document(path: Path) -> EcbDocument:
    """One ECB+ document, URL moved to metadata and datelines dropped."""
    topic = int(path.name.split("_", 1)[0])
    plus = path.name.endswith("ecbplus.xml")
    sentences = _read_sentences(path)
    url = None
    kept: list[str] = []
    for index in sorted(sentences):
        tokens = sentences[index]
        if index == 0 and _URL_SENTENCE.match(" ".join(tokens)):
            url = "".join(tokens)
            continue
        if index <= 4 and _is_dateline(tokens):
            continue
        kept.append(_detokenise(tokens))
    subtopic = f"{topic}{'ecbplus' if plus else 'ecb'}"
    return EcbDocument(path.name, topic, subtopic, url, tuple(kept))


def _topic_dirs(directory: Path) -> list[Path]:
    base = directory / "ECB+" if (directory / "ECB+").is_dir() else directory
    dirs = [d for d in base.iterdir() if d.is_dir() and d.name.isdigit()]
    if not dirs:
        raise InputError("no ECB+ topic folders found (expected ECB+/<topic>/)", str(directory))
    return sorted(dirs, key=lambda d: int(d.name))


def load_documents(directory: Path, topics: Iterable[int] | None = None) -> Iterator[EcbDocument]:
    """Every document of the chosen topics (all topic folders present when None)."""
    wanted = set(topics) if topics is not None else None
    for topic_dir in _topic_dirs(directory):
        if wanted is not None and int(topic_dir.name) not in wanted:
            continue
        for path in sorted(topic_dir.glob("*.xml")):
            yield read_document(path)


def date_spread(mode: str) -> int | None:
    """``--dates`` parsed: None for ``none``, N (days, >= 0) for ``spread:N``."""
    if mode == "none":
        return None
    kind, _, days = mode.partition(":")
    if kind == "spread" and days.isdigit():
        return int(days)
    raise ConfigError(
        f"--dates takes 'none' or 'spread:N' (N whole days, e.g. spread:90), not {mode!r}"
    )


def _uniform_days(rng: random.Random, days: float) -> timedelta:
    return timedelta(seconds=rng.uniform(0.0, days * 86_400.0))


def publication_dates(
    docs: Sequence[EcbDocument], spread_days: int, seed: int
) -> dict[str, datetime]:
    """A synthetic publication time per document name (see the module docstring), a function
    of ``seed`` and the topic, sub-topic and document names only."""
    out: dict[str, datetime] = {}
    for doc in docs:
        topic_day = _FIRST_TOPIC_DAY + _uniform_days(
            random.Random(f"{seed}:{doc.topic}"), 365.0 * _TOPIC_YEARS
        )
        event_day = topic_day + _uniform_days(
            random.Random(f"{seed}:{doc.subtopic}"), LOOKALIKE_DAYS
        )
        out[doc.name] = event_day + _uniform_days(random.Random(f"{seed}:{doc.name}"), spread_days)
    return out


def to_article(doc: EcbDocument, seq: int, published: datetime | None = None) -> Article:
    """An Article as the pipeline's stages would produce it: title, cleaned text, the
    publication time given (ECB+ has none)."""
    text = "\n".join(doc.sentences)
    return Article(
        id=article_id_for(doc.name),
        raw_id=doc.name,
        path=doc.name,
        format="ecbplus",
        url=doc.url,
        title=doc.sentences[0] if doc.sentences else None,
        raw_text=text,
        text=text,
        language="en",
        seq=seq,
        published=published,
    )
