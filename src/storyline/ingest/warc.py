"""WARC archives (warcio, plain or gzipped): one article per HTML page captured. (Not ARC.)

Each ``response`` record with an HTML content type (and each HTML ``resource`` record) goes
through :func:`storyline.ingest.html.extract_html` with the record's target URI. The entry key
is the WARC-Record-ID. WARC-Date is when the page was *crawled*, not published: it goes to
``meta["crawled"]``, never to ``published``. A non-2xx HTML response is rejected ("HTTP 404
response"); other records (requests, metadata, images...) are skipped silently, except the
feed entries ``storyline follow`` keeps beside the pages it fetched
(:mod:`storyline.ingest.capture`): an entry gives its page's article its title and date, and
when its page is missing, failed or has no text, an article of its own text.

warcio stops quietly at a cut-off gzip member and hands out a cut-off record as if it were
whole, so damage is checked here: a record shorter than its Content-Length, or bytes left over
after the last whole record, end the reading with the rejection "truncated or corrupt WARC after
record N: ..." (N counts whole records of any type); the pages read before it are kept.
"""

from __future__ import annotations

import codecs
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.capture import ENTRY_MEDIA_TYPE, entry_found, read_entry
from storyline.ingest.common import (
    Found,
    ParseResult,
    apply_sidecar,
    build_article,
    nothing_usable,
)
from storyline.ingest.html import NO_MAIN_TEXT, extract_html, page_fields
from storyline.ingest.sniff import is_gzip
from storyline.records import Article, RawInput, Rejection

