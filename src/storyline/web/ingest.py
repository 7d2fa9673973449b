"""``POST /api/ingest``: authorise, read the request's inputs, hand them to ``Pipeline.ingest``.

Three request bodies (by ``Content-Type``):

* ``multipart/form-data``: one or more ``file`` parts (any format ``storyline ingest`` reads),
  and optionally a ``metadata`` part, a JSON manifest ``{"file name": {"published": ...}}``;
* ``application/x-ndjson`` (or ``application/jsonl``): the body is one JSON Lines input;
* ``application/json``: ``{"urls": ["https://...", ...]}``: each page is fetched (httpx, with a
  timeout and a size cap) and ingested as HTML, its URL kept as the article's ``url``.

Write routes need a token configured when the server starts: without one they answer 403 and
no URL is ever fetched; with one, a request without ``Authorization: Bearer <token>`` (or with
another token) gets 401. Tokens are compared in constant time.

The inputs are ingested from memory as :class:`~storyline.RawInput` records under their
(sanitised) names: an article's ``path`` is the name its file was uploaded with (a fetched
page's, the last part of its URL), format sniffing and metadata manifests work as on the
command line, and no temporary file is written.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.datastructures import UploadFile
from starlette.requests import Request

from storyline import IngestReport, Pipeline, RawInput, Rejection, guarded_transport
from storyline.web.problems import ApiError
from storyline.web.writer import WriterProcess

__all__ = [
    "JSONL_TYPES",
    "IngestLimits",
    "Upload",
    "check_token",
    "fetch_urls",
    "ingest_uploads",
    "read_body",
    "read_multipart",
    "read_urls",
]

JSONL_TYPES = frozenset(
    {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/jsonl"}
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_SIDECAR = ".meta.json"


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Bounds of one ingest request."""

    max_body_bytes: int = 50 * 1024 * 1024  # the whole request body (all files together)
    max_files: int = 100
    max_urls: int = 20
    max_url_chars: int = 2048
    fetch_timeout_s: float = 10.0  # each fetch's whole answer, redirects included
    max_fetch_bytes: int = 10 * 1024 * 1024  # one fetched page
    max_redirects: int = 5
    # Fetch from private, loopback and link-local addresses too (storyline serve
    # --allow-private-urls); refused by default (storyline.ingest.fetch).
    allow_private_urls: bool = False


@dataclass(slots=True)
class Upload:
    """One input as received: a name (sanitised on writing) and its bytes."""

    name: str
    content: bytes
    metadata: dict[str, Any] = field(default_factory=dict)


