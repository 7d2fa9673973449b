"""The storage interface every backend implements: :class:`Store` and :class:`StoryQuery`.

A :class:`Store` holds what the pipeline produces: raw inputs (once, under their sha256),
articles with every field, rejections, story assignments and the learned state of the
models. The interface is small on purpose: the pipeline, the CLI and the web app need
nothing else, and a second backend (PostgreSQL) has to implement only this.

The registry that picks a backend by URL is :mod:`storyline.store.registry`; this module
imports no backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, get_args

from storyline.errors import ConfigError, NotFoundError
from storyline.records import Article, Assignment, RawInput, Rejection, Source, Story

__all__ = [
    "ArticleOrder",
    "EntityTotal",
    "SearchRanking",
    "SearchResult",
    "Store",
    "StoreFactory",
    "StoryEntity",
    "StoryExpectation",
    "StoryQuery",
    "StorySort",
]

ArticleOrder = Literal["published", "seq"]
StorySort = Literal["updated", "size"]
StoreFactory = Callable[[str], "Store"]
#: How a search's hits were ranked (:class:`SearchResult`).
SearchRanking = Literal["exact", "estimated", "capped"]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A search's hits, best first, and how far their ranking can be trusted.

    A search ranks its latest matches (at most ``SEARCH_RANKED``, the most recently stored).
    ``ranking`` says how: ``"exact"``, by the backend's rank over every article;
    ``"estimated"``, the same matches ranked with word weights counted over the latest articles
    only, or without the words found in most articles; ``"capped"``, only the matches among the
    latest articles ranked (fewer than ``SEARCH_RANKED`` there, and ranking older ones over
    every article would cost too much): older matches are left out, or follow unranked, newest
    first, when the latest articles hold fewer than were asked for.
    """

    #: ``(article_id, snippet)``, best first.
    hits: list[tuple[str, str]]
    ranking: SearchRanking = "exact"
    #: How many matches were ranked, when the backend counted them.
    ranked: int | None = None

    @property
    def approximate(self) -> bool:
        """Whether the order (or the matches ranked) may differ from the exact ranking."""
        return self.ranking != "exact"

    @property
    def note(self) -> str | None:
        """What a reader should know of the order, in one sentence (None when it is exact)."""
        if self.ranking == "estimated":
            return (
                "The order is estimated: word weights were counted over the latest articles, "
                "or the words found in most articles were not weighed."
            )
        if self.ranking == "capped":
            if self.ranked == 1:
                ranked = "the 1 match among the latest articles was"
            else:
                counted = "" if self.ranked is None else f"{self.ranked:,} "
                ranked = f"the {counted}matches among the latest articles were"
            return (
                f"These words are common: only {ranked} ranked; older matches are left out, "
                "or follow newest first."
            )
        return None


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Which story summaries to read, in what order, and which page of them.

    ``StoryQuery()`` asks for every story, most recently reported first. An unknown ``sort``
    or a negative ``limit`` or ``offset`` raises :class:`~storyline.errors.ConfigError`.
    """

    #: ``"updated"``: most recently reported first, undated stories last, ties by id;
    #: ``"size"``: most articles first, then as ``"updated"``.
    sort: StorySort = "updated"
    #: At most this many stories (None: no limit).
    limit: int | None = None
    #: Skip this many matching stories first.
    offset: int = 0
    #: Keep the stories with an article in this language (case and outer spaces ignored).
    language: str | None = None
    #: Keep the stories with an article from this source (case and outer spaces ignored).
    source: str | None = None
    #: Keep the stories whose span from first to last report (their local dates) overlaps
    #: ``since``..``until``; undated stories are dropped when either is given.
    since: date | None = None
    #: See ``since``.
    until: date | None = None
    #: Keep the stories whose indexed knowledge names this entity (its name or an alias; case
    #: and outer spaces ignored). See :meth:`Store.put_story_knowledge`.
    entity: str | None = None
    #: Keep the stories with an expectation of this status (case ignored) as judged on
    #: ``as_of``: a pending one whose window ended before it counts as ``overdue`` (reported
    #: on after the window) or ``unreported``, as :func:`storyline.knowledge.apply_clock` does.
    status: str | None = None
    #: The day ``status`` is judged on (None: as stored).
    as_of: date | None = None

    def __post_init__(self) -> None:
        sorts = get_args(StorySort)
        if self.sort not in sorts:
            raise ConfigError(f"unknown story sort {self.sort!r}: use one of {sorted(sorts)}")
        if self.offset < 0 or (self.limit is not None and self.limit < 0):
            raise ConfigError(
                f"limit and offset cannot be negative (got {self.limit}, {self.offset})"
            )


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """One entity of a story's knowledge as the store indexes it."""

    name: str
    type: str
    mentions: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryExpectation:
    """One entry of a story's (open, unjudged) expectation ledger as the store indexes it:
    its JSON ``view``, and what judging it needs (its status, the end of its window, the
    story's last report before it)."""

    status: str
    window_end: date | None
    last_report: date | None
    view: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EntityTotal:
    """An entity (a name and type) summed over the stories whose knowledge names it."""

    name: str
    type: str
    #: Its mentions summed over those stories.
    mentions: int
    #: How many stories.
    n_stories: int
    #: Its aliases across the stories listed in ``story_ids``, first seen first.
    aliases: tuple[str, ...]
    #: The first stories, most recently reported first (as many as asked for).
    story_ids: tuple[str, ...]


