"""The JSON API under ``/api/``: parse parameters, call one query, format. See ``/openapi.json``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storyline.web import queries
from storyline.web.context import Ctx
from storyline.web.ingest import (
    JSONL_TYPES,
    Upload,
    check_token,
    fetch_urls,
    ingest_uploads,
    read_body,
    read_multipart,
    read_urls,
)
from storyline.web.problems import ApiError
from storyline.web.schemas import (
    ArticleOut,
    EntityList,
    ErrorOut,
    ExpectationList,
    IngestOut,
    SearchOut,
    StoryDetailOut,
    StoryList,
)

__all__ = ["MAX_QUERY_CHARS", "StoryId", "StoryQuery", "router"]

MAX_QUERY_CHARS = 500
MAX_ID_CHARS = 128

router = APIRouter(prefix="/api", tags=["api"])

_ERR = {"model": ErrorOut}
_READ_ERRORS: dict[int | str, dict[str, Any]] = {422: _ERR}
_ID_ERRORS: dict[int | str, dict[str, Any]] = {404: _ERR, 422: _ERR}

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1-500).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
StoryId = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS)]
ArticleId = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS)]


class StoryQuery:
    """The story list's parameters, shared by ``GET /api/stories`` and the ``/`` page."""

    def __init__(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        sort: Annotated[
            Literal["updated", "size"],
            Query(description="`updated`: most recent report first; `size`: most articles first."),
        ] = "updated",
        since: Annotated[
            date | None, Query(description="Stories with a report on or after this date.")
        ] = None,
        until: Annotated[
            date | None, Query(description="Stories with a report on or before this date.")
        ] = None,
        language: Annotated[str | None, Query(min_length=1, max_length=16)] = None,
        source: Text = None,
        entity: Annotated[
            str | None,
            Query(min_length=1, max_length=200, description="An entity name or alias."),
        ] = None,
        status: Annotated[
            str | None,
            Query(min_length=1, max_length=40, description="An expectation status."),
        ] = None,
    ) -> None:
        if since is not None and until is not None and since > until:
            raise ApiError(422, "invalid date range", f"since ({since}) is after until ({until})")
        self.limit, self.offset, self.sort = limit, offset, sort
        self.filters = queries.StoryFilters(since, until, language, source, entity, status)


@router.get(
    "/stories", summary="List stories", responses={200: {"model": StoryList}, **_READ_ERRORS}
)
def list_stories(ctx: Ctx, query: Annotated[StoryQuery, Depends()]) -> JSONResponse:
    """Stories, most recently reported first (or largest first), filtered and paged."""
    total, stories = queries.list_stories(
        ctx.pipeline, query.filters, query.sort, query.limit, query.offset
    )
    return JSONResponse(
        {"total": total, "limit": query.limit, "offset": query.offset, "stories": stories}
    )


@router.get(
    "/stories/{story_id}",
    summary="One story",
    responses={200: {"model": StoryDetailOut}, **_ID_ERRORS},
)
def get_story(
    ctx: Ctx,
    story_id: StoryId,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=500,
            description="Page size of the story's long lists: articles (and their "
            "explanations), events, timeline, entities, and each entity's mentions.",
        ),
    ] = 100,
    offset: Annotated[
        int, Query(ge=0, le=1_000_000, description="Items of those lists to skip.")
    ] = 0,
) -> JSONResponse:
    """The story with its articles, why they are together, duplicate groups and origins, and
    its knowledge (entities, events, timeline, summary, expectation ledger) as stored.

    Never computed in the request: the knowledge is computed when articles are ingested and
    stored; the ledger is judged as of the store's clock when read. `knowledge.stale` is true
    when the stored knowledge was computed for another set of the story's articles (it is served
    anyway, with a `notices` line, and refreshed in the background); `knowledge.missing` is
    true when there is none yet (the knowledge keys are then left out).

    The lists that grow with the story are paged together (`limit`, `offset`); `page.totals`
    gives their full lengths. The summary, expectations, duplicate groups and origins are whole.
    """
    view = queries.story_detail(ctx.pipeline, story_id, ctx.on_stale)
    return JSONResponse(queries.page_story(view, limit, offset))


