"""The web app: a JSON API under ``/api/`` and server-rendered pages, over one store.

A thin layer over the library, in the manner of datasette over sqlite-utils: each route parses
its parameters, calls one query of :mod:`storyline.web.queries` (which calls the public
``storyline`` API) and formats the result. ``storyline serve`` runs it under uvicorn::

    from storyline.web import create_app
    app = create_app("stories.db", write_token=os.environ.get("STORYLINE_TOKEN"))

The OpenAPI schema is at ``/openapi.json``. There is no Swagger page: it would load scripts
from a CDN, which the Content-Security-Policy (and working offline) rules out.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyline import Pipeline, Settings, Store, __version__, open_store
from storyline.web import api, pages, sources
from storyline.web.context import WebContext, WriteLock
from storyline.web.ingest import IngestLimits
from storyline.web.problems import SecurityHeadersMiddleware, install_error_handlers
from storyline.web.render import render
from storyline.web.writer import WriterProcess

__all__ = [
    "ALLOW_PRIVATE_ENV",
    "DB_ENV",
    "INGEST_PROCESS_ENV",
    "TOKEN_ENV_ENV",
    "create_app",
    "create_app_from_environment",
]

#: ``storyline serve --workers N`` hands the worker processes the store and the name of the
#: token's variable through these (the token itself stays in its own variable).
DB_ENV = "STORYLINE_DB"
TOKEN_ENV_ENV = "STORYLINE_TOKEN_ENV"
INGEST_PROCESS_ENV = "STORYLINE_INGEST_PROCESS"  # "0": ingest in the server process
ALLOW_PRIVATE_ENV = "STORYLINE_ALLOW_PRIVATE_URLS"  # "1": URL ingests may reach private hosts

_DESCRIPTION = """\
Storyline's stories, articles and search as JSON. Errors are `{"error": "...", "detail": ...}`:
422 for bad parameters, 404 for unknown ids, 401/403 for writes without the right token.
`POST /api/ingest` needs `Authorization: Bearer <token>` with the token the server was started
with; a server started without one is read-only.

Reads never run the entity/event extraction. A story's knowledge (`entities`, `events`,
`timeline`, `summary`, `expectations`) is computed when articles are ingested (the ingest
analyses every story it touched) and stored; reads judge the stored expectation ledger as of
the store's clock (the latest publication date: a pending expectation past its window becomes
`overdue`). When a story's stored knowledge was computed for another set of its articles
(e.g. another process is ingesting) it is still served, with `"knowledge": {"stale": true}`
and a `notices` line, and a background worker brings it up to date; when there is none yet
the knowledge keys are left out and `"knowledge": {"stale": true, "missing": true}`.
"""


def _error_page(status: int, error: str, detail: Any) -> str:
    return render("error.html", status=status, error=error, detail=detail)


def create_app(
    store_target: str | Path | Store,
    *,
    write_token: str | None = None,
    settings: Settings | None = None,
    limits: IngestLimits | None = None,
    fetch_transport: httpx.AsyncBaseTransport | None = None,
    ingest_process: bool = False,
) -> FastAPI:
    """The app over the store at ``store_target`` (a path, a store URL, or an open Store).

    ``write_token``: the bearer token ``POST /api/ingest`` requires; None (or empty) makes the
    server read-only (write routes answer 403, nothing is ever fetched). A store opened here is
    closed when the app shuts down; a Store passed in stays the caller's to close.
    ``fetch_transport`` replaces httpx's network transport for URL ingests (tests).
    ``ingest_process``: run ingests in one child process (:mod:`storyline.web.writer`), so
    reads never wait for the ingest's Python work (a store file or a PostgreSQL store;
    ``storyline serve``).

    Without a write token a store that cannot be written (a read-only file, folder or volume)
    is opened read-only: every GET works, stale knowledge is served as stored (no refresh).
    With one, such a store raises :class:`~storyline.StoreReadOnlyError`.
    """
    owned = not isinstance(store_target, Store)
    if isinstance(store_target, Store):
        store = store_target
    else:  # a store nobody may write to is read as it is (a shared archive, a read-only volume)
        store = open_store(store_target, read_only=False if write_token else "auto")
    context = WebContext(
        pipeline=Pipeline(store, settings or Settings()),
        write_token=write_token or None,
        limits=limits or IngestLimits(),
        fetch_transport=fetch_transport,
        write_lock=WriteLock(store),
    )
    # What the writer process opens: the store file, or the PostgreSQL store's URL.
    target = getattr(store, "path", None) or getattr(store, "url", None)
    if ingest_process and write_token and target not in (None, "", ":memory:"):
        context.writer = WriterProcess(target, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if context.refresher is not None:
            context.refresher.stop()
        if context.writer is not None:
            context.writer.close()
        if owned:
            store.close()

    app = FastAPI(
        title="Storyline",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.storyline = context
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app, _error_page)
    app.include_router(api.router)
    app.include_router(sources.api_router)
    app.include_router(pages.router)
    app.include_router(sources.page_router)
    app.mount("/static", StaticFiles(directory=str(files("storyline.web") / "static")), "static")
    return app


def create_app_from_environment() -> FastAPI:
    """The app over ``$STORYLINE_DB``, with the write token in the variable named by
    ``$STORYLINE_TOKEN_ENV`` (default ``STORYLINE_TOKEN``): the factory each worker process
    of ``storyline serve --workers N`` calls."""
    token_env = os.environ.get(TOKEN_ENV_ENV) or "STORYLINE_TOKEN"
    return create_app(
        os.environ[DB_ENV],
        write_token=os.environ.get(token_env) or None,
        ingest_process=os.environ.get(INGEST_PROCESS_ENV, "1") != "0",
        limits=IngestLimits(allow_private_urls=os.environ.get(ALLOW_PRIVATE_ENV) == "1"),
    )
