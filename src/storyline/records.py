"""The typed records that flow through the pipeline.

One record type per thing a user talks about. Each pipeline stage takes records and returns
new ones (``dataclasses.replace``), filling only the fields it owns:

===============  =========================================================
stage            fields it fills on :class:`Article`
===============  =========================================================
``ingest``       ``id, raw_id, path, entry, format, url, source, title,
                 published, raw_text``
``clean``        ``text, removed_lines`` (and ``title`` when it was unknown)
``language``     ``language``
``dedup``        ``text_hash, duplicate_of, duplicate_kind, duplicate_similarity``
``embed``        ``embedding``
``cluster``      ``story_id`` (via :class:`Assignment`)
===============  =========================================================
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

import numpy as np

__all__ = [
    "Article",
    "Assignment",
    "Citation",
    "Expectation",
    "RawInput",
    "Rejection",
    "RemovedLine",
    "Source",
    "Story",
    "Window",
    "article_id_for",
    "storable",
    "story_id_for",
    "unstorable_count",
]


@dataclass(slots=True, frozen=True)
class RawInput:
    """The untouched bytes of one input file (or stdin), stored as they came."""

    sha256: str
    path: str
    content: bytes
    media_type: str  # "text", "html", "feed", "jsonl", "warc"; sniffed, see ingest.sniff

    @classmethod
    def from_bytes(cls, path: str, content: bytes, media_type: str) -> RawInput:
        return cls(hashlib.sha256(content).hexdigest(), path, content, media_type)


@dataclass(slots=True, frozen=True)
class RemovedLine:
    """One line that cleaning removed, with the rule that removed it.

    ``line_no`` is the 0-based index in ``Article.raw_text.split("\\n")``, so cleaning is
    reversible: putting every removed line back at its index restores ``raw_text``.
    """

    line_no: int
    line: str
    rule: str


@dataclass(slots=True, frozen=True)
class Rejection:
    """An input (or one entry of it) that was not ingested, and why. Rejections are data."""

    path: str
    reason: str
    entry: str = ""


@dataclass(slots=True)
class Article:
    """One news article, from its raw input to its story."""

    id: str
    raw_id: str
    path: str
    format: str
    entry: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: datetime | None = None
    raw_text: str = ""
    text: str = ""
    removed_lines: list[RemovedLine] = field(default_factory=list)
    language: str | None = None
    text_hash: str | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # "exact" or "near"
    duplicate_similarity: float | None = None
    embedding: np.ndarray | None = None
    story_id: str | None = None
    seq: int = 0  # ingest order, the tie-breaker for articles without a date
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class Assignment:
    """Why an article went to the story it went to: the explanation of one merge."""

    article_id: str
    story_id: str
    new_story: bool
    score: float  # the combined similarity that decided (0 for a new story with no candidate)
    lexical: float
    dense: float
    time_gap_days: float | None
    shared_terms: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()
    best_other_story: str | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "story_id": self.story_id,
            "new_story": self.new_story,
            "score": round(self.score, 4),
            "lexical": round(self.lexical, 4),
            "dense": round(self.dense, 4),
            "time_gap_days": None if self.time_gap_days is None else round(self.time_gap_days, 2),
            "shared_terms": list(self.shared_terms),
            "shared_names": list(self.shared_names),
            "best_other_story": self.best_other_story,
            "reason": self.reason,
        }


@dataclass(slots=True)
class Story:
    """A story: the articles about one real-world development, as shown to a user."""

    id: str
    title: str
    article_ids: list[str]
    n_articles: int
    independent_origins: int
    first_reported: datetime | None
    last_reported: datetime | None
    first_article_id: str | None
    sources: list[str]
    languages: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    """A feed, sitemap or page that ``storyline follow`` polls, with its health.

    ``id`` is given by the store (:meth:`storyline.store.Store.add_source`); ``kind`` is
    detected from the first answer (``rss``, ``atom``, ``jsonfeed``, ``sitemap``, ``html``).
    Times are timezone-aware UTC.
    """

    url: str
    name: str | None = None
    id: int | None = None
    kind: str | None = None
    every_s: float = 600.0  # how often it is polled when healthy
    allow_private: bool = False  # may resolve to private/loopback addresses (operator's choice)
    etag: str | None = None  # validators of the last answer, for a conditional request
    last_modified: str | None = None
    added_at: datetime | None = None
    last_fetch: datetime | None = None
    last_new: datetime | None = None  # when it last gave a new article
    next_due: datetime | None = None  # None: due now
    errors_in_row: int = 0
    last_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "every_s": self.every_s,
            "allow_private": self.allow_private,
            "added_at": _iso(self.added_at),
            "last_fetch": _iso(self.last_fetch),
            "last_new": _iso(self.last_new),
            "next_due": _iso(self.next_due),
            "errors_in_row": self.errors_in_row,
            "last_error": self.last_error,
        }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def article_id_for(raw_sha256: str, entry: str = "") -> str:
    """A stable article id: the same raw input and entry always give the same id."""
    return "a" + hashlib.sha256(f"{raw_sha256}\x00{entry}".encode()).hexdigest()[:15]


# NUL and lone surrogates (U+D800-U+DFFF) reach text through escapes (JSON "\u0000" or
# "\ud800", HTML "&#0;"). They mean nothing in prose, PostgreSQL's text cannot hold a NUL and
# no UTF-8 encoder takes a surrogate: what is stored holds U+FFFD in their place.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_count(text: str) -> int:
    """How many NUL and lone surrogate characters ``text`` holds."""
    return len(_UNSTORABLE.findall(text))


def storable(text: str) -> str:
    """``text`` with each NUL and lone surrogate replaced by U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def story_id_for(first_article_id: str) -> str:
    """A story is named after the article that opened it, so its id never changes."""
    return "s" + first_article_id[1:]