__all__ = ["parse_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class _Page:
    """One HTML page read from a record: its payload, or why it cannot be used."""

    record_id: str
    url: str | None
    crawled: str | None
    payload: str | bytes = b""
    problem: str = ""


@dataclass(slots=True)
class _Entry:
    """A followed feed entry read from its metadata record."""

    record_id: str
    fields: dict[str, Any]


class _Damage(Exception):
    """The archive is cut short or corrupt at this point."""


class _QuietWARCIterator(WARCIterator):
    """warcio prints a warning to stderr when a record is not followed by a blank line; the
    iterator's ``err_count`` says so too, and this module reports it as damage instead."""

    INC_RECORD = ""


def parse_warc(
    raw: RawInput, content: bytes, sidecar: dict[str, Any] | None, config: IngestConfig
) -> ParseResult:
    """The articles of the HTML pages in a WARC archive."""
    if not content.strip():
        return ParseResult(rejections=[Rejection(raw.path, "empty file")])
    result = ParseResult()
    damage: Rejection | None = None
    entries: dict[str, _Entry] = {}  # followed entries waiting for their page, by page URL
    for item in _pages(raw, content, config.max_file_bytes):
        if isinstance(item, Rejection):
            damage = item
        elif isinstance(item, _Entry):
            _flush(raw, entries.pop(_page_url(item), None), "", sidecar, config, result)
            entries[_page_url(item)] = item
        elif (entry := entries.pop(item.url or "", None)) is not None:
            result.add(_entry_article(raw, entry, item, sidecar, config))
        elif item.problem:
            result.add(Rejection(raw.path, item.problem, item.record_id))
        else:
            result.add(_article(raw, item, sidecar, config))
    for entry in entries.values():
        _flush(raw, entry, "", sidecar, config, result)
    if result.articles:
        result.rejections.extend([damage] if damage else [])
        return result
    if damage:
        return ParseResult(rejections=[damage])
    return nothing_usable(raw, result.rejections, "HTML pages")


def _page_url(entry: _Entry) -> str:
    return str(entry.fields.get("page_url") or entry.fields.get("url") or "")


def _flush(
    raw: RawInput,
    entry: _Entry | None,
    problem: str,
    sidecar: dict[str, Any] | None,
    config: IngestConfig,
    result: ParseResult,
) -> None:
    """The article of an entry whose page is not in the archive (or was not usable)."""
    if entry is not None:
        found = apply_sidecar(entry_found(entry.fields, None, problem), sidecar, single=False)
        result.add(build_article(raw, "warc", entry.record_id, found, config, "feed entry: "))


def _entry_article(
    raw: RawInput, entry: _Entry, page: _Page, sidecar: dict[str, Any] | None, config: IngestConfig
) -> Article | Rejection:
    """A followed entry's article: its page's, or its own text when the page is not usable."""
    problem = page.problem
    if not problem:
        try:
            extracted = extract_html(page.payload, url=page.url)
        except InputError as exc:
            problem = exc.reason
        else:
            found = page_fields(extracted)
            if len(found.text.strip()) >= config.min_text_chars:
                found = _crawled(found, page)
                found = apply_sidecar(entry_found(entry.fields, found), sidecar, single=False)
                return build_article(raw, "warc", page.record_id, found, config)
            problem = "too little main text on the page"
    found = apply_sidecar(entry_found(entry.fields, None, problem), sidecar, single=False)
    return build_article(raw, "warc", entry.record_id, found, config, "feed entry: ")


def _crawled(found: Found, page: _Page) -> Found:
    if page.crawled:
        found.meta["crawled"] = page.crawled
    if page.url and page.url != found.url:
        found.meta["warc_target_uri"] = page.url
    return found


def _article(
    raw: RawInput, page: _Page, sidecar: dict[str, Any] | None, config: IngestConfig
) -> Article | Rejection:
    try:
        extracted = extract_html(page.payload, url=page.url)
    except InputError as exc:
        return Rejection(raw.path, exc.reason, page.record_id)
    found = apply_sidecar(_crawled(page_fields(extracted), page), sidecar, single=False)
    return build_article(raw, "warc", page.record_id, found, config, no_text=NO_MAIN_TEXT)


def _pages(raw: RawInput, content: bytes, max_bytes: int) -> Iterator[_Page | _Entry | Rejection]:
    """The HTML pages of the archive, then a rejection if it is damaged."""
    # WARC only: ARC is legacy, and warcio would read any five-word line as an ARC header.
    iterator = _QuietWARCIterator(io.BytesIO(content))
    records = iter(iterator)
    whole, start, end = 0, 0, 0
    while True:
        try:
            record = next(records, None)
            if record is None:
                break
            _check_headers(record, whole + 1)
            page = _read_page(record, whole + 1, max_bytes)
            iterator.read_to_end()
            _check_whole(record, whole + 1, iterator.err_count)
            start = iterator.get_record_offset()
            end = start + iterator.get_record_length()
        except Exception as exc:  # warcio raises assorted types on damaged input
            yield _damage(raw, whole, exc)
            return
        whole += 1
        if page is not None:
            yield page
    problem = _leftover(content, start, end)
    if problem:
        yield _damage(raw, whole, _Damage(problem))


def _leftover(content: bytes, start: int, end: int) -> str:
    """What is wrong after the last whole record (starting at ``start``, ending at ``end``).

    A record cut off right after a header line can look whole to warcio ("Content-Length:"
    with no value reads as 0), but then its end marker is missing: the blank lines after an
    uncompressed record, or the end of the gzip member.
    """
    tail = content[end:]
    if tail.strip():
        return f"{len(tail):,} bytes at offset {end:,} are not a whole record"
    if not end:
        return ""
    if is_gzip(content):
        if not _gzip_member_complete(content, start):
            return "the last gzip member is cut short (no end marker)"
    elif b"\n" not in tail:
        return "the last record is cut short (no blank line after it)"
    return ""


def _gzip_member_complete(content: bytes, start: int) -> bool:
    """Whether the gzip member at ``start`` has its end marker (warcio does not check)."""
    decompressor = zlib.decompressobj(wbits=31)
    data = content[start:]
    try:
        while data and not decompressor.eof:
            decompressor.decompress(data, 1 << 20)
            data = decompressor.unconsumed_tail
    except zlib.error:
        return False
    return decompressor.eof


def _damage(raw: RawInput, whole: int, exc: Exception) -> Rejection:
    if isinstance(exc, _Damage | ArchiveLoadFailed | StatusAndHeadersParserException):
        detail = str(exc)
    else:  # e.g. AttributeError from warcio on a record cut off inside its headers
        detail = f"cannot parse the next record ({type(exc).__name__}: {exc})"
    if not whole:
        return Rejection(raw.path, f"not a readable WARC file: {detail}")
    return Rejection(raw.path, f"truncated or corrupt WARC after record {whole}: {detail}")


def _check_headers(record: ArcWarcRecord, number: int) -> None:
    if record.length is None or not hasattr(record.raw_stream, "limit"):
        raise _Damage(f"record {number} has no Content-Length (cut off in its headers?)")


def _check_whole(record: ArcWarcRecord, number: int, misaligned: int) -> None:
    missing = record.raw_stream.limit
    if missing:
        declared = record.length
        raise _Damage(f"record {number} is cut short ({missing:,} of {declared:,} bytes missing)")
    if misaligned:
        raise _Damage(f"record {number} does not end where its Content-Length says")


def _read_page(record: ArcWarcRecord, number: int, max_bytes: int) -> _Page | _Entry | None:
    """The HTML page (or followed entry) of a record, or None for a record that is neither."""
    if record.rec_type == "metadata":
        return _read_entry(record, number, max_bytes)
    media_type = _html_media_type(record)
    if media_type is None:
        return None
    headers = record.rec_headers
    page = _Page(
        record_id=headers.get_header("WARC-Record-ID") or f"record {number}",
        url=headers.get_header("WARC-Target-URI"),
        crawled=headers.get_header("WARC-Date"),
    )
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if not status.startswith("2"):
            page.problem = f"HTTP {status} response"
            return page
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # a bad Content-Encoding or chunking in this record only
        page.problem = f"cannot decode the HTTP payload: {exc}"
        return page
    if len(payload) > max_bytes:
        page.problem = f"HTML page larger than {max_bytes:,} bytes (IngestConfig.max_file_bytes)"
        return page
    page.payload = _decode_payload(payload, media_type)
    return page


def _read_entry(record: ArcWarcRecord, number: int, max_bytes: int) -> _Entry | None:
    headers = record.rec_headers
    kind = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind != ENTRY_MEDIA_TYPE:
        return None
    fields = read_entry(record.content_stream().read(max_bytes + 1)[:max_bytes])
    if fields is None:
        return None
    return _Entry(headers.get_header("WARC-Record-ID") or f"record {number}", fields)


def _html_media_type(record: ArcWarcRecord) -> str | None:
    """The record's HTML Content-Type header value, or None when it is not an HTML page."""
    if record.rec_type == "response" and record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        value = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return value if value.split(";")[0].strip().lower() in _HTML_TYPES else None


def _decode_payload(payload: bytes, media_type: str) -> str | bytes:
    """Text decoded with the HTTP charset when that works; otherwise the bytes, for the HTML
    parser to decode from the page's own declaration."""
    for parameter in media_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            try:
                codecs.lookup(charset)
                return payload.decode(charset)
            except (LookupError, UnicodeDecodeError):
                return payload
    return payload
