"""What every request needs: the pipeline over the one open store, and the write settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated

import httpx
from fastapi import Depends, Request

from storyline import Pipeline

from .ingest import IngestLimits

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


def get_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.storyline
    return context


Ctx = Annotated[WebContext, Depends(get_context)]
