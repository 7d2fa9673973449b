"""What ``storyline follow`` fetched for one feed entry, kept as a small WARC archive.

The raw input of a followed article is a gzipped WARC holding, in this order:

1. a ``metadata`` record of type :data:`ENTRY_MEDIA_TYPE` (JSON): the feed entry as the feed
   gave it (its link, GUID, title, date, own text), the source's name and feed URL, the fetch
   time, and why the page was not used if it was not;
2. the ``response`` record of the linked page as it came (status line, headers, body), when the
   page was fetched (a 403 too: it is kept as evidence).

:func:`storyline.ingest.warc.parse_warc` reads it back like any WARC: the page's article, with
the entry's title and date in place of the page's (the article says which date it kept in
``meta["published_from"]``: ``entry``, ``page`` or ``fetch``); and when the page is missing,
failed or has no text, the article of the entry's own text, with a warning. Concatenated, such
archives are one valid WARC file (``storyline export warc``): ingesting it gives the same
articles.
"""

from __future__ import annotations

import gzip
import io
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest.common import Found, optional_str
from storyline.ingest.dates import published_or_warn
from storyline.records import RawInput

__all__ = [
    "ENTRY_MEDIA_TYPE",
    "CapturedEntry",
    "PageResponse",
    "capture",
    "entry_found",
    "read_entry",
]

#: The Content-Type of the metadata record that carries a followed feed entry.
ENTRY_MEDIA_TYPE = "application/vnd.storyline.entry+json"


@dataclass(frozen=True, slots=True)
class CapturedEntry:
    """A feed entry as ``storyline follow`` found it (what the metadata record holds)."""

    url: str  # the entry's link, canonicalised
    fetched: datetime
    title: str | None = None
    guid: str | None = None
    published: datetime | None = None
    text: str = ""  # the entry's own text (summary or full content), plain
    source: str | None = None  # the followed source's name
    feed: str | None = None  # the followed source's URL
    page_url: str | None = None  # where the page was fetched from (after redirects)
    redirects: tuple[str, ...] = ()  # "301 https://..." for each redirect on the way there
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "fetched": self.fetched.astimezone(UTC).isoformat(),
            "title": self.title,
            "guid": self.guid,
            "published": None if self.published is None else self.published.isoformat(),
            "text": self.text,
            "source": self.source,
            "feed": self.feed,
            "page_url": self.page_url,
            "redirects": list(self.redirects),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class PageResponse:
    """One HTTP answer as it came: the final URL, status, headers (in order) and body."""

    url: str
    status: int
    reason: str
    headers: Sequence[tuple[str, str]]
    body: bytes
    fetched: datetime
    redirects: tuple[str, ...] = field(default=())


def capture(entry: CapturedEntry, page: PageResponse | None) -> RawInput:
    """The raw input (a gzipped WARC, see the module docstring) of one followed entry."""
    meta_id = _record_id(entry.url, entry.fetched, "entry")
    payload = json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True).encode()
    members = [
        _gzipped(
            lambda w: w.create_warc_record(
                entry.url,
                "metadata",
                payload=io.BytesIO(payload),
                length=len(payload),
                warc_content_type=ENTRY_MEDIA_TYPE,
                warc_headers_dict={
                    "WARC-Date": _warc_date(entry.fetched),
                    "WARC-Record-ID": meta_id,
                },
            )
        )
    ]
    if page is not None:
        members.append(_gzipped(lambda w: _response_record(w, page, meta_id)))
    return RawInput.from_bytes(entry.page_url or entry.url, b"".join(members), "warc")


def _gzipped(make: Callable[[WARCWriter], Any]) -> bytes:
    """One record as its own gzip member (the .warc.gz convention), at zlib level 1. On the
    extraction benchmark's 181 pages (174 kB on average): level 6 took 6.3 ms a page for 0.198
    of the size, level 3 2.7 ms for 0.221, level 1 2.1 ms for 0.235; gzipping was 15% of the
    follower's CPU at level 6 (py-spy over benchmarks/follow.py), warcio's level 9 more."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(make(writer))
    return gzip.compress(out.getvalue(), compresslevel=1, mtime=0)


def _response_record(writer: WARCWriter, page: PageResponse, concurrent: str) -> Any:
    # The body is stored decoded (httpx undoes Content-Encoding): drop the headers that
    # described the encoded form, so that a reader does not decode it again.
    headers = [
        (k, v)
        for k, v in page.headers
        if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")
    ]
    headers.append(("Content-Length", str(len(page.body))))
    http = StatusAndHeaders(f"{page.status} {page.reason}".strip(), headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=http,
        warc_headers_dict={
            "WARC-Date": _warc_date(page.fetched),
            "WARC-Record-ID": _record_id(page.url, page.fetched, "page"),
            "WARC-Concurrent-To": concurrent,
        },
    )


def _record_id(url: str, when: datetime, part: str) -> str:
    name = f"{part}\x00{url}\x00{when.astimezone(UTC).isoformat()}"
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_entry(payload: bytes) -> dict[str, Any] | None:
    """The entry of a metadata record's payload, or None when it is not one (not JSON, not
    an object, no URL)."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or optional_str(data.get("url")) is None:
        return None
    return data


def entry_found(entry: Mapping[str, Any], page: Found | None, problem: str = "") -> Found:
    """The article fields of a followed entry: the page's text (when ``page`` is given), else
    the entry's own, the entry's title and date before the page's, the fetch time last."""
    warnings = [str(w) for w in entry.get("warnings") or [] if isinstance(w, str)]
    if page is None:
        warnings.append(
            f"the page was not used ({problem or 'not fetched'}): the text is the feed entry's"
            if problem or entry.get("page_url")
            else "the text is the feed entry's own"
        )
    found = Found(text=str(entry.get("text") or "")) if page is None else page
    meta = dict(found.meta)
    published = published_or_warn(entry.get("published"), "feed entry", warnings)
    if published is not None:
        found.published, meta["published_from"] = published, "entry"
    elif found.published is not None:
        meta["published_from"] = "page"
    else:
        found.published = published_or_warn(entry.get("fetched"), "fetch time", warnings)
        meta["published_from"] = "fetch"
    found.title = optional_str(entry.get("title")) or found.title
    found.source = optional_str(entry.get("source")) or found.source
    found.url = found.url or optional_str(entry.get("url"))
    for key in ("feed", "guid", "fetched"):
        if optional_str(entry.get(key)):
            meta[key] = entry[key]
    if warnings:
        meta["warnings"] = [*meta.get("warnings", []), *warnings]
    found.meta = meta
    return found
