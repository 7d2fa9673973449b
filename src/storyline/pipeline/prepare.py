"""Articles prepared a batch at a time beside the clustering: on a helper thread, and for a
large ingest partly in a worker process.

A batch is prepared in two steps. :class:`BatchWork` is what needs none of the stream state
(cleaning, language, the duplicate fingerprint and, in a worker process, the clusterer's text
features): a pure function of the batch. The pipeline's ``finish`` then gives each article its
duplicates (the stream's index) and hands its text features to the clusterer.
:class:`Prepared` runs them over the batches in order on one helper thread, at most
:data:`AHEAD` batches ahead of the caller. The stages are independent of the clustering (which
reads their results only), so they overlap with it: the dense model and SQLite release the
GIL while they run, and this thread runs then (on a second core, which it shares with the dense
model's own worker: :mod:`storyline.embed.use_forward`). With a worker process
(:mod:`storyline.pipeline.worker`) the batch work runs there, beside the clustering rather than
taking turns with it for the GIL, and the thread only finishes what comes back. Each stage still
sees the articles in the same order, so every result is the one a single thread gives. An
error in the thread (or the worker) is raised in the caller; leaving early stops the thread.
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import functools
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, Protocol

from storyline.cluster.features import TextFeatures, text_features
from storyline.config import DigestConfig, Settings
from storyline.records import Article
from storyline.text import BoilerplateModel, DuplicateIndex, LanguageDetector, clean
from storyline.text.dedup import Fingerprint

__all__ = [
    "AHEAD",
    "IN_FLIGHT",
    "LONG_TEXT_CHARS",
    "BatchWork",
    "Prepared",
    "Ready",
    "release_freed_memory",
]

# Batches the helper thread may have ready before the caller takes them (memory).
AHEAD = 4
# Batches handed to a worker process and not yet back: one being prepared there, one waiting
# (so the worker never waits for the next), one coming back.
IN_FLIGHT = 3
#: Characters of text in a batch past which its cleaning is followed by
#: :func:`release_freed_memory` (a long article's; a batch of news articles has ~100,000).
LONG_TEXT_CHARS = 1_000_000


@functools.cache
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing
    elsewhere). Cleaning a 45 MB text splits it into lines, ~200 MB of strings that are freed
    but kept by the allocator, and then counted again on top of what storing the text takes
    (benchmarks/memory.py: 205 MB kept after cleaning the 45 MB text, none after a trim)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


#: One article of a batch as :class:`BatchWork` leaves it: cleaned, with its language, its
#: duplicate fingerprint and (computed in a worker process) its text features.
Ready = tuple[Article, Fingerprint, TextFeatures | None]


class BatchWork:
    """What is done to a batch before it meets the stream state: cleaning (``raw_text`` dropped
    once the text is cleaned), language, the duplicate fingerprint (:meth:`DuplicateIndex.
    fingerprint`) and, with ``features``, the clusterer's :func:`text_features` of every
    article (a duplicate's are not used: worth it only where it runs beside the clustering).
    A pure function of the batch; picklable (for a worker process: the boilerplate model
    travels with it)."""

    def __init__(
        self,
        model: BoilerplateModel,
        settings: Settings,
        lead_chars: int,
        digest: DigestConfig,
        *,
        features: bool,
    ) -> None:
        self.model = model
        self.settings = settings
        self.lead_chars = lead_chars
        self.digest = digest
        self.features = features
        self._tools: tuple[LanguageDetector, DuplicateIndex] | None = None  # on first use

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_tools": None}

    def __call__(self, chunk: list[Article]) -> list[Ready]:
        if self._tools is None:
            self._tools = (
                LanguageDetector(self.settings.language),
                DuplicateIndex(self.settings.dedup),  # empty: for its fingerprints only
            )
        detector, fingerprints = self._tools
        cleaned = self.clean(chunk)
        chunk.clear()  # the caller's own batch (Pipeline._batches): its raw texts go once cleaned
        long = sum(len(a.text) for a in cleaned) > LONG_TEXT_CHARS
        if long:
            release_freed_memory()  # a long text's lines, before it is fingerprinted
        tagged = [detector.detect_article(a) for a in cleaned]
        ready = [(a, fingerprints.fingerprint(a), self._features(a)) for a in tagged]
        if long:
            release_freed_memory()  # its pieces and shingles, before it is stored
        return ready

    def clean(self, articles: list[Article]) -> list[Article]:
        """The articles cleaned, without their ``raw_text`` when the cleaned ``text`` is not
        empty: no later stage reads it then (each reads ``text or raw_text``) and the store
        keeps it (``save_assigned`` writes every column but ``raw_text``), so a long text is
        not held twice while it is deduplicated, clustered and written (issue 18: 174 MB of a
        45 MB text with one emoji, as Python holds it)."""
        cleaned = [clean(a, self.model, self.settings.clean) for a in articles]
        return [replace(a, raw_text="") if a.text else a for a in cleaned]

    def _features(self, article: Article) -> TextFeatures | None:
        if not self.features:
            return None
        return text_features(article, self.lead_chars, self.digest)


class Worker(Protocol):
    """Where :class:`Prepared` sends the batches' :class:`BatchWork` (another process:
    :class:`storyline.pipeline.worker.PrepareWorker`)."""

    def submit(self, chunk: list[Article]) -> Future[list[Ready]]: ...

    def result(self, future: Future[list[Ready]], timeout: float) -> list[Ready]: ...


class Prepared:
    """``with Prepared(chunks, work, finish) as batches``: ``finish(work(chunk))`` of each
    chunk, in order, computed on a helper thread; with ``worker``, ``work`` is the one that
    worker runs, in another process, on a few chunks ahead (:data:`IN_FLIGHT`)."""

    def __init__(
        self,
        chunks: Iterable[list[Article]],
        work: Callable[[list[Article]], list[Ready]],
        finish: Callable[[list[Ready]], list[Article]],
        worker: Worker | None = None,
    ) -> None:
        self._chunks = chunks
        self._prepare = work
        self._finish = finish
        self._worker = worker
        self._ready: queue.Queue[list[Article] | BaseException | None] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="storyline-prepare", daemon=True)

    def _work(self) -> None:
        try:
            for ready in self._prepared():
                if not self._put(self._finish(ready)):
                    return
        except BaseException as exc:  # raised again in the caller's thread
            self._put(exc)
            return
        self._put(None)

    def _prepared(self) -> Iterator[list[Ready]]:
        """``work(chunk)`` of each chunk, in order: here, or from the worker."""
        worker = self._worker
        if worker is None:
            yield from map(self._prepare, self._chunks)
            return
        sent: collections.deque[Future[list[Ready]]] = collections.deque()
        for chunk in self._chunks:
            sent.append(worker.submit(chunk))
            if len(sent) >= IN_FLIGHT:
                yield self._wait(worker, sent.popleft())
        while sent:
            yield self._wait(worker, sent.popleft())

    def _wait(self, worker: Worker, future: Future[list[Ready]]) -> list[Ready]:
        """The worker's answer; an error if it died; given up (empty) once stopped."""
        while not self._stop.is_set():
            try:
                return worker.result(future, timeout=0.05)
            except TimeoutError:
                continue
        future.cancel()
        return []

    def _put(self, item: list[Article] | BaseException | None) -> bool:
        """Hand over an item, waiting while the caller is ``AHEAD`` behind; False: stopped."""
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def __enter__(self) -> Iterator[list[Article]]:
        self._thread.start()
        return self._batches()

    def _batches(self) -> Iterator[list[Article]]:
        while (item := self._ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
