"""What a source's answer lists: its kind, detected from the content, and its entries.

Kinds: ``rss`` (RSS 0.9x, 1.0 and 2.0), ``atom``, ``jsonfeed`` (JSON Feed 1.0 and 1.1),
``sitemap`` (a ``urlset``, with or without ``news:`` entries, or a ``sitemapindex`` whose
child sitemaps are read next) and ``html`` (a plain page: its links to articles on the same
site, one level). Pure: bytes in, entries out; a document that is none of these raises
:class:`FeedError` with what it looks like instead.
"""

from __future__ import annotations

import io
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html

from storyline.follow.urls import canonical_url, is_http_url, same_site
from storyline.ingest.dates import parse_date
from storyline.ingest.feeds import html_to_text

__all__ = ["KINDS", "Document", "FeedEntry", "FeedError", "read_document"]

KINDS = ("rss", "atom", "jsonfeed", "sitemap", "html")

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# Links of a plain page that are navigation, not articles.
_NOT_ARTICLE = re.compile(
    r"/(tag|tags|category|categories|author|authors|topic|topics|section|search|login|"
    r"signin|register|subscribe|account|about|contact|privacy|terms|help|feed|rss)(/|$)|"
    r"\.(jpe?g|png|gif|svg|webp|pdf|zip|mp3|mp4|css|js|xml)$",
    re.IGNORECASE,
)


class FeedError(ValueError):
    """The answer is not a feed, a sitemap or an HTML page (the reason says what it is)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item a source lists: a link to an article, and what the source says of it."""

    url: str  # canonical
    guid: str | None = None
    title: str | None = None
    published: datetime | None = None  # aware, UTC
    text: str = ""  # the entry's own text, plain (a summary, or the whole article)


@dataclass(slots=True)
class Document:
    """A source's answer read: its kind, title, entries (in the source's order) and, for a
    sitemap index, the child sitemaps to read."""

    kind: str
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def read_document(body: bytes, url: str, content_type: str = "") -> Document:
    """The kind and entries of a source's answer ``body``, fetched from ``url``."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        raise FeedError("empty answer")
    if b"\x00" in body[:1024]:
        raise FeedError("binary content, not a feed or a page")
    if head.startswith((b"{", b"[")) or "json" in content_type.lower():
        return _json_feed(body, url)
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(body, url)
    if re.search(rb"<(rss|rdf:rdf|feed)[\s>]", head):
        return _feed(body, url)
    if b"<html" in head or b"<!doctype html" in head or "html" in content_type.lower():
        return _html_page(body, url)
    raise FeedError(f"not a feed, sitemap or HTML page (it starts {body[:40]!r})")


# -- RSS and Atom ------------------------------------------------------------------------------


def _feed(body: bytes, url: str) -> Document:
    parsed = feedparser.parse(io.BytesIO(body))
    version = str(parsed.get("version") or "")
    if not version:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"malformed feed: {problem or 'no RSS or Atom root element'}")
    feed = parsed.get("feed", {})
    doc = Document("atom" if version.startswith("atom") else "rss", _text(feed.get("title")))
    for item in parsed.get("entries", []):
        link = (item.get("link") or "").strip()
        if not link or not is_http_url(canonical_url(link, url)):
            continue
        doc.entries.append(
            FeedEntry(
                url=canonical_url(link, url),
                guid=_text(item.get("id")),
                title=_text(html_to_text(item.get("title", "") or "")),
                published=_struct_date(item),
                text=_feed_text(item),
            )
        )
    if parsed.get("bozo") and not doc.entries:
        raise FeedError(f"malformed feed: {parsed.get('bozo_exception')}")
    return doc


def _feed_text(item: Any) -> str:
    parts = [c.get("value", "") for c in item.get("content", []) or [] if c.get("value")]
    value = max(parts, key=len) if parts else item.get("summary", "") or ""
    return html_to_text(value)


def _struct_date(item: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = item.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except ValueError:
                continue
    return None


# -- JSON Feed ---------------------------------------------------------------------------------


def _json_feed(body: bytes, url: str) -> Document:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"malformed JSON: {exc}") from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError("JSON, but not a JSON Feed (no jsonfeed.org version)")
    doc = Document("jsonfeed", _text(data.get("title")))
    items = data.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = canonical_url(str(item.get("url") or item.get("external_url") or ""), url)
        if not is_http_url(link):
            continue
        html = item.get("content_html")
        text = html_to_text(html) if isinstance(html, str) and html else ""
        text = text or _text(item.get("content_text")) or _text(item.get("summary")) or ""
        doc.entries.append(
            FeedEntry(
                url=link,
                guid=_text(item.get("id")),
                title=_text(item.get("title")),
                published=_iso_date(item.get("date_published") or item.get("date_modified")),
                text=text,
            )
        )
    return doc


# -- sitemaps ----------------------------------------------------------------------------------


def _xml(body: bytes) -> Any:
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        return lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap XML: {exc}") from None


def _sitemap(body: bytes, url: str) -> Document:
    root = _xml(body)
    doc = Document("sitemap")
    if root.tag == f"{_SITEMAP_NS}sitemapindex":
        children = [
            (_child(node, "lastmod") or "", _child(node, "loc") or "")
            for node in root.iter(f"{_SITEMAP_NS}sitemap")
        ]
        locs = [canonical_url(loc, url) for _, loc in sorted(children, reverse=True) if loc]
        doc.sitemaps = [loc for loc in locs if is_http_url(loc)]
        return doc
    for node in root.iter(f"{_SITEMAP_NS}url"):
        loc = canonical_url(_child(node, "loc") or "", url)
        if not is_http_url(loc):
            continue
        news = node.find(f"{_NEWS_NS}news")
        when = _child(news, "publication_date", _NEWS_NS) if news is not None else None
        title = _child(news, "title", _NEWS_NS) if news is not None else None
        doc.entries.append(
            FeedEntry(url=loc, title=title, published=_iso_date(when or _child(node, "lastmod")))
        )
    # Newest first: a news sitemap lists the last two days, a plain one everything.
    doc.entries.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC), reverse=True)
    return doc


def _child(node: Any, name: str, ns: str = _SITEMAP_NS) -> str | None:
    found = node.find(f"{ns}{name}")
    return _text(found.text) if found is not None else None


# -- plain HTML pages --------------------------------------------------------------------------


def _html_page(body: bytes, url: str) -> Document:
    try:
        tree = lxml.html.fromstring(body, base_url=url)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FeedError(f"malformed HTML page: {exc}") from None
    doc = Document("html", _text(tree.findtext(".//title")))
    seen = {canonical_url(url)}
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        link = canonical_url(href, url) if href else ""
        if link in seen or not _looks_like_article(link, url):
            continue
        seen.add(link)
        title = " ".join(anchor.text_content().split())
        doc.entries.append(FeedEntry(url=link, title=title or None))
    return doc


def _looks_like_article(link: str, page: str) -> bool:
    """A same-site link whose path looks like an article's (not the home page, a section
    index or a file)."""
    if not is_http_url(link) or not same_site(link, page):
        return False
    path = urlsplit(link).path
    segments = [s for s in path.split("/") if s]
    if not segments or _NOT_ARTICLE.search(path):
        return False
    last = segments[-1]
    return len(segments) >= 2 or last.count("-") >= 2 or any(c.isdigit() for c in last)


# -- values ------------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