class Store(ABC):
    """Where articles, stories and learned state live between runs.

    Writes outside :meth:`transaction` are atomic one call at a time. Inside it they are
    all-or-nothing together: the pipeline opens one transaction per input file, so a failure
    half-way through a file stores nothing of that file and keeps everything stored before.
    A transaction belongs to the thread that opened it.
    """

    #: Opened for reading only: every write raises
    #: :class:`~storyline.errors.StoreReadOnlyError`, and caches are not filled.
    read_only: bool = False

    # -- lifecycle ---------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Release the connections. Closing twice is harmless; using a closed store raises."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes in the ``with`` block are kept together, or (on an exception) none is.

        Transactions nest: an inner block that raises undoes only its own writes (if the
        exception is caught before it leaves the outer block).
        """

    def writer_lock(
        self, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """Held by one writer of this store at a time, across processes: an ingest, whose
        clustering must see every story stored before it, takes it, and the others wait.
        ``on_wait`` is called once before waiting, when another holds it (to say so).

        Not re-entrant: a holder must not take it again, nor wait on a process that takes it.
        This default (a store only this process sees) locks nothing.
        """
        return nullcontext()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- raw inputs --------------------------------------------------------------------------

    @abstractmethod
    def add_raw(self, raw: RawInput) -> bool:
        """Store a raw input under its sha256. False (and nothing changes) if already there."""

    @abstractmethod
    def has_raw(self, sha256: str) -> bool:
        """Whether a raw input with this sha256 is stored."""

    @abstractmethod
    def get_raw(self, sha256: str) -> RawInput:
        """The stored raw input; :class:`~storyline.errors.NotFoundError` if there is none."""

    # -- articles ----------------------------------------------------------------------------

    @abstractmethod
    def add_article(self, article: Article) -> bool:
        """Store an article with every field. False (and nothing changes) if its id exists.

        Its raw input must be stored first (:meth:`add_raw`).
        """

    def add_articles(self, articles: Sequence[Article]) -> int:
        """:meth:`add_article` for each, all or none (one transaction): how many were new.

        A backend may do it in fewer statements; this default calls :meth:`add_article`."""
        with self.transaction():
            return sum(self.add_article(article) for article in articles)

    @abstractmethod
    def update_article(self, article: Article) -> None:
        """Overwrite the stored article with the same id with every field of this one.

        For the fields stages fill later (text, removed_lines, language, duplicate fields,
        embedding, story_id, title, ...). NotFoundError if the id is not stored.
        """

    @abstractmethod
    def get_article(self, article_id: str, *, light: bool = False) -> Article:
        """The stored article; NotFoundError if there is none. ``light``: as in
        :meth:`iter_articles` (no ``raw_text``, no ``embedding``)."""

    @abstractmethod
    def iter_articles(
        self,
        order: ArticleOrder = "published",
        story_id: str | None = None,
        *,
        light: bool = False,
    ) -> Iterator[Article]:
        """Every article (or those of one story), lazily.

        ``order="published"``: dated articles first, by date (UTC; naive dates taken as UTC),
        then the undated ones; ties by ``seq``. ``order="seq"``: ingest order.
        ``light=True`` leaves out what views never show, for speed: ``raw_text`` comes back
        empty and ``embedding`` as None (every other field is read).
        """

    def story_members(self, story_id: str) -> list[Article]:
        """A story's articles in publication order, with what a summary reads (ids, dates,
        titles, URLs, sources, languages, duplicate fields); ``text``, ``raw_text``,
        ``removed_lines``, ``meta`` and ``embedding`` may come back empty. A backend may read
        only those columns (a large story's summary, redone as it grows, read every text);
        this default reads light articles."""
        return list(self.iter_articles(story_id=story_id, light=True))

    def article_briefs(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles of ``article_ids``, in that order, those not stored left out,
        with what a list of articles shows (as :meth:`story_members`: ``text``, ``raw_text``,
        ``removed_lines``, ``meta`` and ``embedding`` may come back empty). A backend may read
        them at once (a page of search hits); this default reads each light."""
        found = []
        for article_id in article_ids:
            try:
                found.append(self.get_article(article_id, light=True))
            except NotFoundError:
                continue
        return found

    @abstractmethod
    def unassigned_articles(self) -> list[Article]:
        """The stored articles without a story, in ``seq`` order: those an ingest stored and
        then did not assign because it stopped (killed, or an error) before clustering."""

    def unassigned_ids(self) -> list[str]:
        """The ids of :meth:`unassigned_articles` in publication order (dated first, by date,
        then by ``seq``): what an ingest assigns, without holding every article at once.
        A backend may read only the ids and dates; this default reads the articles."""
        return [a.id for a in sorted(self.unassigned_articles(), key=_publication_key)]

    def articles_by_id(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles with these ids, in that order (NotFoundError for a missing
        one). A backend may read them in one statement; this default calls get_article."""
        return [self.get_article(article_id) for article_id in article_ids]

    def articles_after(self, seq: int) -> Iterator[Article]:
        """The articles stored after ``seq`` (``Article.seq > seq``), lazily, in publication
        order as :meth:`iter_articles` gives it: what a process that has read the articles up
        to ``seq`` has not seen. A backend may read only those (by its index on ``seq``);
        this default reads every article."""
        return (a for a in self.iter_articles(order="published") if a.seq > seq)

    def assigned_ids_after(self, seq: int) -> list[str]:
        """The ids of the articles stored after ``seq`` that are in a story, in ``seq`` order
        (what a process must have learned before it counts them as read). A backend may read
        only the ids; this default reads the articles."""
        after = sorted(self.articles_after(seq), key=lambda a: a.seq)
        return [a.id for a in after if a.story_id is not None]

    def sidecar_path(self, suffix: str) -> Path | None:
        """A file beside the store's own, named after it with ``suffix``, where a caller may
        keep what can be rebuilt from the store (a cache too big for a row); None when the
        store has no file of its own or may not write one: this default (PostgreSQL, a store
        in memory), or a read-only store."""
        return None

    @abstractmethod
    def count_articles(self) -> int:
        """How many articles are stored."""

    @abstractmethod
    def next_seq(self) -> int:
        """One more than the largest stored ``Article.seq`` (1 for an empty store)."""

    # -- rejections --------------------------------------------------------------------------

    @abstractmethod
    def add_rejection(self, rejection: Rejection, raw_sha256: str | None = None) -> bool:
        """Record a rejected input (or entry). False if the same rejection is already there."""

    @abstractmethod
    def rejections(self) -> list[Rejection]:
        """Every recorded rejection, oldest first."""

    # -- stories -----------------------------------------------------------------------------

    @abstractmethod
    def save_assignment(self, assignment: Assignment) -> None:
        """Record why an article went to its story, and set that article's ``story_id``.

        One assignment per article: saving again replaces it. The article must be stored.
        """

    def save_assigned(self, assigned: Sequence[tuple[Article, Assignment]]) -> None:
        """A batch of :meth:`update_article` then :meth:`save_assignment`, one pair per
        article, in one transaction (all or nothing). Backends may do it in fewer statements,
        and leave ``raw_text`` as stored (an input's text, which no stage changes); the stored
        result is the same."""
        with self.transaction():
            for article, assignment in assigned:
                self.update_article(article)
                self.save_assignment(assignment)

    @abstractmethod
    def assignments(self, story_id: str | None = None) -> list[Assignment]:
        """The assignments (of one story, or all), in the articles' publication order."""

    @abstractmethod
    def story_ids(self) -> list[str]:
        """Every story id of a stored article, in the order the stories were opened."""

    def story_article_ids(self, story_id: str) -> list[str]:
        """The ids of one story's articles, in publication order (empty for no such story)."""
        return [a.id for a in self.iter_articles(story_id=story_id)]

    # -- story summaries -------------------------------------------------------------------

    @abstractmethod
    def put_story(self, story: Story) -> None:
        """Save a story's summary under its id, replacing what was there.

        The store does not check it against the articles: the pipeline recomputes the
        summaries of the stories it changes (:func:`storyline.knowledge.stories.summarise_story`).
        """

    @abstractmethod
    def delete_story(self, story_id: str) -> bool:
        """Delete a story's saved summary (when its articles have all moved to other
        stories); whether there was one. Articles and assignments are left as they are."""

    @abstractmethod
    def get_story(self, story_id: str) -> Story:
        """The saved summary of one story; NotFoundError if there is none."""

    @abstractmethod
    def count_stories(self) -> int:
        """How many story summaries are saved."""

    @abstractmethod
    def story_summaries(self, query: StoryQuery = StoryQuery()) -> tuple[int, list[Story]]:
        """``(how many summaries match, the page of them)``: those ``query`` selects, in its
        order (see :class:`StoryQuery`)."""

    # -- the index of the stories' knowledge -------------------------------------------------

    @abstractmethod
    def put_story_knowledge(
        self,
        story_id: str,
        entities: Sequence[StoryEntity],
        expectations: Sequence[StoryExpectation],
    ) -> None:
        """Index a story's entities and expectation ledger, replacing what was indexed for it,
        for :meth:`entity_totals`, :meth:`expectation_page` and the ``entity``/``status``
        filters of :class:`StoryQuery`. :meth:`delete_story` drops it; only stories with a
        saved summary are read from it."""

    @abstractmethod
    def entity_totals(
        self, name: str | None = None, limit: int = 100, offset: int = 0, stories: int = 20
    ) -> tuple[int, list[EntityTotal]]:
        """``(how many entities, one page of them)``: the indexed entities summed by (name,
        type) over the stories, most mentioned first, then by name and type; each with its
        first ``stories`` story ids. ``name``: only the entities named so (name or alias, case
        and outer spaces ignored), summed over the entries that are."""

    @abstractmethod
    def expectation_page(
        self,
        status: str | None = None,
        as_of: date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
        """``(how many, one page of (story id, story title, the entry's stored view))``: the
        indexed expectations of the stories, most recently reported story first, each story's
        in its order; ``status`` as in :class:`StoryQuery` (judged on ``as_of``). The views
        come back as stored (unjudged)."""

    # -- learned state -----------------------------------------------------------------------

    @abstractmethod
    def put_state(self, name: str, state: dict[str, Any]) -> None:
        """Save a JSON-serialisable dict under a name, replacing what was there."""

    @abstractmethod
    def get_state(self, name: str) -> dict[str, Any] | None:
        """The dict saved under this name, or None."""

    # -- derived per-article data ------------------------------------------------------------

    @abstractmethod
    def put_analysis(self, article_id: str, data: dict[str, Any]) -> None:
        """Cache a JSON-serialisable dict derived from one article (its extracted entities and
        events), replacing what was there. NotFoundError if the article is not stored.

        The store does not look inside: the caller keeps what it needs to tell a stale entry
        (a version, a hash of the text) in ``data``. Deleting the article deletes its entry.
        """

    @abstractmethod
    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        """The dict cached for this article by :meth:`put_analysis`, or None."""

    def latest_published(self) -> datetime | None:
        """The latest publication date among the stored articles (None if none is dated):
        the clock of the stream, as opposed to the wall clock."""
        latest: datetime | None = None
        for article in self.iter_articles(order="published"):
            if article.published is not None:
                latest = article.published
        return latest

    # -- followed sources ----------------------------------------------------------------------

    @abstractmethod
    def add_source(self, source: Source) -> tuple[Source, bool]:
        """Store a source to follow: ``(the stored source with its id, whether it is new)``.
        A URL already followed is not added again (the stored one comes back, unchanged)."""

    @abstractmethod
    def get_source(self, source_id: int) -> Source:
        """The source with this id; NotFoundError if there is none."""

    @abstractmethod
    def list_sources(self) -> list[Source]:
        """Every followed source, in the order they were added."""

    @abstractmethod
    def update_source(self, source: Source) -> None:
        """Overwrite the stored source with ``source.id`` (its health, validators, URL after a
        permanent redirect). NotFoundError if it is not stored; StoreValueError if the new URL
        is another source's."""

    @abstractmethod
    def remove_source(self, source_id: int) -> bool:
        """Stop following a source (what it brought stays); whether there was one."""

    @abstractmethod
    def record_items(
        self, source_id: int | None, keys: Sequence[str], raw_sha256: str, fetched_at: datetime
    ) -> None:
        """Remember that the feed items named by ``keys`` (canonical URLs, ``guid:`` keys) are
        stored, in the raw input ``raw_sha256``: they are never fetched again. Call it in the
        transaction that stores the raw input."""

    @abstractmethod
    def known_items(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` already recorded by :meth:`record_items`."""

    @abstractmethod
    def new_items_since(self, since: datetime) -> dict[int, int]:
        """Per source id, how many raw inputs it brought since ``since``."""

    @abstractmethod
    def fetched_raws(self, since: datetime | None = None) -> Iterator[RawInput]:
        """The raw inputs that following stored (each once), oldest first; only those fetched
        at or after ``since`` when given."""

    # -- search ------------------------------------------------------------------------------

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search over titles and texts: ``(article_id, snippet)``, best first.

        Every word of the query must occur (in any form the tokenizer folds together: case and
        accents are ignored). Query syntax is not interpreted: any string is a valid query and
        none raises. The snippet is about 16 words around the best match, matches marked as
        ``**word**`` and cuts as ``…``.
        """

    def search_result(self, query: str, limit: int = 20) -> SearchResult:
        """As :meth:`search`, with how the hits were ranked (this default: exactly)."""
        return SearchResult(self.search(query, limit))


def _publication_key(article: Article) -> tuple[bool, datetime, int]:
    return (article.published is None, article.published or datetime.min, article.seq)
