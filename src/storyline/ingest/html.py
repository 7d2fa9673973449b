"""HTML pages: the main text (trafilatura), title, site name, canonical URL and date (htmldate).

:func:`extract_html` is the one main-text extractor of Storyline: HTML files, WARC responses and
the extraction benchmark all use it.

Tuning, measured on the 181 pages of ``shared/data/article_extraction_benchmark`` (token-level
F1 per page, averaged; ``tests/ingest/bench_extraction.py`` reproduces it). Speeds are for
``trafilatura.extract`` alone on an idle 2-core machine:

=====================================================  =======  ===========
trafilatura settings                                   F1       pages/s
=====================================================  =======  ===========
``extract(html)`` defaults                             0.944    ~80
``include_comments=False``                             0.955    ~85
``favor_precision`` (with the readability fallback)    0.961    ~85
``favor_recall, fast`` (no fallback)                   0.960    ~145
``favor_precision, fast``                              0.942    ~140
**precision+fast, then recall+fast when < 100 words**  0.965    ~130
=====================================================  =======  ===========

With the metadata (title, site name, URL, date: ~2 ms a page) :func:`extract_html` runs about
1.4 times as fast as ``extract(html)`` with its defaults. On the benchmark's own scoring (word
4-gram shingles, ``storyline.evaluation.extraction``) the F1 is 0.968 against 0.953.

The precise pass is right on most pages but now and then keeps only a fragment; a second,
recall-oriented pass on those pages recovers them (the word threshold is flat between 50 and
200). The recall text is taken only when it has clearly more prose (lines of 8+ words): on a
genuinely short article the recall pass adds menus and headings, not text. Tables stay in
(``include_tables=False`` loses 0.01 F1), comments out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.common import Found, ParseResult, apply_sidecar, build_article
from storyline.ingest.dates import parse_date
from storyline.ingest.decode import normalize_newlines
from storyline.records import RawInput, Rejection

__all__ = ["ExtractedPage", "extract_html", "parse_html"]

LOG = logging.getLogger(__name__)

NO_MAIN_TEXT = "no main text found in HTML"
# Below this many words the precise pass may have missed the article: try the recall pass,
# and keep its text when it has RECALL_GAIN times as many words in prose lines (lines of at
# least PROSE_LINE_WORDS words), so menus and link lists it picks up do not count.
MIN_PRECISE_WORDS = 100
RECALL_GAIN = 1.5
PROSE_LINE_WORDS = 8
# htmldate: the original publication date from markup and JSON-LD, else from the URL, else a
# full timestamp in the text; no extensive search of free text (it picks up copyright years
# and "last updated" lines). The URL comes after markup because it has no time of day.
_DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "deferred_url_extractor": True,
}


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What :func:`extract_html` found in a page; unknown values are None."""

    title: str | None
    text: str
    published: datetime | None
    url: str | None
    source: str | None = None


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the main text and metadata of an HTML page.

    ``url`` is where the page came from, if known (the page's canonical URL wins).
    Raises ``InputError("no main text found in HTML")`` when there is no main text.
    """
    tree = _load(html)
    text = main_text(tree, url)
    if not text.strip():
        raise InputError(NO_MAIN_TEXT)
    meta = _metadata(tree, url)
    return ExtractedPage(
        title=meta.title or None,
        text=normalize_newlines(text),
        published=_published(meta.date),
        url=meta.url or url,
        source=meta.sitename or None,
    )


def main_text(tree: HtmlElement, url: str | None = None) -> str:
    """The main text of a parsed page ("" when there is none): the cascade described above."""
    text = _trafilatura(tree, url, precise=True)
    if len(text.split()) < MIN_PRECISE_WORDS:
        recall = _trafilatura(tree, url, precise=False)
        if _prose_words(recall) > RECALL_GAIN * _prose_words(text):
            text = recall
    return text


def _prose_words(text: str) -> int:
    counts = (len(line.split()) for line in text.split("\n"))
    return sum(n for n in counts if n >= PROSE_LINE_WORDS)


def parse_html(
    raw: RawInput, content: bytes, sidecar: dict[str, Any] | None, config: IngestConfig
) -> ParseResult:
    """The article of one HTML page, or the rejection of the file."""
    try:
        page = extract_html(content)
    except InputError as exc:
        return ParseResult(rejections=[Rejection(raw.path, exc.reason)])
    found = apply_sidecar(page_fields(page), sidecar, single=True)
    result = ParseResult()
    result.add(build_article(raw, "html", "", found, config, no_text=NO_MAIN_TEXT))
    return result


def page_fields(page: ExtractedPage) -> Found:
    """The article fields of an extracted page (for the HTML and WARC parsers)."""
    return Found(
        text=page.text,
        title=page.title,
        url=page.url,
        source=page.source,
        published=page.published,
    )


def _load(html: str | bytes) -> HtmlElement:
    if not html.strip():
        raise InputError(NO_MAIN_TEXT)
    try:
        tree = load_html(html)
    except (ValueError, TypeError) as exc:  # lxml refuses some inputs outright
        LOG.debug("lxml could not parse the page: %s", exc)
        tree = None
    if tree is None:
        raise InputError(NO_MAIN_TEXT)
    return tree


def _trafilatura(tree: HtmlElement, url: str | None, *, precise: bool) -> str:
    # extract() copies a tree it is given, so one parse serves both passes.
    text = trafilatura.extract(
        tree,
        url=url,
        fast=True,  # no readability/jusText fallback: the second pass plays that part
        favor_precision=precise,
        favor_recall=not precise,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    return text or ""


def _metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, site name, canonical URL and date; what is not found stays None.

    trafilatura's own ``extract_metadata`` also looks for authors, categories, tags and the
    licence, which doubles the time per page; these are its parts that Storyline uses.
    """
    try:
        meta = examine_meta(tree)
        try:
            meta = extract_meta_json(tree, meta)
        except Exception as exc:  # trafilatura guards this call the same way (JSON-LD bugs)
            LOG.debug("JSON-LD metadata skipped: %s", exc)
        meta.title = meta.title or extract_title(tree)
        meta.url = meta.url or extract_url(tree, url)
        meta.sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@") or None
        if not meta.sitename and meta.url and (match := META_URL.match(meta.url)):
            meta.sitename = match[1]
        meta.date = find_date(tree, url=meta.url, **_DATE_PARAMS)
        meta.clean_and_trim()
    except Exception as exc:  # heuristics on arbitrary markup: the text matters more
        LOG.warning("metadata extraction failed (%s); keeping the text", exc)
        return Document()
    return meta


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None
