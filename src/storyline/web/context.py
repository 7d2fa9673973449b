"""What every request needs: the pipeline over the one open store, and the write settings."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Annotated

import httpx
from fastapi import Depends, Request

from storyline import Pipeline, Store
from storyline.web.ingest import IngestLimits
from storyline.web.refresh import KnowledgeRefresher
from storyline.web.writer import WriterProcess

__all__ = ["Ctx", "WebContext", "WriteLock", "get_context"]


class WriteLock:
    """One writer at a time: a thread lock, then the store's :meth:`Store.writer_lock` (for
    a store file an exclusive ``flock`` beside it; for PostgreSQL an advisory lock), so the
    worker processes of ``storyline serve --workers N`` (and their knowledge refreshers), and
    ``storyline ingest`` in a shell, also write one at a time."""

    def __init__(self, store: Store | None = None) -> None:
        self._thread_lock = threading.Lock()
        self._store = store
        self._held: AbstractContextManager[None] | None = None

    def __enter__(self) -> WriteLock:
        self._thread_lock.acquire()
        if self._store is not None:
            try:
                held = self._store.writer_lock()
                held.__enter__()
            except BaseException:
                self._thread_lock.release()
                raise
            self._held = held
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        held, self._held = self._held, None
        try:
            if held is not None:
                held.__exit__(kind, error, trace)
        finally:
            self._thread_lock.release()


@dataclass(slots=True)
class WebContext:
    """Held by the app for its lifetime (``app.state.storyline``).

    The SQLite store gives each worker thread its own connection (WAL: readers never wait for
    the writer), so one store serves every request; ``write_lock`` keeps writes (ingests and
    knowledge refreshes) one at a time, across worker processes too.
    """

    pipeline: Pipeline
    write_token: str | None = None
    limits: IngestLimits = field(default_factory=IngestLimits)
    fetch_transport: httpx.AsyncBaseTransport | None = None
    write_lock: WriteLock = field(default_factory=WriteLock)
    refresher: KnowledgeRefresher | None = None  # refreshes stale story knowledge (one thread)
    writer: WriterProcess | None = None  # runs ingests in a child process (serve's default)

    def __post_init__(self) -> None:
        if self.refresher is None and not self.pipeline.store.read_only:
            self.refresher = KnowledgeRefresher(self.pipeline, self.write_lock)

    def on_stale(self, story_id: str) -> None:
        """A read found the story's knowledge stale or missing: have it refreshed."""
        if self.refresher is not None:
            self.refresher.request(story_id)


def get_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.storyline
    return context


Ctx = Annotated[WebContext, Depends(get_context)]
