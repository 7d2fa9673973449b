"""Polling the followed sources: one round, or rounds until stopped.

A round takes every source that is due, a few at a time (``FollowConfig.concurrency``):

1. the source is fetched with its validators (a 304 costs no parsing) and read
   (:func:`storyline.follow.documents.read_document`; a sitemap index's children too);
2. its entries not yet stored (by canonical URL and feed GUID, :meth:`Store.known_items`) are
   taken, newest first, up to ``max_entries_per_round``;
3. an entry whose own text is a summary has its page fetched (robots.txt allowing); a page
   that fails (403, paywall, timeout) leaves the entry's own text, with a warning;
4. each entry becomes a raw input holding the entry and the page as fetched
   (:func:`storyline.ingest.capture.capture`), ingested by :meth:`Pipeline.ingest_raws`, which
   records the entry's keys in the same transaction: a killed round loses nothing stored and
   fetches nothing stored again;
5. only then is the source's health written (validators, last fetch, errors in a row, next
   due): a source that fails waits ``every_s * 2**errors``, up to ``backoff_ceiling_s``.

A bad answer (malformed, empty, huge, binary, refused address) is that source's error; the
round goes on.

Fetching and storing overlap: a source gives up its fetch slot once it has a place in the
queue to be stored (``concurrency`` places), so the next sources are fetched while a batch is
clustered, and memory holds at most twice ``concurrency`` sources' answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from storyline.errors import StoreValueError
from storyline.follow.documents import Document, FeedEntry, FeedError, read_document
from storyline.follow.http import Fetcher, FetchError
from storyline.follow.urls import canonical_url, guid_key, same_site, url_key
from storyline.ingest import ParseResult, parse
from storyline.ingest.capture import CapturedEntry, PageResponse, capture
from storyline.pipeline import IngestReport, Pipeline
from storyline.processes import start_child
from storyline.records import RawInput, Source

__all__ = ["Follower", "RoundReport", "SourceReport"]

_CANONICAL = re.compile(
    rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical[\"']?[^>]*>", re.IGNORECASE | re.DOTALL
)
_HREF = re.compile(rb"\bhref\s*=\s*[\"']([^\"'>]+)[\"']", re.IGNORECASE)


@dataclass(slots=True)
class SourceReport:
    """What one source gave in a round."""

    source_id: int
    url: str
    outcome: str  # "new", "nothing new", "not modified", "error"
    entries: int = 0  # listed by the source
    new: int = 0  # new entries stored
    pages: int = 0  # article pages fetched
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "url": self.url,
            "outcome": self.outcome,
            "entries": self.entries,
            "new": self.new,
            "pages": self.pages,
            "error": self.error,
        }


@dataclass(slots=True)
class RoundReport:
    """One round: each polled source's outcome and what the ingest of its entries did."""

    sources: list[SourceReport] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def pages(self) -> int:
        return sum(s.pages for s in self.sources)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def errors(self) -> int:
        return sum(s.outcome == "error" for s in self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {
            "polled": len(self.sources),
            "new_entries": self.new,
            "pages_fetched": self.pages,
            "errors": self.errors,
            "stories": list(self.ingest.story_ids),
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(slots=True)
class _Taken:
    """A source's new entries, captured (and being parsed), waiting to be stored."""

    source: Source
    report: SourceReport
    answer: PageResponse | None
    raws: list[tuple[RawInput, list[str]]] = field(default_factory=list)
    parsed: list[Future[ParseResult] | None] = field(default_factory=list)


class Follower:
    """Polls a store's sources and ingests what they bring through ``pipeline``."""

    def __init__(
        self,
        pipeline: Pipeline,
        fetcher: Fetcher | None = None,
        *,
        analyse: bool = True,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.pipeline = pipeline
        self.store = pipeline.store
        self.config = pipeline.settings.follow
        self.fetcher = fetcher or Fetcher(self.config)
        self.analyse = analyse
        self.clock = clock
        self.stopping = threading.Event()  # set: finish the entry in hand, store, return
        self._ingest_lock = threading.Lock()
        self._waiting: list[_Taken] = []
        self._pool: Executor | None = None  # extracts pages in other processes (parse_workers)
        self._pool_pages = 0  # pages given to the current pool

    # -- rounds ------------------------------------------------------------------------------

    def due(self, now: datetime) -> list[Source]:
        """The sources due at ``now``, the longest waiting first."""
        due = [s for s in self.store.list_sources() if s.next_due is None or s.next_due <= now]
        return sorted(due, key=lambda s: (s.next_due or datetime.min.replace(tzinfo=UTC), s.id))

    async def poll_round(self, sources: Sequence[Source] | None = None) -> RoundReport:
        """Poll ``sources`` (default: those due now) once, concurrently; store what is new."""
        todo = list(self.due(self.clock()) if sources is None else sources)
        report = RoundReport()
        slots = asyncio.Semaphore(max(1, self.config.concurrency))
        queued = asyncio.Semaphore(max(1, self.config.concurrency))
        storing = asyncio.Lock()

        async def one(source: Source) -> None:
            async with slots:
                if self.stopping.is_set():
                    return
                taken = await self._poll(source)
                # a fetch slot is given up once the source has a place in the queue to store:
                # fetching goes on while a batch is stored, and at most 2 x `concurrency`
                # sources' answers are in memory (fetching, or fetched and waiting)
                await queued.acquire()
            try:
                await self._store(taken, report, storing)
            finally:
                queued.release()

        await asyncio.gather(*(one(source) for source in todo))
        return report

    def once(self, sources: Sequence[Source] | None = None) -> RoundReport:
        """One round (:meth:`poll_round`) in an event loop of its own."""

        async def round_then_close() -> RoundReport:
            try:
                with self._parsing():
                    return await self.poll_round(sources)
            finally:
                await self.fetcher.aclose()

        return asyncio.run(round_then_close())

    def run_forever(self, on_round: Callable[[RoundReport], None] | None = None) -> None:
        """:meth:`run` in an event loop of its own."""
        asyncio.run(self.run(on_round))

    def start(self, on_round: Callable[[RoundReport], None] | None = None) -> threading.Thread:
        """:meth:`run_forever` on a daemon thread (``storyline serve --follow``); set
        :attr:`stopping` and join the thread to stop it."""
        thread = threading.Thread(
            target=self.run_forever, args=(on_round,), name="storyline-follow", daemon=True
        )
        thread.start()
        return thread

    async def run(self, on_round: Callable[[RoundReport], None] | None = None) -> None:
        """Rounds until :attr:`stopping` is set, sleeping until the next source is due."""
        try:
            with self._parsing():
                while not self.stopping.is_set():
                    report = await self.poll_round()
                    if on_round is not None:
                        on_round(report)
                    await self._sleep_until_due()
        finally:
            await self.fetcher.aclose()

    @contextlib.contextmanager
    def _parsing(self) -> Iterator[None]:
        """The page-extracting processes for the rounds in the block (``parse_workers``)."""
        if self.config.parse_workers < 1 or self._pool is not None:
            yield
            return
        self._pool, self._pool_pages = self._new_pool(), 0
        try:
            yield
        finally:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        return ProcessPoolExecutor(  # its processes end with this one, however it ends
            self.config.parse_workers,
            mp_context=context,
            initializer=start_child,
            initargs=(os.getpid(),),
        )

    async def _sleep_until_due(self) -> None:
        sources = self.store.list_sources()
        now = self.clock()
        dues = [s.next_due or now for s in sources]
        wait = min(((d - now).total_seconds() for d in dues), default=60.0)
        deadline = asyncio.get_running_loop().time() + min(max(wait, 1.0), 60.0)
        while not self.stopping.is_set() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)

    # -- one source --------------------------------------------------------------------------

    async def _poll(self, source: Source) -> _Taken:
        assert source.id is not None
        report = SourceReport(source.id, source.url, "nothing new")
        taken = _Taken(source, report, None)
        try:
            taken.answer = await self.fetcher.fetch(
                source.url,
                allow_private=source.allow_private,
                etag=source.etag,
                last_modified=source.last_modified,
            )
            if taken.answer.status == 304:
                report.outcome = "not modified"
                return taken
            if taken.answer.status != 200:
                raise FetchError(f"HTTP {taken.answer.status}")
            document = await self._read(source, taken.answer)
            taken.answer = replace(taken.answer, body=b"")  # read: its headers are kept
            source.kind = document.kind
            report.entries = len(document.entries)
            await self._take_entries(source, document, taken)
        except FetchError as exc:
            report.outcome, report.error = "error", exc.reason
            if exc.retry_at is not None:
                source.next_due = exc.retry_at
        except FeedError as exc:
            report.outcome, report.error = "error", str(exc)
        return taken

    async def _read(self, source: Source, answer: PageResponse) -> Document:
        document = read_document(answer.body, answer.url, _header(answer, "content-type") or "")
        if document.kind == "html":  # a page's links: the first ones, one level only
            document.entries = document.entries[: self.config.max_page_links]
        for child in document.sitemaps[: self.config.max_child_sitemaps]:
            if self.stopping.is_set():
                break
            try:
                part = await self.fetcher.fetch(child, allow_private=source.allow_private)
                if part.status == 200:
                    document.entries += read_document(part.body, part.url).entries
            except (FetchError, FeedError):
                continue  # one child sitemap failing leaves the others
        return document

    async def _take_entries(self, source: Source, document: Document, taken: _Taken) -> None:
        fresh = self._unknown(source, document.entries)[: self.config.max_entries_per_round]
        for entry in fresh:
            if self.stopping.is_set():
                break
            page, problem = await self._page(source, entry)
            warnings = (f"the page was not used: {problem}",) if problem else ()
            captured = CapturedEntry(
                url=entry.url,
                fetched=page.fetched if page is not None else self.clock(),
                title=entry.title,
                guid=entry.guid,
                published=entry.published,
                text=entry.text,
                source=source.name or document.title,
                feed=source.url,
                page_url=page.url if page is not None else None,
                redirects=page.redirects if page is not None else (),
                warnings=warnings,
            )
            raw = await asyncio.to_thread(capture, captured, page)  # compression: off the loop
            taken.raws.append((raw, _keys(source, entry, page)))
            taken.parsed.append(self._parse_ahead(raw))
            taken.report.pages += page is not None

    def _parse_ahead(self, raw: RawInput) -> Future[ParseResult] | None:
        """The page being extracted in a worker; every ``parse_worker_pages`` pages the
        workers are replaced (the old ones finish what they hold, then exit), as a worker's
        memory grows with the pages it has read. (Not ``max_tasks_per_child``: Python 3.11's
        executor can hang when it replaces a worker.)"""
        if self._pool is None:
            return None
        if self._pool_pages >= max(1, self.config.parse_worker_pages):
            old, self._pool, self._pool_pages = self._pool, self._new_pool(), 0
            old.shutdown(wait=False)
        self._pool_pages += 1
        return self._pool.submit(parse, raw, None, self.pipeline.settings.ingest)

    def _unknown(self, source: Source, entries: list[FeedEntry]) -> list[FeedEntry]:
        """The entries whose URL and GUID are both unknown (each URL once)."""
        keys = [url_key(e.url) for e in entries]
        keys += [guid_key(source.url, e.guid) for e in entries if e.guid]
        known = self.store.known_items(keys)
        fresh: dict[str, FeedEntry] = {}
        for entry in entries:
            mine = [url_key(entry.url)] + ([guid_key(source.url, entry.guid)] if entry.guid else [])
            if not known.intersection(mine):
                fresh.setdefault(mine[0], entry)
        return list(fresh.values())

    async def _page(self, source: Source, entry: FeedEntry) -> tuple[PageResponse | None, str]:
        """The entry's page (None when its own text is the whole article, or the fetch
        failed), and why it is not used when it is not."""
        if len(entry.text.split()) >= self.config.full_text_min_words:
            return None, ""
        try:
            page = await self.fetcher.fetch(
                entry.url, allow_private=source.allow_private, page=True
            )
        except FetchError as exc:
            return None, exc.reason
        return page, "" if page.status == 200 else f"HTTP {page.status}"

    # -- storing -----------------------------------------------------------------------------

    async def _store(self, taken: _Taken, report: RoundReport, gate: asyncio.Lock) -> None:
        """Ingest a source's new entries (their keys recorded with them), then write its
        health: a kill between the two leaves the validators old, so nothing is skipped.

        The sources that finish while an ingest runs are ingested together next (one
        clustering pass for many small inputs)."""
        self._waiting.append(taken)
        async with gate:
            batch, self._waiting = self._waiting, []
            if batch:
                ingested = await asyncio.to_thread(self._store_batch, batch)
                if ingested is not None:
                    _merge(report.ingest, ingested)
        report.sources.append(taken.report)

    def _store_batch(self, batch: list[_Taken]) -> IngestReport | None:
        # one ingest at a time, here and across processes (a shell's ingest, a web server's)
        with self._ingest_lock, self.store.writer_lock():
            ingested = self._ingest(batch) if any(t.raws for t in batch) else None
            for taken in batch:
                self._update_source(taken)
        return ingested

    def _ingest(self, batch: list[_Taken]) -> IngestReport:
        owner = {raw.sha256: (taken, keys) for taken in batch for raw, keys in taken.raws}

        def record(raw: RawInput) -> None:
            taken, keys = owner[raw.sha256]
            self.store.record_items(taken.source.id, keys, raw.sha256, self.clock())
            taken.report.new += 1
            taken.report.outcome = "new"

        raws = [raw for taken in batch for raw, _ in taken.raws]
        parsed = [future for taken in batch for future in taken.parsed]
        return self.pipeline.ingest_raws(raws, record=record, parsed=parsed, analyse=self.analyse)

    def _update_source(self, taken: _Taken) -> None:
        source, report, now = taken.source, taken.report, self.clock()
        fresh = self.store.get_source(source.id) if source.id is not None else source
        fresh.kind = source.kind or fresh.kind
        fresh.last_fetch = now
        if report.outcome == "error":
            fresh.errors_in_row += 1
            fresh.last_error = report.error
            wait = min(fresh.every_s * 2**fresh.errors_in_row, self.config.backoff_ceiling_s)
            fresh.next_due = max(source.next_due or now, now + timedelta(seconds=wait))
        else:
            fresh.errors_in_row, fresh.last_error = 0, None
            fresh.next_due = now + timedelta(seconds=fresh.every_s)
            if report.new:
                fresh.last_new = now
            if taken.answer is not None and taken.answer.status == 200:
                fresh.etag = _header(taken.answer, "etag")
                fresh.last_modified = _header(taken.answer, "last-modified")
                moved = _moved(fresh, taken.answer)
                if moved.url != fresh.url:
                    try:  # the store refuses a URL another source already has
                        self.store.update_source(moved)
                        return
                    except StoreValueError:
                        pass  # keep polling the old URL; both stay as they were added
        self.store.update_source(fresh)


def _keys(source: Source, entry: FeedEntry, page: PageResponse | None) -> list[str]:
    """The item keys of an entry: its URL, its GUID, its page's final and canonical URLs.
    (A page known by another link is stored again once, and found as an exact duplicate.)"""
    keys = [url_key(entry.url)]
    if entry.guid:
        keys.append(guid_key(source.url, entry.guid))
    if page is not None and page.status == 200:
        keys.append(url_key(page.url))
        canonical = _canonical_link(page)
        if canonical and same_site(canonical, page.url):
            keys.append(url_key(canonical))
    return list(dict.fromkeys(keys))


def _canonical_link(page: PageResponse) -> str | None:
    match = _CANONICAL.search(page.body[:200_000])
    href = _HREF.search(match.group(0)) if match else None
    if href is None:
        return None
    return canonical_url(href.group(1).decode("utf-8", "replace"), page.url)


def _moved(source: Source, answer: PageResponse) -> Source:
    """The source at its new URL when every redirect to the answer was permanent."""
    if answer.redirects and all(r.split(" ", 1)[0] in ("301", "308") for r in answer.redirects):
        return replace(source, url=answer.url)
    return source


def _header(answer: PageResponse, name: str) -> str | None:
    for key, value in answer.headers:
        if key.lower() == name:
            return value
    return None


def _merge(total: IngestReport, one: IngestReport) -> None:
    total.ingested += one.ingested
    total.already_stored += one.already_stored
    total.article_ids += one.article_ids
    total.story_ids = list(dict.fromkeys([*total.story_ids, *one.story_ids]))
    total.rejected += one.rejected
    total.notices += one.notices
    total.analysed_stories += one.analysed_stories
