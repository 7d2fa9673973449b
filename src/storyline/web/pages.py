"""The pages a journalist reads: the story list, one story, search. Server-rendered, no script."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from storyline.web import queries
from storyline.web.api import MAX_QUERY_CHARS, StoryId, StoryQuery
from storyline.web.context import Ctx
from storyline.web.render import render
from storyline.web.timeline import build_timeline, status_class

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _page_link(query: StoryQuery, offset: int) -> str:
    params: dict[str, Any] = {"sort": query.sort, "limit": query.limit, "offset": offset}
    f = query.filters
    for name in ("since", "until", "language", "source", "entity", "status"):
        value = getattr(f, name)
        if value is not None:
            params[name] = str(value)
    return "/?" + urlencode(params)


@router.get("/", response_class=HTMLResponse)
def story_list(ctx: Ctx, query: Annotated[StoryQuery, Depends()]) -> HTMLResponse:
    total, stories = queries.list_stories(
        ctx.pipeline, query.filters, query.sort, query.limit, query.offset
    )
    previous = query.offset - query.limit if query.offset > 0 else None
    following = query.offset + query.limit if query.offset + query.limit < total else None
    html = render(
        "list.html",
        stories=stories,
        total=total,
        query=query,
        filters=query.filters,
        first=query.offset + 1,
        previous=None if previous is None else _page_link(query, max(previous, 0)),
        following=None if following is None else _page_link(query, following),
        sort_links={key: _sort_link(query, key) for key in ("updated", "size")},
    )
    return HTMLResponse(html)


def _sort_link(query: StoryQuery, sort: str) -> str:
    link = _page_link(query, 0)
    return link.replace(f"sort={query.sort}", f"sort={sort}", 1)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(ctx: Ctx, story_id: StoryId) -> HTMLResponse:
    view, excerpts = queries.story_with_excerpts(ctx.pipeline, story_id, ctx.on_stale)
    html = render(
        "story.html",
        story=view,
        timeline=build_timeline(view),
        excerpts=excerpts,
        why={e["article_id"]: e for e in view["explanations"]},
        titles={a["id"]: a.get("title") or a["id"] for a in view["articles"]},
        sources={a["id"]: a.get("source") for a in view["articles"]},
        status_class=status_class,
        mention_count=queries.mention_count,
    )
    return HTMLResponse(html)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    ctx: Ctx,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> HTMLResponse:
    if not q.strip():
        return HTMLResponse(render("search.html", q=q, hits=[], searched=False, note=None))
    answer = queries.search_answer(ctx.pipeline, q, limit)
    html = render("search.html", q=q, hits=answer["hits"], searched=True, note=answer["note"])
    return HTMLResponse(html)
