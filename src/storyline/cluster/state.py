"""The online clusterer's state records: an article's features, a story, a member's record.

Kept apart from :mod:`storyline.cluster` (the decisions) so that each stays small; these are
private to the clusterer and its helpers (nothing here is public API).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC

import numpy as np

from storyline.cluster.members import MemberWindow, SparseRow, Vocabulary
from storyline.config import ClusterConfig
from storyline.records import Article
from storyline.text.digest import Digest
from storyline.text.features import is_year, sparse_dot, top_items

__all__ = [
    "NAME_PREFIX",
    "Features",
    "Record",
    "Story",
    "add_event_days",
    "add_sparse",
    "centroid_cos",
    "compact",
    "days_of",
    "event_day_match",
    "gap_days",
    "member_features",
    "prune",
    "restore",
    "same_language",
    "subset",
]

_SECONDS_PER_DAY = 86_400.0
NAME_PREFIX = "@"  # name keys in the vocabulary and the inverted index (terms never start so)


@dataclass(slots=True)
class Features:
    """What the clusterer needs of one article, computed once (TF-IDF before learning it)."""

    article_id: str
    term_tf: dict[str, float]  # sublinear tf, for document frequencies
    name_tf: dict[str, float]
    terms: dict[str, float]  # L2-normalised TF-IDF
    names: dict[str, float]
    title: dict[str, float]  # L2-normalised TF-IDF of the title's content words
    embedding: np.ndarray | None  # given with the article, or embedded lazily (unit length)
    time: float | None  # days since the epoch
    language: str | None = None
    numbers: frozenset[str] = frozenset()
    term_row: SparseRow | None = None  # terms and names over the clusterer's vocabulary
    name_row: SparseRow | None = None
    lead: str = ""  # what the embedder reads (title and lead), when there is an embedder
    event_days: tuple[int, ...] = ()  # the days its lead speaks of (cluster.features.event_days)
    digest: Digest | None = None  # a digest page: kept out of stories (storyline.text.digest)


@dataclass(frozen=True, slots=True)
class Record:
    """A member's features that its story's member window does not keep."""

    article_id: str
    title: SparseRow
    time: float | None
    language: str | None
    numbers: frozenset[str]
    lead: str
    event_days: tuple[int, ...] = ()


@dataclass(slots=True)
class Story:
    id: str
    article_ids: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # sorted
    term_sum: dict[str, float] = field(default_factory=dict)
    term_norm2: float = 0.0
    name_sum: dict[str, float] = field(default_factory=dict)
    name_norm2: float = 0.0
    title_sum: dict[str, float] = field(default_factory=dict)
    title_norm2: float = 0.0
    emb_sum: np.ndarray | None = None
    # the most recent max_members articles' vectors (storyline.cluster.members)
    members: MemberWindow = field(default_factory=lambda: MemberWindow(ClusterConfig().max_members))
    index_keys: tuple[str, ...] = ()
    active: bool = True
    languages: set[str] = field(default_factory=set)
    numbers: dict[str, int] = field(default_factory=dict)  # number -> articles mentioning it
    years: int = 0  # how many of those numbers are years (text_features.is_year)
    event_days: dict[int, int] = field(default_factory=dict)  # day ordinal -> articles naming it
    # (embedding text, member number) of its first article while that one has no vector and
    # the story is active: embedded when the story's dense side is first needed
    lead: tuple[str, int] | None = None
    # A retired story is compacted (see StoryClusterer._compact): its term, name and title
    # sums shrink to their top index_terms entries, kept here as arrays, and the dicts empty.
    summary: tuple[SparseRow, SparseRow, SparseRow] | None = None
    # what a split or a merge rebuilds each member from (with the member window), while the
    # story may still split or merge (active, every article a member, at most split_max_size
    # articles): else None
    records: list[Record] | None = field(default_factory=list)
    headlines: int = 0  # members that are headline-only articles (such a story never splits)

    @property
    def last_time(self) -> float | None:
        return self.times[-1] if self.times else None


def add_sparse(total: dict[str, float], vec: Mapping[str, float], norm2: float) -> float:
    """Add ``vec`` into ``total`` in place; return the updated squared norm of ``total``."""
    for key in sorted(vec):
        old = total.get(key, 0.0)
        new = old + vec[key]
        total[key] = new
        norm2 += new * new - old * old
    return norm2


def prune(total: dict[str, float], keep: int, norm2: float) -> float:
    """Past ``keep`` x 1.5 entries, keep the ``keep`` largest (ties by key) in place and return
    the squared norm of what is kept; below that, ``total`` and ``norm2`` stay as they are.
    A long story's sum stops growing with it: its tail holds words seen once or twice, whose
    weights are a sliver of its norm, and a bounded dict costs the same to look up in."""
    if not keep or len(total) <= keep + keep // 2:
        return norm2
    kept = top_items(total, keep)
    total.clear()
    total.update(kept)
    return math.fsum(w * w for _, w in kept)


def subset(
    total: Mapping[str, float], keys: Iterable[str], more: Iterable[str]
) -> dict[str, float]:
    """``total`` restricted to ``keys`` and ``more`` (keys ``total`` lacks are left out)."""
    out = {k: total[k] for k in keys if k in total}
    out.update((k, total[k]) for k in more if k in total)
    return out


def centroid_cos(vec: Mapping[str, float], total: Mapping[str, float], norm2: float) -> float:
    if not vec or norm2 <= 0.0:
        return 0.0
    return sparse_dot(vec, total) / math.sqrt(norm2)


def compact(story: Story, vocab: Vocabulary, k: int) -> None:
    """Shrink a retired story to what a revival needs, so that memory follows the active
    set: the sums keep their top ``k`` (``index_terms``) entries (as arrays), the numbers
    their most mentioned, the embedding sum float32; the member window goes. Its id, articles
    and times stay (``story_of``, duplicates' time gaps, story sizes)."""
    story.records = None
    story.summary = (
        vocab.summarise(story.term_sum, k),
        vocab.summarise(story.name_sum, k, NAME_PREFIX),
        vocab.summarise(story.title_sum, k),
    )
    story.term_sum, story.name_sum, story.title_sum = {}, {}, {}
    story.term_norm2 = story.name_norm2 = story.title_norm2 = 0.0
    old = story.members
    story.members = MemberWindow(old.size, old.match, old.terms)
    kept = top_items(story.numbers, k)
    story.numbers = dict(kept)
    story.years = sum(1 for number in story.numbers if is_year(number))
    days = top_items(story.event_days, k)
    story.event_days = dict(days)
    if story.emb_sum is not None:
        story.emb_sum = story.emb_sum.astype(np.float32)


def restore(story: Story, vocab: Vocabulary) -> None:
    """A compacted story's sums back from its summary (its old members stay gone)."""
    assert story.summary is not None
    terms_row, names_row, title_row = story.summary
    story.term_sum = vocab.expand(terms_row)
    story.name_sum = vocab.expand(names_row, NAME_PREFIX)
    story.title_sum = vocab.expand(title_row)
    story.term_norm2 = float(terms_row.weights @ terms_row.weights)
    story.name_norm2 = float(names_row.weights @ names_row.weights)
    story.title_norm2 = float(title_row.weights @ title_row.weights)
    story.summary = None


def member_features(
    record: Record,
    vocab: Vocabulary,
    terms: SparseRow,
    names: SparseRow,
    vector: np.ndarray | None,
) -> Features:
    """A stored member's features as a split or a merge learns them again: its record and its
    member-window row (the term and name frequencies are not kept: empty)."""
    return Features(
        article_id=record.article_id,
        term_tf={},
        name_tf={},
        terms=vocab.expand(terms),
        names=vocab.expand(names, NAME_PREFIX),
        title=vocab.expand(record.title),
        embedding=vector,
        time=record.time,
        language=record.language,
        numbers=record.numbers,
        lead=record.lead,
        event_days=record.event_days,
    )


def add_event_days(total: dict[int, int], days: Iterable[int], keep: int = 32) -> None:
    """Count the member's event days into its story's; past 2 x ``keep`` days, the ``keep``
    most named stay (ties: the earlier day), so a long story's days stay bounded."""
    for day in days:
        total[day] = total.get(day, 0) + 1
    if len(total) > 2 * keep:
        kept = top_items(total, keep)
        total.clear()
        total.update(kept)


def event_day_match(
    days: tuple[int, ...], story_days: Mapping[int, int], tolerance: int
) -> tuple[int | None, tuple[int, int] | None]:
    """(a day the article and the story both speak of, within ``tolerance`` days; else None,
    and when both speak of days but none match: the article's first day and the story's most
    named one, else None)."""
    if not days or not story_days:
        return None, None
    for day in days:
        for near in range(day - tolerance, day + tolerance + 1):
            if near in story_days:
                return near, None
    main = min(story_days.items(), key=lambda item: (-item[1], item[0]))[0]
    return None, (days[0], main)


def same_language(feats: Features, story: Story) -> bool:
    """Whether the article's words are comparable with the story's (unknown languages are)."""
    return feats.language is None or not story.languages or feats.language in story.languages


def days_of(article: Article) -> float | None:
    """The article's publication time in days since the epoch (None: no date)."""
    if article.published is None:
        return None
    published = article.published
    if published.tzinfo is None:  # naive: taken as UTC, like the store does
        return published.replace(tzinfo=UTC).timestamp() / _SECONDS_PER_DAY
    return published.timestamp() / _SECONDS_PER_DAY


def gap_days(time: float | None, story: Story) -> float | None:
    """Days between ``time`` and the story's nearest article time (None: either is unknown)."""
    if time is None or not story.times:
        return None
    i = bisect.bisect_left(story.times, time)
    near = [story.times[j] for j in (i - 1, i) if 0 <= j < len(story.times)]
    return min(abs(time - t) for t in near)
