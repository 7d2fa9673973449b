"""Following sources: polling feeds, sitemaps and pages, politely and safely, into the store.

:class:`Follower` runs rounds over the store's sources (:mod:`~storyline.follow.poller`);
:class:`Fetcher` is its HTTP (:mod:`~storyline.follow.http`): guarded addresses, per-host
politeness, robots.txt, conditional requests, caps, retries. :func:`read_document` tells a
source's kind and lists its entries; :mod:`~storyline.follow.opml` reads and writes OPML
subscription lists; :func:`export_warc` writes what was fetched as a WARC file.
"""

from __future__ import annotations

from storyline.follow.archive import export_warc
from storyline.follow.documents import KINDS, Document, FeedEntry, FeedError, read_document
from storyline.follow.http import USER_AGENT, Fetcher, FetchError, TransportFor
from storyline.follow.opml import OpmlOutline, read_opml, write_opml
from storyline.follow.poller import Follower, RoundReport, SourceReport
from storyline.follow.sources import add_source, parse_every
from storyline.follow.urls import canonical_url

__all__ = [
    "KINDS",
    "USER_AGENT",
    "Document",
    "FeedEntry",
    "FeedError",
    "FetchError",
    "Fetcher",
    "Follower",
    "OpmlOutline",
    "RoundReport",
    "SourceReport",
    "TransportFor",
    "add_source",
    "canonical_url",
    "export_warc",
    "parse_every",
    "read_document",
    "read_opml",
    "write_opml",
]
