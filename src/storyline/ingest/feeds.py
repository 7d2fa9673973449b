"""RSS and Atom feeds (feedparser): one article per entry, nothing fetched.

An entry's text is its longest ``content`` (else its ``summary``) with the HTML stripped by a
light lxml pass; entry links are never followed. ``published`` is the entry's publication date,
else its ``updated`` date (Atom's one mandatory date), both as the feed states them, in UTC.
``source`` is the feed's title. The entry key is the entry's id, else its link, else
``entry N`` (1-based). Entries are rejected one by one; a feed with nothing usable gets one
rejection for the file.
"""

from __future__ import annotations

import html
import io
import re
import time
from datetime import datetime
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from storyline.config import IngestConfig
from storyline.ingest.common import (
    Found,
    ParseResult,
    apply_sidecar,
    build_article,
    nothing_usable,
    optional_str,
)
from storyline.records import RawInput, Rejection

__all__ = ["html_to_text", "parse_feed"]

# Elements that start a new line of text.
# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
# fmt: on
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template")


def parse_feed(
    raw: RawInput, content: bytes, sidecar: dict[str, Any] | None, config: IngestConfig
) -> ParseResult:
    """The articles of an RSS/Atom feed, each bad entry rejected on its own."""
    # A file object, never bytes or str: feedparser opens a string that names a file or URL.
    try:
        parsed = feedparser.parse(io.BytesIO(_CHAR_REF.sub(_valid_char_ref, content)))
    except UnicodeDecodeError as exc:  # feedparser 6.0 on undecodable bytes in the XML prolog
        reason = f"not a valid RSS/Atom feed: bad encoding declaration ({exc.reason})"
        return ParseResult(rejections=[Rejection(raw.path, reason)])
    entries = list(parsed.get("entries", []))
    if not entries:
        if parsed.get("bozo"):
            reason = f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}"
        else:
            reason = "feed has no entries"
        return ParseResult(rejections=[Rejection(raw.path, reason)])
    source = optional_str(parsed.get("feed", {}).get("title"))
    result = ParseResult()
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        key = _entry_key(entry, number)
        if key in seen:
            result.add(Rejection(raw.path, f"entry {number}: duplicate entry id {key!r}", key))
            continue
        seen.add(key)
        found = apply_sidecar(_entry_fields(entry, source), sidecar, single=False)
        result.add(build_article(raw, "feed", key, found, config))
    return result if result.articles else nothing_usable(raw, result.rejections, "entries")


# feedparser turns a numeric character reference into chr(n) and encodes it: a surrogate
# (&#xD800;) or a number past U+10FFFF raised out of it and lost the whole feed. Such a
# reference, and &#0;, becomes U+FFFD first.
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,20});")


def _valid_char_ref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return b"&#xFFFD;"
    return match.group(0)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: one line per block element, whitespace squashed."""
    if "<" not in fragment:
        return _squash_lines(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _squash_lines(fragment)
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return _squash_lines(root.text_content())


def _squash_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _entry_key(entry: Any, number: int) -> str:
    return optional_str(entry.get("id")) or optional_str(entry.get("link")) or f"entry {number}"


def _entry_fields(entry: Any, source: str | None) -> Found:
    found = Found(
        text=_entry_text(entry),
        title=optional_str(html_to_text(entry.get("title", "") or "")),
        url=optional_str(entry.get("link")),
        source=source,
        published=_entry_date(entry),
    )
    if entry.get("published_parsed") is None and found.published is not None:
        found.meta["published_from"] = "updated"
    return found


def _entry_text(entry: Any) -> str:
    candidates = [c for c in entry.get("content", []) or [] if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c.get("value", "")))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary", "") or "", detail.get("type", "text/html")
    return _squash_lines(value) if kind == "text/plain" else html_to_text(value)


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6])
            except ValueError:
                continue
    return None
