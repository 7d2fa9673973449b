"""What every request needs: the pipeline over the one open store, and the write settings."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Annotated

import httpx
from fastapi import Depends, Request

from storyline import Pipeline

from .ingest import IngestLimits
from .refresh import KnowledgeRefresher
from .writer import WriterProcess

__all__ = ["Ctx", "WebContext", "WriteLock", "get_context"]


class WriteLock:
    """One writer at a time: a thread lock and, for a store file, an exclusive ``flock`` on
    ``<store file>.write-lock`` beside it, so the worker processes of ``storyline serve
    --workers N`` (and their knowledge refreshers) also write one at a time."""

    def __init__(self, store_path: str | Path | None = None) -> None:
        self._thread_lock = threading.Lock()
        self._path = None if store_path in (None, "", ":memory:") else f"{store_path}.write-lock"
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        self._thread_lock.acquire()
        if self._path is not None:
            try:
                import fcntl

                fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._fd = fd
            except (ImportError, OSError):  # no flock here (or no write access): threads only
                self._fd = None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the flock
            self._fd = None
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
        if self.refresher is None:
            self.refresher = KnowledgeRefresher(self.pipeline, self.write_lock)

    def on_stale(self, story_id: str) -> None:
        """A read found the story's knowledge stale or missing: have it refreshed."""
        if self.refresher is not None:
            self.refresher.request(story_id)


def get_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.storyline
    return context


Ctx = Annotated[WebContext, Depends(get_context)]