def check_token(configured: str | None, authorization: str | None) -> None:
    """403 when writes are off (no token configured), 401 for a missing or wrong token."""
    if configured is None:
        raise ApiError(
            403,
            "writes are disabled",
            "this server was started without a write token: start it with "
            "`storyline serve --token-env VAR` and VAR set to a secret",
        )
    scheme, _, given = (authorization or "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8", "surrogateescape"), configured.encode("utf-8")
    )
    if not ok:
        raise ApiError(
            401,
            "missing or wrong write token",
            "send the header `Authorization: Bearer <token>` with the token the server was "
            "started with",
            headers={"WWW-Authenticate": 'Bearer realm="storyline"'},
        )


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "request body too large", f"the limit is {limit:,} bytes")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is over ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _manifest(text: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(422, "the metadata part is not valid JSON", str(exc)) from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ApiError(
            422,
            "invalid metadata",
            'metadata must be a JSON object {"file name": {"published": "2022-09-15", ...}}',
        )
    return {str(k): dict(v) for k, v in data.items()}


async def read_multipart(request: Request, limits: IngestLimits) -> list[Upload]:
    """The ``file`` parts of a multipart body, each with its entry of the ``metadata`` part."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_large(limits.max_body_bytes)
    async with request.form(
        max_files=limits.max_files, max_fields=20, max_part_size=limits.max_body_bytes
    ) as form:
        files = [part for part in form.getlist("file") if isinstance(part, UploadFile)]
        meta_part = form.get("metadata")
        manifest = _manifest(meta_part) if isinstance(meta_part, str) and meta_part else {}
        uploads: list[Upload] = []
        total = 0
        for part in files:
            content = await part.read()
            total += len(content)
            if total > limits.max_body_bytes:
                raise _too_large(limits.max_body_bytes)
            name = part.filename or "upload"
            uploads.append(Upload(name, content, manifest.get(name, {})))
    if not uploads:
        raise ApiError(
            422, "no file to ingest", "send one or more files in multipart parts named 'file'"
        )
    return uploads


def _checked_url(url: Any, limits: IngestLimits) -> str:
    if not isinstance(url, str) or not url or len(url) > limits.max_url_chars:
        raise ApiError(
            422, "invalid URL", f"each URL is a string of 1 to {limits.max_url_chars} characters"
        )
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ApiError(422, "invalid URL", f"{url!r}: {exc}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ApiError(422, "invalid URL", f"{url!r}: only http:// and https:// URLs are fetched")
    return url


def read_urls(body: bytes, limits: IngestLimits) -> list[str]:
    """The URLs of a ``{"urls": [...]}`` body, checked (http/https, count, length)."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "the body is not valid JSON", str(exc)) from exc
    urls = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(urls, list) or not 1 <= len(urls) <= limits.max_urls:
        raise ApiError(
            422,
            "invalid body",
            f'send {{"urls": ["https://...", ...]}} with 1 to {limits.max_urls} URLs',
        )
    return list(dict.fromkeys(_checked_url(url, limits) for url in urls))


async def _fetch_one(client: httpx.AsyncClient, url: str, limit: int) -> Upload | Rejection:
    try:
        async with client.stream("GET", url) as response:
            if response.status_code != 200:
                return Rejection(url, f"fetch failed: HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    return Rejection(url, f"fetch failed: larger than {limit:,} bytes")
                chunks.append(chunk)
    except httpx.TimeoutException:
        return Rejection(url, "fetch failed: timed out")
    except httpx.ConnectError as exc:
        return Rejection(url, f"fetch failed: {exc}")
    except httpx.HTTPError as exc:
        return Rejection(url, f"fetch failed: {type(exc).__name__}: {exc}")
    name = Path(urlsplit(url).path).name or "page"
    return Upload(name, b"".join(chunks), {"url": url})


async def _fetch_within(
    client: httpx.AsyncClient, url: str, limits: IngestLimits
) -> Upload | Rejection:
    """One fetch, cut at the deadline however slowly the server drips its answer."""
    try:
        return await asyncio.wait_for(
            _fetch_one(client, url, limits.max_fetch_bytes), limits.fetch_timeout_s
        )
    except TimeoutError:
        return Rejection(url, f"fetch failed: no whole answer within {limits.fetch_timeout_s:g} s")


async def fetch_urls(
    urls: Sequence[str], limits: IngestLimits, transport: httpx.AsyncBaseTransport | None = None
) -> tuple[list[Upload], list[Rejection]]:
    """Fetch every URL concurrently; a failed fetch is a rejection, not an error.

    Every connection, redirects included, goes to a public address only
    (:func:`storyline.ingest.fetch.guarded_transport`) unless ``limits.allow_private_urls``;
    each fetch has ``limits.fetch_timeout_s`` for its whole answer. ``transport`` replaces
    the network (tests).
    """
    async with httpx.AsyncClient(
        transport=transport or guarded_transport(allow_private=limits.allow_private_urls),
        timeout=httpx.Timeout(limits.fetch_timeout_s),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": "storyline (+ingest)"},
    ) as client:
        results = await asyncio.gather(*(_fetch_within(client, url, limits) for url in urls))
    uploads = [r for r in results if isinstance(r, Upload)]
    return uploads, [r for r in results if isinstance(r, Rejection)]


def _file_name(name: str, taken: set[str]) -> str:
    base = _SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")[:100] or "upload"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{n}-{base}"
    taken.add(candidate)
    return candidate


def ingest_uploads(
    pipeline: Pipeline,
    uploads: Sequence[Upload],
    lock: AbstractContextManager[Any],
    rejected: Sequence[Rejection] = (),
    writer: WriterProcess | None = None,
) -> IngestReport:
    """Ingest the uploads from memory, each under its sanitised name (one writer at a time),
    analysing the stories they touch (so reads find their knowledge computed).

    ``writer``: run the ingest in that child process rather than in this one.
    Blocking: call it in a worker thread.
    """
    sidecars = [u for u in uploads if u.name.endswith(_SIDECAR)]
    taken: set[str] = set()
    raws: list[RawInput] = []
    metadata: dict[str, Mapping[str, Any]] = {}
    for upload in uploads:
        if upload.name.endswith(_SIDECAR):
            continue
        name = _file_name(upload.name, taken)
        raws.append(RawInput.from_bytes(name, upload.content, ""))  # "": ingest sniffs it
        if upload.metadata:
            metadata[name] = upload.metadata
    with lock:
        if not raws:
            report = IngestReport()
        elif writer is not None:
            report = writer.ingest(raws, metadata)
        else:
            report = pipeline.ingest(raws, metadata=metadata, analyse=True, finish_analysis=False)
    report.rejected = [*rejected, *(_sidecar_rejection(u) for u in sidecars), *report.rejected]
    return report


def _sidecar_rejection(upload: Upload) -> Rejection:
    return Rejection(
        upload.name,
        "a NAME.meta.json sidecar is not an article: send metadata in the 'metadata' part",
    )
