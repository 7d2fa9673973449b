"""The followed sources on the web: ``/sources`` (their health, newest problems first) and
``/api/sources``. Reading is open; adding and removing a source needs the write token (the
page's forms carry it in a password field, the API in ``Authorization: Bearer``). A source
added here may not reach private addresses (only ``storyline sources add --allow-private``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from storyline import Pipeline, Source, StorylineError, add_source
from storyline.web.context import Ctx
from storyline.web.ingest import check_token, read_body
from storyline.web.problems import ApiError
from storyline.web.render import render
from storyline.web.schemas import ErrorOut

__all__ = ["SourceIn", "api_router", "page_router", "source_rows"]

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)
_bearer = HTTPBearer(auto_error=False)
_ERR = {"model": ErrorOut}
SourceId = Annotated[int, Path(ge=1, le=2**62)]


class SourceIn(BaseModel):
    """A source to follow."""

    url: str = Field(min_length=1, max_length=2048, description="Feed, sitemap or page URL.")
    name: str | None = Field(default=None, max_length=200)
    every: str = Field(default="10m", max_length=20, description="90s, 10m, 1h, 1d.")


def source_rows(pipeline: Pipeline) -> list[dict[str, Any]]:
    """Every source with its health and new articles in the last day: failing ones first
    (the most errors in a row first), then by name."""
    store = pipeline.store
    day = store.new_items_since(datetime.now(UTC) - timedelta(days=1))
    rows = [{**s.to_dict(), "new_last_day": day.get(s.id or 0, 0)} for s in store.list_sources()]
    return sorted(rows, key=lambda r: (-r["errors_in_row"], (r["name"] or r["url"]).lower()))


def _add(pipeline: Pipeline, given: SourceIn) -> tuple[Source, bool]:
    try:
        return add_source(pipeline.store, given.url, given.name, given.every)
    except StorylineError as exc:
        raise ApiError(422, "cannot follow this source", str(exc)) from exc


@api_router.get("/sources", summary="Followed sources and their health")
async def list_sources(ctx: Ctx) -> JSONResponse:
    """Every followed source: URL, kind, last fetch, new articles in the last day, errors."""
    return JSONResponse(await run_in_threadpool(source_rows, ctx.pipeline))


_SOURCE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": SourceIn.model_json_schema()}},
    }
}


@api_router.post(
    "/sources",
    summary="Follow a source",
    openapi_extra=_SOURCE_BODY,
    responses={
        200: {"description": "already followed"},
        201: {"description": "added"},
        401: _ERR,
        403: _ERR,
        413: _ERR,
        422: _ERR,
    },
    status_code=201,
)
async def post_source(
    request: Request,
    ctx: Ctx,
    _auth: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> JSONResponse:
    """Follow a feed, sitemap or page (needs the write token); 200 if already followed."""
    check_token(ctx.write_token, request.headers.get("authorization"))
    body = await read_body(request, 16 * 1024)
    try:
        given = SourceIn.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid body", _first_error(exc)) from None
    source, new = await run_in_threadpool(_add, ctx.pipeline, given)
    return JSONResponse(source.to_dict(), status_code=201 if new else 200)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0] if exc.errors() else {"msg": str(exc), "loc": ()}
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f'{where + ": " if where else ""}{error["msg"]} (send {{"url": "https://...", ...}})'


@api_router.delete(
    "/sources/{source_id}",
    summary="Stop following a source",
    responses={204: {"description": "removed"}, 401: _ERR, 403: _ERR, 404: _ERR, 422: _ERR},
    status_code=204,
)
async def delete_source(
    request: Request,
    ctx: Ctx,
    source_id: SourceId,
    _auth: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> JSONResponse:
    """Stop following a source (needs the write token); what it brought stays."""
    check_token(ctx.write_token, request.headers.get("authorization"))
    if not await run_in_threadpool(ctx.pipeline.store.remove_source, source_id):
        raise ApiError(404, "no such source", f"no source {source_id}")
    return JSONResponse(None, status_code=204)


@page_router.get("/sources", response_class=HTMLResponse)
def sources_page(ctx: Ctx) -> HTMLResponse:
    writable = ctx.write_token is not None
    return HTMLResponse(
        render("sources.html", sources=source_rows(ctx.pipeline), writable=writable)
    )


def _form_token(ctx: Ctx, token: str) -> None:
    """The form's token field, checked as the API checks its bearer token."""
    check_token(ctx.write_token, f"Bearer {token}" if token else None)


@page_router.post("/sources/add")
def add_source_form(
    ctx: Ctx,
    url: Annotated[str, Form(max_length=2048)],
    token: Annotated[str, Form(max_length=500)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    every: Annotated[str, Form(max_length=20)] = "10m",
) -> RedirectResponse:
    _form_token(ctx, token)
    _add(ctx.pipeline, SourceIn(url=url, name=name or None, every=every or "10m"))
    return RedirectResponse("/sources", status_code=303)


@page_router.post("/sources/{source_id}/remove")
def remove_source_form(
    ctx: Ctx, source_id: SourceId, token: Annotated[str, Form(max_length=500)] = ""
) -> RedirectResponse:
    _form_token(ctx, token)
    if not ctx.pipeline.store.remove_source(source_id):
        raise ApiError(404, "no such source", f"no source {source_id}")
    return RedirectResponse("/sources", status_code=303)