@router.get(
    "/articles/{article_id}",
    summary="One article",
    responses={200: {"model": ArticleOut}, **_ID_ERRORS},
)
def get_article(ctx: Ctx, article_id: ArticleId) -> JSONResponse:
    """One article with its cleaned text and removed boilerplate lines."""
    return JSONResponse(queries.article_detail(ctx.pipeline, article_id))


def checked_query(text: str) -> str:
    if not text.strip():
        raise ApiError(422, "empty search query", "q needs at least one word")
    return text


@router.get(
    "/search", summary="Search articles", responses={200: {"model": SearchOut}, **_READ_ERRORS}
)
def search(
    ctx: Ctx,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="Words to find (all of them; case and accents ignored; no syntax).",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    """Full-text search over article titles and texts, best match first.

    Every word is required (the first 4 distinct ones are used), and the latest 2,000 matches
    are ranked. `ranking` says how: `exact` (bm25 over every article), `estimated` (word weights
    counted over the latest 200,000 articles, or the words in most articles not weighed) or
    `capped` (only the `ranked` matches among the latest 200,000 articles were ranked: older
    matches are left out, or follow newest first when there are too few). `approximate` is
    true unless the ranking is exact."""
    return JSONResponse(queries.search_answer(ctx.pipeline, checked_query(q), limit))


@router.get("/entities", summary="Entities", responses={200: {"model": EntityList}, **_READ_ERRORS})
def entities(ctx: Ctx, limit: Limit = 100, offset: Offset = 0, name: Text = None) -> JSONResponse:
    """The entities named across the stories' stored knowledge, most mentioned first: each with
    its `mentions`, `n_stories`, its 20 most recently reported `stories` and the `aliases` they
    give it; `name` keeps those named so (a name or an alias, case ignored)."""
    total, page = queries.all_entities(ctx.pipeline, name, limit, offset)
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "entities": page})


@router.get(
    "/expectations",
    summary="Expectation ledger",
    responses={200: {"model": ExpectationList}, **_READ_ERRORS},
)
def expectations(
    ctx: Ctx,
    limit: Limit = 100,
    offset: Offset = 0,
    status: Annotated[str | None, Query(min_length=1, max_length=40)] = None,
) -> JSONResponse:
    """What reports said would happen, and whether it did (empty until the ledger exists)."""
    total, page = queries.all_expectations(ctx.pipeline, status, limit, offset)
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "expectations": page})


_bearer = HTTPBearer(auto_error=False, description="The write token given at `storyline serve`.")

_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "metadata": {
                            "type": "string",
                            "description": 'JSON {"file name": {"published": "2022-09-15"}}',
                        },
                    },
                    "required": ["file"],
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "urls": {
                            "type": "array",
                            "items": {"type": "string", "format": "uri"},
                            "minItems": 1,
                            "maxItems": 20,
                        }
                    },
                    "required": ["urls"],
                }
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "JSON Lines, one article a line"}
            },
        },
    }
}


@router.post(
    "/ingest",
    summary="Ingest articles",
    openapi_extra=_INGEST_BODY,
    responses={
        200: {"model": IngestOut},
        400: _ERR,
        401: _ERR,
        403: _ERR,
        413: _ERR,
        415: _ERR,
        422: _ERR,
    },
)
async def ingest(
    request: Request,
    ctx: Ctx,
    _auth: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> JSONResponse:
    """Ingest uploaded files, a JSON Lines body, or fetched URLs (needs the write token)."""
    check_token(ctx.write_token, request.headers.get("authorization"))
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    rejected: list[Any] = []
    if media_type == "multipart/form-data":
        uploads = await read_multipart(request, ctx.limits)
    elif media_type in JSONL_TYPES:
        uploads = [Upload("body.jsonl", await read_body(request, ctx.limits.max_body_bytes))]
    elif media_type == "application/json":
        urls = read_urls(await read_body(request, 64 * 1024), ctx.limits)
        uploads, rejected = await fetch_urls(urls, ctx.limits, ctx.fetch_transport)
    else:
        raise ApiError(
            415,
            "unsupported content type",
            "send multipart/form-data (files), application/x-ndjson (JSON Lines) or "
            'application/json ({"urls": [...]})',
        )
    report = await run_in_threadpool(
        ingest_uploads, ctx.pipeline, uploads, ctx.write_lock, rejected, ctx.writer
    )
    return JSONResponse(report.to_dict())