class ResolvedTime(Protocol):
    """What :meth:`Window.from_time` reads of a time expression
    (:class:`storyline.extract.TimeExpression` is one; records import no stage)."""

    @property
    def text(self) -> str: ...
    @property
    def grain(self) -> str: ...
    @property
    def value_start(self) -> date | None: ...
    @property
    def value_end(self) -> date | None: ...
    @property
    def resolved(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Window:
    """An inclusive interval of days, with the expression that gave it."""

    start: date
    end: date
    text: str = ""
    grain: str = "day"

    @classmethod
    def from_time(cls, expression: ResolvedTime | None) -> Window | None:
        if expression is None or not expression.resolved:
            return None
        if expression.value_start is None or expression.value_end is None:
            return None
        return cls(expression.value_start, expression.value_end, expression.text, expression.grain)

    def overlaps(self, other: Window) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Window) -> bool:
        return self.start <= other.start and other.end <= self.end

    def label(self) -> str:
        start, end = self.start.isoformat(), self.end.isoformat()
        return start if start == end else f"{start}..{end}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "grain": self.grain,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """One sentence cited as evidence; ``role`` says what it did to the entry."""

    article_id: str
    sentence_index: int
    sentence: str
    role: str = "reported"  # reported, restated, confirmed, shifted, moved, cancelled
    published: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "role": self.role,
            "published": None if self.published is None else self.published.isoformat(),
        }


@dataclass(slots=True)
class Expectation:
    """One entry of the expectation ledger (:mod:`storyline.knowledge.expectations` has the
    status rules)."""

    id: str
    status: str
    text: str
    what: str
    who: list[str]
    where: list[str]
    when: Window | None
    attributed_to: str | None
    first_reported: Citation
    evidence: list[Citation] = field(default_factory=list)
    note: str = ""
    context: str = ""  # the predicate as reported, when ``what`` differs ("travel")
    moved_to: Window | None = None
    last_report: date | None = None  # the story's latest article when the ledger was made

    def to_dict(self) -> dict[str, Any]:
        """The JSON view (``storyline show --json`` ``expectations`` items)."""
        return {
            "id": self.id,
            "status": self.status,
            "text": self.text,
            "what": self.what,
            "context": self.context or None,
            "who": list(self.who),
            "where": list(self.where),
            "when": None if self.when is None else self.when.to_dict(),
            "moved_to": None if self.moved_to is None else self.moved_to.to_dict(),
            "attributed_to": self.attributed_to,
            "first_reported": self.first_reported.to_dict(),
            "evidence": [c.to_dict() for c in self.evidence],
            "note": self.note,
            "last_report": None if self.last_report is None else self.last_report.isoformat(),
        }
