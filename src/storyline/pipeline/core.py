"""The pipeline: inputs -> articles -> clean -> language -> duplicates -> embeddings -> stories.

:class:`Pipeline` is the one library call behind ``storyline ingest`` / ``run``: it reads
inputs (through :mod:`storyline.ingest`), runs the pure stages over the new articles in
publication order, and writes every result to a :class:`~storyline.store.Store`. Each input
file is stored in its own transaction, so a failure never loses what was stored before, and
a bad file becomes a :class:`~storyline.records.Rejection`, never a crash.
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO

from storyline import ingest
from storyline.cluster import StoryClusterer
from storyline.config import AnalysisConfig, Settings
from storyline.embed import Embedder, get_embedder, preload
from storyline.errors import MissingExtraError, NotFoundError
from storyline.ingest import ParseResult, Source, source_label
from storyline.knowledge import (
    knowledge_at,
    open_story,
    story_detail_view,
    summarise_story,
)
from storyline.knowledge.ledger_clock import apply_clock_view
from storyline.knowledge.stored import (
    index_rows,
    is_current,
    judged_view,
    knowledge_key,
    state_key,
)
from storyline.pipeline import backlog
from storyline.pipeline.backlog import AnalysisBacklog
from storyline.pipeline.boilerplate import learn_boilerplate
from storyline.pipeline.prepare import BatchWork, Prepared, Ready
from storyline.pipeline.read import load_one, parse_on, store_parsed
from storyline.pipeline.report import IngestReport, ProgressCallback, StoryDetail, no_progress
from storyline.pipeline.snapshot import maybe_snapshot, open_stream
from storyline.pipeline.stream import (
    GENERATION_STATE,
    MOVES_STATE,
    StreamState,
    advance,
    catch_up,
    next_generation,
    record_moves,
)
from storyline.pipeline.worker import PrepareWorker
from storyline.records import Article, Assignment, RawInput, Rejection, Story
from storyline.store import EntityTotal, Store, StoryQuery
from storyline.text import BoilerplateModel

__all__ = [
    "IngestReport",
    "Pipeline",
    "ProgressCallback",
    "StoryDetail",
]

# {"stale": true} while an ingest is assigning articles and has not yet saved the summaries of
# the stories it changed: if it stops there, the next Pipeline rebuilds them all.
_SUMMARIES_STATE = "story_summaries"
# {"built": true} once every stored story's knowledge is in the store's knowledge index (a store
# of schema 6 or older had none: the first Pipeline that may write fills it). The migration that
# adds the index writes it into a store with no knowledge stored yet (sqlite_schema.py).
_KNOWLEDGE_INDEX_STATE = "knowledge_index"
# Stories computed between two rewrites of the analysis backlog's list of ids (in between,
# each is recorded in a short list of its own: see storyline.pipeline.backlog).
_BACKLOG_BATCH = 50


class Pipeline:
    """Runs Storyline's stages over inputs and keeps the results in a store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._embedder = embedder
        self._summaries_checked = False
        self._summaries_lock = threading.Lock()
        self._knowledge_indexed: bool | None = None
        # The duplicate index and the clusterer, kept across ingests (see _sync_stream).
        self._stream: StreamState | None = None
        self._stream_lock = threading.RLock()

    @property
    def analysis_config(self) -> AnalysisConfig:
        """The analysis settings, the ledger's link by meaning off when the clusterer's
        embedder is "none" (no dense model anywhere: the encoder is never loaded)."""
        if self.settings.embed.model == "none":
            return replace(self.settings.analysis, ledger_embedder="none")
        return self.settings.analysis

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embed)
        return self._embedder

    # ----------------------------------------------------------------- ingest
    def ingest(
        self,
        paths: Sequence[Source],
        *,
        metadata: Mapping[str, Mapping[str, Any]] | None = None,
        stdin: BinaryIO | None = None,
        progress: ProgressCallback | None = None,
        analyse: bool = False,
        executor: Executor | None = None,
        finish_analysis: bool = True,
    ) -> IngestReport:
        """Ingest files, folders (recursively), ``-`` (stdin) or :class:`RawInput` records
        (bytes already read, kept under their ``path``), then assign the new articles.

        ``metadata`` maps a file name (or its path as given) to sidecar-like metadata
        (``published``, ``source``, ``url``, ``title``, ``language``), for inputs whose folder
        cannot hold ``NAME.meta.json`` sidecars. It overrides a sidecar.

        ``analyse``: then compute the knowledge (entities, events, ledger; the ``nlp`` extra)
        of every story the ingest touched and store it, so reads never run the extraction
        (see :meth:`refresh_knowledge`). Without the extra it is skipped with a notice.
        With ``finish_analysis`` too it then analyses the stories an earlier ingest left
        unanalysed (killed during its analysis, or run without it), with a notice saying how
        many articles that is: see :meth:`finish_analysis`.

        ``executor`` (any :class:`concurrent.futures.Executor`: a process pool, or a Dask
        cluster's, :mod:`storyline.ingest.distributed`) parses the inputs (HTML extraction, WARC
        archives) while this process reads the next ones and stores the parsed ones, in input
        order: the articles, their order and the stories are those of an ingest without it
        (the same rejections too, recorded as they occur). Cleaning, duplicates and the
        online clustering stay here, one article after the other.
        """
        report = IngestReport()
        tick = progress or no_progress
        inputs, missing = ingest.discover(paths)
        report.rejected.extend(missing)
        new = self._read(inputs, metadata or {}, stdin, report, tick, executor)
        return self._assign_new(new, report, tick, analyse, finish_analysis)

    def ingest_raws(
        self,
        raws: Sequence[RawInput],
        *,
        record: Callable[[RawInput], None] | None = None,
        parsed: Sequence[Future[ParseResult] | None] | None = None,
        progress: ProgressCallback | None = None,
        analyse: bool = False,
    ) -> IngestReport:
        """Ingest inputs held in memory (fetched by :mod:`storyline.follow`, not read from
        files), as :meth:`ingest` does files: one already stored is counted and skipped.

        ``record(raw)`` runs in the transaction that stores each input and its articles, so
        that what it writes (the feed items it came from) is kept exactly when they are.
        ``parsed[i]``: ``raws[i]`` already being parsed (``ingest.parse`` on an executor).
        """
        report = IngestReport()
        tick = progress or no_progress
        new: list[str] = []
        for done, raw in enumerate(raws, 1):
            if self.store.has_raw(raw.sha256):
                report.already_stored += 1
            else:
                ahead = parsed[done - 1] if parsed is not None else None
                result = ahead or parse_on(None, raw, None, self.settings.ingest)  # a Future
                stored = store_parsed(self.store, raw.path, raw, result, report, record)
                new.extend(a.id for a in stored)
            tick("read", done, len(raws))
        # Only the stories these inputs touched are analysed (as the web's ingests do): a
        # poller must not spend a round on an earlier ingest's backlog (`storyline analyse`).
        return self._assign_new(new, report, tick, analyse, finish_analysis=False)

    def _assign_new(
        self,
        new: list[str],
        report: IngestReport,
        tick: ProgressCallback,
        analyse: bool,
        finish_analysis: bool,
    ) -> IngestReport:
        """Clean, deduplicate and cluster the newly stored articles (``new``: their ids), and
        any an earlier ingest left unassigned; then analyse the stories they touched when asked.
        Only ids are kept: the articles are read back from the store a batch at a time, so an
        ingest's memory does not grow with its articles' texts."""
        report.ingested = len(new)
        report.article_ids = new
        todo = self._unassigned(new, report)
        if todo:
            tracked = backlog.start_assigning(self.store)
            report.story_ids = self._process(todo, tick)
            if tracked:
                backlog.add(self.store, report.story_ids)
        if analyse and (report.story_ids or finish_analysis):
            self._analyse(report, tick, finish_analysis)
        return report

    def _unassigned(self, new: list[str], report: IngestReport) -> list[str]:
        """The ids of the articles to assign, in publication order: this ingest's and those an
        earlier ingest stored but never assigned (it was killed, or failed after storing
        them), which go through the stages again with this ingest's articles, so a re-run
        finishes the work instead of answering "already stored" for ever."""
        todo = self.store.unassigned_ids()
        ids = set(new)
        left = sum(1 for article_id in todo if article_id not in ids)
        if left:
            report.notices.append(
                f"{left} article(s) stored by an earlier ingest that stopped before "
                "assigning them to stories are assigned now"
            )
        return todo

    def _read(
        self,
        inputs: Sequence[Source],
        metadata: Mapping[str, Mapping[str, Any]],
        stdin: BinaryIO | None,
        report: IngestReport,
        tick: ProgressCallback,
        executor: Executor | None,
    ) -> list[str]:
        """Load each input here, parse it here or on ``executor`` (read_ahead at a time),
        store what it holds here, in input order; the new articles' ids."""
        new: list[str] = []
        pending: collections.deque[tuple[str, RawInput, Future[ParseResult]]] = collections.deque()
        ahead = self.settings.ingest.read_ahead if executor is not None else 0
        done = 0
        for last, source in enumerate(inputs, 1):
            loaded = load_one(self.store, self.settings.ingest, source, metadata, stdin, report)
            if loaded is not None:
                raw, sidecar = loaded
                parsed = parse_on(executor, raw, sidecar, self.settings.ingest)
                pending.append((source_label(source), raw, parsed))
            else:
                done += 1
                tick("read", done, len(inputs))
            while len(pending) > (ahead if last < len(inputs) else 0):
                new.extend(a.id for a in store_parsed(self.store, *pending.popleft(), report))
                done += 1
                tick("read", done, len(inputs))
        return new

    def _process(self, ordered: list[str], tick: ProgressCallback) -> list[str]:
        """Clean, detect language, find duplicates and cluster (embedding when needed) the
        articles with these ids (in publication order), read from the store a batch at a time
        (on the helper thread, a few batches ahead; a large ingest's cleaning, language,
        fingerprints and text features in a worker process: IngestConfig.prepare_process_at)."""
        process_at = self.settings.ingest.prepare_process_at
        big = process_at and len(ordered) >= process_at
        with contextlib.ExitStack() as stack:
            # Forked first: before the model loads (a thread) and the stream state is read. A
            # fork of a process holding that state would keep the old copy of each of its
            # pages the clustering then writes, while the worker lives: a Pipeline that holds
            # it (a server's or a follower's, after its first ingest) prepares on its thread.
            worker = PrepareWorker.start() if big and self._stream is None else None
            if worker is not None:
                stack.enter_context(worker)
            return self._process_with(ordered, tick, worker)

    def _process_with(
        self, ordered: list[str], tick: ProgressCallback, worker: PrepareWorker | None
    ) -> list[str]:
        preload_at = self.settings.embed.preload_at
        if preload_at and len(ordered) >= preload_at:
            preload(self.embedder)  # loads while the state is read and the first are clustered
        moved: set[str] = set()  # articles assigned before this batch that moved to another
        with self._stream_lock:
            stream = self._sync_stream(set(ordered))
            try:
                model = self._boilerplate(ordered)
                work = self._batch_work(model, stream, worker)
                finish = self._finisher(stream)
                with Prepared(self._batches(ordered), work, finish, worker) as batches:
                    story_ids = self._cluster(batches, len(ordered), stream, tick, moved)
            except BaseException:
                self._stream = None  # it may hold articles that were not stored: reload
                with contextlib.suppress(Exception):  # the error in flight says more
                    self._bump_generation(moved)  # some articles may have been assigned
                raise
            stream.missing.difference_update(ordered)
            stream.learned += len(ordered)
            if self._bump_generation(moved):
                advance(stream, self.store)  # a catch-up need not read this ingest's articles
                maybe_snapshot(self.store, stream, self.settings)
        return story_ids

    # ------------------------------------------------------- the stream state
    def _sync_stream(self, exclude: set[str]) -> StreamState:
        """The in-memory duplicate index and clusterer, (re)loaded when the store moved on
        (:mod:`storyline.pipeline.stream`)."""
        marker = self.store.get_state(GENERATION_STATE)
        stream = self._stream
        moved_on = stream is not None and stream.generation != marker
        if moved_on and stream is not None and not catch_up(stream, self.store, marker, exclude):
            stream = None
        if stream is None:
            stream = open_stream(self.store, self.settings, self.embedder, marker, exclude)
        self._stream = stream
        return stream

    def _bump_generation(self, moved: set[str]) -> bool:
        """Tell other Pipelines on this store that articles were assigned, and which earlier
        ones moved (see _sync_stream); whether the kept state is still this store's."""
        with self.store.transaction():
            marker = self.store.get_state(GENERATION_STATE)
            stream = self._stream
            if stream is not None and stream.generation != marker:
                self._stream = stream = None  # another writer came in between: reload next time
            new_marker = next_generation(marker)
            log = record_moves(self.store.get_state(MOVES_STATE), marker, new_marker, moved)
            self.store.put_state(GENERATION_STATE, new_marker)
            self.store.put_state(MOVES_STATE, log)
            if stream is not None:
                stream.generation = new_marker
        return stream is not None

    def _batches(self, ids: list[str]) -> Iterator[list[Article]]:
        """The articles with these ids, read from the store a batch at a time, in order."""
        size = self.settings.embed.batch_size
        for start in range(0, len(ids), size):
            yield self.store.articles_by_id(ids[start : start + size])

    def _boilerplate(self, ordered: list[str]) -> BoilerplateModel:
        """The boilerplate model of these articles' sources, having learned them (and saved:
        :mod:`storyline.pipeline.boilerplate`)."""
        return learn_boilerplate(
            self.store, self._batches(ordered), set(ordered), self.settings.clean
        )

    def _batch_work(
        self, model: BoilerplateModel, stream: StreamState, worker: PrepareWorker | None
    ) -> BatchWork:
        """What is done to each batch before it meets the stream state (here, or sent to the
        worker process, which then computes the text features too)."""
        clusterer = stream.clusterer
        work = BatchWork(
            model,
            self.settings,
            clusterer.lead_chars,
            clusterer.digest,
            features=worker is not None,
        )
        if worker is not None:
            worker.set_work(work)
        return work

    def _finisher(self, stream: StreamState) -> Callable[[list[Ready]], list[Article]]:
        """What the helper thread does to each prepared batch: duplicates, features."""

        def finish(ready: list[Ready]) -> list[Article]:
            return self._features(self._dedup(ready, stream), ready, stream)

        return finish

    def _dedup(self, ready: list[Ready], stream: StreamState) -> list[Article]:
        return [stream.duplicates.assign(article, found) for article, found, _ in ready]

    def _features(
        self, deduped: list[Article], ready: list[Ready], stream: StreamState
    ) -> list[Article]:
        """The clusterer's text features of the articles, computed ahead (copies of a stored
        article are not compared by text: they join its story). A digest page says so in its
        ``meta["digest"]`` (the clusterer keeps it out of stories)."""
        out: list[Article] = []
        for article, (_, _, features) in zip(deduped, ready, strict=True):
            if article.duplicate_of is not None:
                out.append(article)
                continue
            found = stream.clusterer.prepare(article, features).digest
            meta = {k: v for k, v in article.meta.items() if k != "digest"}
            if found is not None:
                meta["digest"] = found.to_dict()
            out.append(replace(article, meta=meta) if meta != article.meta else article)
        return out

    def _cluster(
        self,
        batches: Iterable[list[Article]],
        total: int,
        stream: StreamState,
        tick: ProgressCallback,
        moved_out: set[str],
    ) -> list[str]:
        self._ensure_summaries()
        with self.store.transaction():
            self.store.put_state(_SUMMARIES_STATE, {"stale": True})
        try:
            story_ids = self._assign(batches, total, stream.clusterer, tick, moved_out)
            self._save_summaries(story_ids)
        except BaseException:
            self._summaries_checked = False  # left stale: the next read rebuilds them
            raise
        return story_ids

    def _assign(
        self,
        batches: Iterable[list[Article]],
        total: int,
        clusterer: StoryClusterer,
        tick: ProgressCallback,
        moved_out: set[str],
    ) -> list[str]:
        """Assign the articles one by one, writing a batch per transaction (not an article:
        a commit costs ~0.3 ms; a failure loses the batch's assignments, which stay unset).
        A story that splits, or merges into another, moves articles
        (``StoryClusterer.pop_moves``): their rows in the batch are rewritten, and those stored
        before get their new story and reason (and are added to ``moved_out``)."""
        story_ids: dict[str, None] = {}
        done = 0
        for batch in batches:
            rows: dict[str, tuple[Article, Assignment]] = {}
            moved: dict[str, Assignment] = {}  # stored before this batch
            for article in batch:
                assignment = clusterer.explain_one(article)
                vector = clusterer.embedding_of(article)  # stored: a reload reads it
                assigned = replace(article, story_id=assignment.story_id)
                clusterer.learn_one(assigned)
                rows[article.id] = (replace(assigned, embedding=vector), assignment)
                story_ids[assignment.story_id] = None
                for story_id in clusterer.pop_emptied():
                    story_ids[story_id] = None  # its summary goes (see _save_summaries)
                for move in clusterer.pop_moves():
                    story_ids[move.story_id] = None
                    if move.article_id in rows:
                        row = rows[move.article_id][0]
                        rows[move.article_id] = (replace(row, story_id=move.story_id), move)
                    else:
                        moved[move.article_id] = move
            with self.store.transaction():
                self.store.save_assigned(list(rows.values()))
                for move in moved.values():
                    self.store.save_assignment(move)
            moved_out.update(moved)
            done += len(batch)
            tick("cluster", done, total)
        return list(story_ids)

    # ------------------------------------------------------------- summaries
    def _save_summaries(self, story_ids: Sequence[str]) -> None:
        """Recompute the summaries of these stories from their articles and save them; the
        summary of a story left with no article (merged into another) is deleted."""
        with self.store.transaction():
            for story_id in story_ids:
                articles = self.store.story_members(story_id)
                if not any(a.title and a.title.strip() for a in articles):  # titled by text
                    articles = list(self.store.iter_articles(story_id=story_id, light=True))
                if articles:
                    self.store.put_story(summarise_story(story_id, articles))
                else:
                    self.store.delete_story(story_id)
            self.store.put_state(_SUMMARIES_STATE, {"stale": False})

    def rebuild_story_summaries(self) -> int:
        """Recompute every story's summary from all the articles; how many stories there are.

        Needed once for a store written before summaries were kept (or after an ingest that
        stopped half-way); :meth:`stories` does it by itself when it finds them missing.
        """
        groups: dict[str, list[Article]] = {}
        with self.store.transaction():
            for article in self.store.iter_articles(order="published", light=True):
                if article.story_id is not None:
                    groups.setdefault(article.story_id, []).append(article)
            for story_id, articles in groups.items():
                self.store.put_story(summarise_story(story_id, articles))
            self.store.put_state(_SUMMARIES_STATE, {"stale": False})
        return len(groups)

    def _ensure_summaries(self) -> None:
        """Once per pipeline: rebuild the summaries if the store lacks some or may be stale
        (a read-only store serves them as they are)."""
        with self._summaries_lock:
            if self._summaries_checked or self.store.read_only:
                return
            state = self.store.get_state(_SUMMARIES_STATE) or {}
            if state.get("stale") or self.store.count_stories() != len(self.store.story_ids()):
                self.rebuild_story_summaries()
            self._summaries_checked = True

    # ----------------------------------------------------------------- reads
    def stories(self, query: StoryQuery | None = None) -> list[Story]:
        """The stories ``query`` selects (see :class:`~storyline.store.StoryQuery`).

        With no argument: every story, most recently reported first. :meth:`story_page` also
        says how many stories match.
        """
        return self.story_page(query)[1]

    def story_page(self, query: StoryQuery | None = None) -> tuple[int, list[Story]]:
        """``(how many stories match, one page of them)``, read from the stored summaries.

        ``query`` (default: every story, most recently reported first) filters, sorts and
        pages them; see :class:`~storyline.store.StoryQuery` and
        :meth:`storyline.store.Store.story_summaries`.
        """
        self._ensure_summaries()
        return self.store.story_summaries(StoryQuery() if query is None else query)

    def story(self, story_id: str) -> StoryDetail:
        """One story with its articles (without their raw text and embeddings, which no view
        shows) and assignment explanations."""
        articles = list(self.store.iter_articles(order="published", story_id=story_id, light=True))
        if not articles:
            raise NotFoundError(
                f"no story with id {story_id!r}; list the stories with `storyline stories`"
            )
        return StoryDetail(
            story=summarise_story(story_id, articles),
            articles=articles,
            assignments=self.store.assignments(story_id),
        )

    def story_document(
        self,
        story_id: str,
        *,
        as_of: date | None = None,
        knowledge: bool = True,
        compute: bool = True,
        detail: StoryDetail | None = None,
    ) -> dict[str, Any]:
        """Everything shown about one story, JSON-ready: ``storyline show --json`` and the API.

        With ``knowledge`` (and the ``nlp`` extra) it carries entities, events, timeline,
        summary and the expectation ledger judged as of ``as_of``; without the extra those keys
        are left out and ``notices`` says why. ``knowledge`` (the key) says whether they are
        ``stale`` (computed for another set of articles) or ``missing``.

        ``compute=False`` (the web server) never runs the extraction: the story's stored
        knowledge is served, judged as of the store's clock, and marked stale or missing when
        it does not match the story's articles (the caller may then have it refreshed with
        :meth:`refresh_knowledge`). ``detail``: the story as :meth:`story` gave it, if the
        caller has it already.
        """
        detail = detail if detail is not None else self.story(story_id)
        explanations = [a.to_dict() for a in detail.assignments]
        view = story_detail_view(detail.story, detail.articles, explanations)
        if knowledge:
            try:
                view.update(self._story_knowledge(detail.articles, story_id, as_of, compute))
            except MissingExtraError as exc:
                view["notices"] = [f"entities, timeline, summary and expectations left out: {exc}"]
        return view

    def _story_knowledge(
        self, articles: list[Article], story_id: str, as_of: date | None, compute: bool
    ) -> dict[str, Any]:
        """A story's knowledge: its open form cached in the store (until its articles change),
        judged as of ``as_of`` (default: the store's clock) at read time."""
        clock = as_of or self.store_clock()
        latest = max((a.published.date() for a in articles if a.published), default=None)
        if compute and as_of is not None and latest is not None and as_of < latest:
            # A day before the story's last report: the ledger leaves later articles out.
            found = open_story(
                articles, until=as_of, cache=self.store, config=self.analysis_config
            ).to_dict()
            return {**knowledge_at(found, clock), "knowledge": {"stale": False, "missing": False}}
        cached = self.store.get_state(state_key(story_id))
        current = is_current(cached, articles)
        if compute and not current:
            cached, current = {"value": self._compute_knowledge(story_id, articles)}, True
        return judged_view(cached, current, clock)

    def store_clock(self) -> date | None:
        """The day the stored knowledge is judged on: the latest publication date stored."""
        latest = self.store.latest_published()
        return latest.date() if latest is not None else None

    def _compute_knowledge(self, story_id: str, articles: list[Article]) -> dict[str, Any]:
        """Run the extraction over the story's articles; store and return its open view."""
        found = open_story(articles, cache=self.store, config=self.analysis_config).to_dict()
        with self.store.transaction():
            self.store.put_state(
                state_key(story_id), {"key": knowledge_key(articles), "value": found}
            )
            self.store.put_story_knowledge(story_id, *index_rows(found))
        return found

    # ------------------------------------------------- reads across the stories' knowledge
    def knowledge_indexed(self) -> bool:
        """Whether the store's index of the stories' knowledge is complete, filling it first
        when this store was written before it existed (a read-only store cannot be filled:
        False, and its readers read each story's knowledge instead)."""
        with self._summaries_lock:
            if self._knowledge_indexed is None:
                self._knowledge_indexed = self._fill_knowledge_index()
            return self._knowledge_indexed

    def _fill_knowledge_index(self) -> bool:
        if (self.store.get_state(_KNOWLEDGE_INDEX_STATE) or {}).get("built"):
            return True
        if self.store.read_only:
            return False
        with self.store.transaction():  # one writer: no knowledge is stored meanwhile
            for story_id in self.store.story_ids():
                cached = self.store.get_state(state_key(story_id))
                if cached is not None:
                    self.store.put_story_knowledge(story_id, *index_rows(cached["value"]))
            self.store.put_state(_KNOWLEDGE_INDEX_STATE, {"built": True})
        return True

    def entity_totals(
        self, name: str | None = None, limit: int = 100, offset: int = 0, stories: int = 20
    ) -> tuple[int, list[EntityTotal]]:
        """The entities across the stories' stored knowledge, most mentioned first (see
        :meth:`storyline.store.Store.entity_totals`); from the index (:meth:`knowledge_indexed`
        must be true)."""
        self._ensure_summaries()
        return self.store.entity_totals(name, limit, offset, stories)

    def expectation_page(
        self,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
        as_of: date | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """The expectation ledger across the stories, judged as of the store's clock (or
        ``as_of``, a day not before it: the stored ledgers read every article), each
        entry with its ``story_id`` and ``story_title``; ``status`` keeps those of that
        status (see :meth:`storyline.store.Store.expectation_page`)."""
        self._ensure_summaries()
        clock = as_of or self.store_clock()
        total, rows = self.store.expectation_page(status, clock, limit, offset)
        return total, [
            {**apply_clock_view(view, clock), "story_id": story_id, "story_title": title}
            for story_id, title, view in rows
        ]

    def knowledge_is_current(self, story_id: str) -> bool:
        """Whether the story's stored knowledge was computed for its present articles."""
        cached = self.store.get_state(state_key(story_id))
        return is_current(cached, list(self.store.iter_articles(story_id=story_id, light=True)))

    def refresh_knowledge(
        self,
        story_ids: Sequence[str],
        progress: ProgressCallback | None = None,
        notices: list[str] | None = None,
    ) -> int:
        """Compute and store the knowledge of these stories where it is missing or stale;
        how many were computed. Each story's articles without a stored analysis are analysed
        in one batch; the stories leave the analysis backlog (:mod:`storyline.pipeline.backlog`)
        a batch at a time. ``notices`` gets a line for each article left out as too long.
        Raises :class:`MissingExtraError` without the ``nlp`` extra."""
        return self._compute_stale(self._stale(story_ids), progress or no_progress, notices)

    def _stale(self, story_ids: Sequence[str]) -> list[str]:
        """The stories whose knowledge is missing or stale; the others (current, or with no
        article left) leave the backlog."""
        todo: list[str] = []
        done: list[str] = []
        for story_id in dict.fromkeys(story_ids):
            articles = self._story_articles(story_id)
            stale = articles and not is_current(self.store.get_state(state_key(story_id)), articles)
            (todo if stale else done).append(story_id)
        backlog.remove(self.store, done)
        return todo

    def _compute_stale(
        self, todo: Sequence[str], tick: ProgressCallback, notices: list[str] | None
    ) -> int:
        done: list[str] = []
        every = max(_BACKLOG_BATCH, len(todo) // 100)  # at most ~100 rewrites of the backlog
        for n, story_id in enumerate(todo, 1):
            found = self._compute_knowledge(story_id, self._story_articles(story_id))
            if notices is not None:
                notices.extend(
                    f"article {s['article_id']} {s['reason']}"
                    for s in found.get("skipped_articles", [])
                )
            done.append(story_id)
            if len(done) >= every or n == len(todo):
                backlog.remove(self.store, done)
                done = []
            else:
                backlog.note_done(self.store, [story_id])
            tick("analyse", n, len(todo))
        return len(todo)

    def _story_articles(self, story_id: str) -> list[Article]:
        return list(self.store.iter_articles(order="published", story_id=story_id, light=True))

    def analysis_backlog(self, *, scan: bool = False) -> AnalysisBacklog:
        """The stories whose knowledge is missing or stale, as recorded (cheap); ``scan``:
        when the record cannot be trusted, read every story to know (and record it)."""
        found = backlog.read(self.store)
        return backlog.scan(self.store) if scan and not found.known else found

    def finish_analysis(
        self,
        first: Sequence[str] = (),
        progress: ProgressCallback | None = None,
        notices: list[str] | None = None,
    ) -> tuple[AnalysisBacklog, int]:
        """Compute the knowledge of the stories ``first``, then of every story in the analysis
        backlog (scanned when unknown): what an ingest killed during its analysis, or run
        without it, left. The backlog's stale stories (without ``first``) and how many stories
        were computed. ``notices``: as in :meth:`refresh_knowledge`. Raises
        :class:`MissingExtraError` without the ``nlp`` extra."""
        found = self.analysis_backlog(scan=True)
        todo = self._stale([*first, *found.story_ids])
        skip = set(first)
        earlier = tuple(s for s in todo if s not in skip)
        left = AnalysisBacklog(earlier, backlog.count_articles(self.store, earlier), found.total)
        return left, self._compute_stale(todo, progress or no_progress, notices)

    def _analyse(self, report: IngestReport, tick: ProgressCallback, finish: bool) -> None:
        """The ingest's last step: the knowledge of every story it touched, then (``finish``)
        of those earlier ingests left."""
        try:
            skipped: list[str] = []
            if not finish:
                report.analysed_stories = self.refresh_knowledge(report.story_ids, tick, skipped)
            else:
                left, report.analysed_stories = self.finish_analysis(
                    report.story_ids, tick, skipped
                )
                if left.story_ids:
                    report.notices.append(
                        f"{left.message()}, left by an earlier ingest; analysing them"
                    )
            report.notices.extend(skipped)
        except MissingExtraError as exc:
            report.notices.append(f"stories not analysed (entities, expectations): {exc}")

    def rejections(self) -> list[Rejection]:
        return self.store.rejections()
