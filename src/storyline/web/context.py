"""What every request needs: the pipeline over the one open store, and the write settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated

import httpx
from fastapi import Depends, Request

from storyline import Pipeline

from .ingest import IngestLimits
from .refresh import KnowledgeRefresher

__all__ = ["Ctx", "WebContext", "get_context"]


@dataclass(slots=True)
class WebContext:
    """Held by the app for its lifetime (``app.state.storyline``).

    The SQLite store gives each worker thread its own connection (WAL: readers never wait for
    the writer), so one store serves every request; ``write_lock`` keeps ingests one at a time.
    """

    pipeline: Pipeline
    write_token: str | None = None
    limits: IngestLimits = field(default_factory=IngestLimits)
    fetch_transport: httpx.AsyncBaseTransport | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    refresher: KnowledgeRefresher | None = None  # refreshes stale story knowledge (one thread)

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
